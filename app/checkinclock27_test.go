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
// ("Saved at 17:00", "on 5 Dec 2026").
func TestCheckIn_SavedOnThePersonsClock(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 11, 30, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Ana", "m1", "Metformin 500 mg", twiceDaily})
	rig.clock.mu.Lock()
	rig.clock.loc = kolkata
	rig.clock.mu.Unlock()
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
	all, err := guides.All()
	if err != nil || len(all) == 0 || len(all[0].SNOMED) == 0 {
		t.Fatalf("guides: %v", err)
	}
	g := all[0]
	cond := `{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},` +
		`"code":{"coding":[{"system":"http://snomed.info/sct","code":"` + g.SNOMED[0] + `","display":"` + g.Title + `"}]},"onsetDateTime":"2020-01-01"}`
	r, err := storage.NewRecord(ana, storage.ID{Source: "clinic", Type: "Condition", ID: "c1"}, []byte(cond))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{r}}); err != nil {
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
}
