package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/journey"
	"carekeeper/storage"
)

// F423 (the rest): June's GP summary repeats her order of 1 tablet twice a day without its
// times. The order (08:00 and 20:00) keeps the reminders; the Medicines row said "Sources give
// different doses" for two sources that agree and, when the summary's record was the newer,
// gave its plan — "07:30 and 18:30 are CareKeeper's times" — while `medicines` and the
// reminders said 08:00 and 20:00. The row now says what `medicines` says.
func TestMedicines_OrderAndSummaryOfOneDoseAgree(t *testing.T) {
	const order = `[{"text":"1 tablet twice a day","timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},` +
		`"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}]`
	rig := newRemindRig(t, at(9, 0), medFixture{"June", "clari", "Clarithromycin 500 mg tablet", order})
	u, s, june := rig.u, rig.u.shell, rig.people["June"]
	summary := `{"resourceType":"MedicationRequest","id":"ccda-1","status":"active","intent":"plan",` +
		`"medicationCodeableConcept":{"text":"Clarithromycin 500 mg tablet"},"subject":{"reference":"Patient/p1"},"authoredOn":"2026-01-05",` +
		`"dosageInstruction":[{"text":"Clarithromycin 500 mg tablets, 1 twice daily","route":{"coding":[{"code":"C38288","display":"Oral"}]},` +
		`"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet","code":"{tbl}"}}]}]}`
	rec, err := storage.NewRecord(june, storage.ID{Source: "file:june-gp.xml", Type: "MedicationRequest", ID: "ccda-1"}, []byte(summary))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.rem.step()
	u.idle()
	s.load()
	u.idle()
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	var subs []string
	for _, r := range p.list.rows {
		if strings.Contains(r.Title, "Clarithromycin") {
			subs = append(subs, r.Sub)
		}
	}
	cli, err := journey.Medicines(context.Background(), u.vault, june, rig.clock.Now(), journey.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cli) != 1 || len(subs) != 1 {
		t.Fatalf("medicines rows %d, Medicines rows %q: want one each", len(cli), subs)
	}
	if cli[0].Differs || !strings.Contains(cli[0].Schedule, "08:00 and 20:00") {
		t.Errorf("medicines: schedule %q, difference %q; want 08:00 and 20:00, none", cli[0].Schedule, cli[0].Difference)
	}
	if sub := subs[0]; strings.Contains(sub, "Sources give") || strings.Contains(sub, "CareKeeper's times") || !strings.Contains(sub, cli[0].Schedule) {
		t.Errorf("Medicines row %q; want medicines' plan %q and no difference", sub, cli[0].Schedule)
	}
}
