package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F427 (1): a course whose record dates it by its own start (a C-CDA's MedicationStatement
// from 10 Mar) read "Medicine started: Clarithromycin 500 mg tablet · planned" under Upcoming:
// past tense for a course that starts in days. It reads "Medicine starts: …", as `timeline`.
func TestTimeline_CourseStillToComeSaysStarts(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	r, err := storage.NewRecord(mum, storage.ID{Source: "local", Type: "MedicationStatement", ID: "clari"},
		[]byte(`{"resourceType":"MedicationStatement","id":"clari","status":"active","subject":{"reference":"Patient/mum"},`+
			`"medicationCodeableConcept":{"text":"Clarithromycin 500 mg tablet"},"effectivePeriod":{"start":"2026-03-10","end":"2026-03-16"}}`))
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
	all := strings.Join(timelineRows(s.pages[scTimeline].(*timelinePage)), "\n")
	if !strings.Contains(all, "Medicine starts: Clarithromycin 500 mg tablet") || strings.Contains(all, "Medicine started: Clarithromycin") {
		t.Errorf("the course to come:\n%s", all)
	}
}
