package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
)

// F153 (rest): HL7's red blood cells of Pieter van de Heuvel (Observation-f004; male, born 17
// Nov 1944, 68 on 2 Apr 2013) give the range in words, a line per age and sex. Results says
// the line for him, not all eight lines.
func TestResults_RangeLineForThePerson(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	pieter := rig.people["Mum"]
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	var recs []storage.Record
	for _, f := range []struct{ typ, id, file string }{{"Patient", "f001", "Patient-f001.json"}, {"Observation", "f004", "Observation-f004.json"}} {
		r, err := storage.NewRecord(pieter, storage.ID{Source: "clinic", Type: f.typ, ID: f.id}, testutil.ReadFile(t, filepath.Join(dir, f.file)))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, pieter)
	for i, se := range res.series {
		if strings.Contains(se.ShortName(), "Red blood cells") {
			res.choose(i)
			want := "The lab's reference range for males aged 65–74, as it wrote it: 4.3 - 5.3 x 10^12/L"
			if got := res.rangeL.Text; got != want {
				t.Errorf("caption %q, want %q", got, want)
			}
			return
		}
	}
	t.Fatal("no red blood cells series")
}
