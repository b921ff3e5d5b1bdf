package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
)

// F214: HL7's cancelled glucose (Observation-unsat) beside Pieter's results (Observation-f001,
// a glucose of 6.3 mmol/L) was listed as 'Glucose [Moles/volume] in Blood · No result:
// Specimen unsatisfactory for evaluati…' under '1 kind of measurement', the word 'cancelled' cut
// off. The row says the test by its plain name and that it was cancelled first, and the count
// says it is there.
func TestResults_CancelledTestInPlainWords(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	var recs []storage.Record
	for _, id := range []string{"f001", "unsat"} {
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: id}, testutil.ReadFile(t, filepath.Join(dir, "Observation-"+id+".json")))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	var cancelled *row
	for i, r := range res.list.rows {
		if strings.Contains(r.Sub, "No result") {
			cancelled = &res.list.rows[i]
		}
	}
	if cancelled == nil {
		t.Fatalf("no row for the cancelled test: %+v", res.list.rows)
	}
	if cancelled.Title != "Glucose" || !strings.HasPrefix(cancelled.Sub, "Test cancelled · No result: Specimen unsatisfactory for evaluation · ") {
		t.Errorf("row %q / %q", cancelled.Title, cancelled.Sub)
	}
	if want := "1 kind of measurement and 1 test cancelled, with no result. Choose a measurement to see it over time."; res.frame.sub.Text != want {
		t.Errorf("count %q, want %q", res.frame.sub.Text, want)
	}
}
