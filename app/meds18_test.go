package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
)

// An order still "active" whose own dates have ended (boundsPeriod.end passed) is one row,
// in the past: it was also listed a second time as "Taking" with no source, and counted as
// being taken (found with the binary, verify18).
func TestMeds_EndedOrderIsOneRow(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	start, end := at(9, 0).AddDate(0, -2, 0).Format("2006-01-02"), at(9, 0).AddDate(0, 0, -10).Format("2006-01-02")
	ended := `{"resourceType":"MedicationRequest","id":"vd","status":"active","intent":"order","medicationCodeableConcept":{"text":"Vitamin D 1000 IU"},"subject":{"reference":"Patient/p1"},"authoredOn":"` + start +
		`","dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"` + start + `","end":"` + end + `"},"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}}}]}`
	rec, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: "vd"}, []byte(ended))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.load()
	u.idle()
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	var vd []row
	for _, r := range meds.rows {
		if strings.Contains(r.Title, "Vitamin D") {
			vd = append(vd, r)
		}
	}
	if len(vd) != 1 || strings.HasPrefix(vd[0].Sub, "Taking") {
		t.Errorf("Vitamin D rows %+v, want one, not being taken", vd)
	}
	if got := meds.frame.sub.Text; !strings.HasPrefix(got, "1 being taken, 1 stopped or in the past") {
		t.Errorf("summary %q", got)
	}
}
