package app

import (
	"context"
	"testing"

	"carekeeper/storage"
)

// A result dated by its month after one dated by its year reads "Latest, in October 2023 ·
// +1.4°F since 2023": it said "on October 2023" and "since 1 Jan 2023" (verify18).
func TestResults_PartlyDatedLatestWords(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	var recs []storage.Record
	for id, obs := range map[string]string{
		"t1": `"effectiveDateTime":"2023","valueQuantity":{"value":99,"unit":"degF","system":"http://unitsofmeasure.org","code":"[degF]"}`,
		"t2": `"effectiveDateTime":"2023-10","valueQuantity":{"value":100.4,"unit":"degF","system":"http://unitsofmeasure.org","code":"[degF]"}`,
	} {
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(`{"resourceType":"Observation","id":"`+id+
			`","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8310-5","display":"Body temperature"}]},`+obs+`}`))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	if len(res.series) != 1 {
		t.Fatalf("%d series", len(res.series))
	}
	res.choose(0)
	if got, want := res.latest.Text, "Latest, in October 2023 · +1.4°F since 2023"; got != want {
		t.Errorf("latest %q, want %q", got, want)
	}
}
