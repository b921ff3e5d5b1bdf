package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2/test"
)

// F78 for check-ins: this computer is in Kolkata, Ana lives in Auckland. A check-in she saves
// at 11:30 UTC (00:30 on 6 Dec for her, 17:00 on 5 Dec here) says "Saved at 00:30 Auckland
// time", and her guide says the check-in was on 6 Dec — both said this computer's clock
// ("Saved at 17:00", "on 5 Dec 2026"). Her weight the guide tracks, taken then, is "Body weight ·
// 185 lb · 6 Dec 2026" (it was "185 [lb_av]" on 5 Dec).
func TestCheckIn_SavedOnThePersonsClock(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 11, 30, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Ana", "m1", "Metformin 500 mg", twiceDaily})
	rig.clock.setZone(kolkata)
	u, v, ana := rig.u, rig.u.vault, rig.people["Ana"]
	ctx := context.Background()
	st, err := remind.LoadSettings(v, ana)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Pacific/Auckland"
	if err := remind.SaveSettings(ctx, v, ana, st); err != nil {
		t.Fatal(err)
	}
	g := guides.BySlug("heart-failure") // it tracks body weight
	if g == nil || len(g.SNOMED) == 0 {
		t.Fatal("no heart failure guide")
	}
	cond := `{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},` +
		`"code":{"coding":[{"system":"http://snomed.info/sct","code":"` + g.SNOMED[0] + `","display":"` + g.Title + `"}]},"onsetDateTime":"2020-01-01"}`
	// her weight, taken at 00:30 on 6 Dec on her clock, in pounds as UCUM writes them
	weight := `{"resourceType":"Observation","id":"w1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},` +
		`"effectiveDateTime":"2026-12-05T11:30:00Z","valueQuantity":{"value":185,"unit":"[lb_av]","system":"http://unitsofmeasure.org","code":"[lb_av]"}}`
	var recs []storage.Record
	for _, rec := range []struct{ typ, id, json string }{{"Condition", "c1", cond}, {"Observation", "w1", weight}} {
		r, err := storage.NewRecord(ana, storage.ID{Source: "clinic", Type: rec.typ, ID: rec.id}, []byte(rec.json))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.openCheckIn(ana, g.Slug)
	f := s.checkIn
	f.severity.SetValue(4)
	test.Tap(f.saveBt)
	u.idle()
	if want := "Saved at 00:30 Auckland time."; !strings.HasPrefix(f.message.Text, want) {
		t.Errorf("after saving: %q, want %q", f.message.Text, want)
	}

	s.choose(ana)
	s.load() // the records changed since the person was chosen
	u.idle()
	s.restale()
	s.show(scConditions)
	u.idle()
	p := s.pages[scConditions].(*conditionsPage)
	opened := false
	for _, row := range p.rows {
		if row.Right != "" && row.OnTap != nil {
			row.OnTap()
			opened = true
			break
		}
	}
	u.idle()
	if !opened || p.guide == nil {
		t.Fatalf("the guide did not open (%d rows)", len(p.rows))
	}
	said := strings.Join(labelsIn(p.guide.charts), "\n")
	if !strings.Contains(said, "6 Dec 2026") || strings.Contains(said, "5 Dec 2026") {
		t.Errorf("the guide's check-ins say %q, want it on 6 Dec 2026", said)
	}
	// the result the guide tracks, as Results says it: not "185 [lb_av]", not on 5 Dec
	if !strings.Contains(said, "Body weight · 185 lb · 6 Dec 2026") {
		t.Errorf("the guide's results say %q, want Body weight · 185 lb · 6 Dec 2026", said)
	}
}
