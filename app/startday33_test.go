package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F371 (dom33): the start-day line was made only for medicine records of the last year: a
// course prescribed more than a year before its start (ordered 20 Feb 2025 to start 10 Mar
// 2026) had no "Medicine starts" line under Upcoming. Every medicine record's start is read
// (journey.StartDays).
func TestTimeline_StartDayOfACoursePrescribedOverAYearBefore(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: "zol"},
		[]byte(`{"resourceType":"MedicationRequest","id":"zol","status":"active","intent":"order","authoredOn":"2025-02-20",`+
			`"medicationCodeableConcept":{"text":"Alendronic acid 70 mg tablet"},"subject":{"reference":"Patient/mum"},`+
			`"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-03-10"},"frequency":1,"period":1,"periodUnit":"wk"}},`+
			`"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{r}}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.choose(mum)
	u.idle()
	s.stale[scTimeline] = true
	s.show(scTimeline)
	u.idle()
	rows := timelineRows(s.pages[scTimeline].(*timelinePage))
	all := strings.Join(rows, "\n")
	up, past, starts := -1, -1, -1
	for i, row := range rows {
		switch {
		case strings.HasPrefix(row, "Upcoming"):
			up = i
		case strings.HasPrefix(row, "Past"):
			past = i
		case strings.HasPrefix(row, "Medicine starts: Alendronic acid 70 mg tablet"):
			starts = i
		}
	}
	if !(up >= 0 && up < starts && starts < past) {
		t.Errorf("Upcoming %d, the start %d, Past %d:\n%s", up, starts, past, all)
	}
}
