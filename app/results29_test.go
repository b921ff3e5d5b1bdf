package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F175: a glucose a file dated 2 Sep 2062 was Results' latest ('Glucose 64 mg/dL Low 2 Sep
// 2062'): the latest is the newest reading of today or before, and the one ahead is said with
// its date, in the list and above the chart.
func TestResults_ReadingAfterTodayIsNotTheLatest(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	var recs []storage.Record
	for id, obs := range map[string]string{
		"g1": `"effectiveDateTime":"2025-06-01","valueQuantity":{"value":100,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}`,
		"g2": `"effectiveDateTime":"2025-09-02","valueQuantity":{"value":131,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}`,
		"g3": `"effectiveDateTime":"2062-09-02","valueQuantity":{"value":64,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}`,
	} {
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(`{"resourceType":"Observation","id":"`+id+
			`","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":"Glucose [Mass/volume] in Serum or Plasma"}]},`+obs+
			`,"referenceRange":[{"low":{"value":70,"unit":"mg/dL"},"high":{"value":99,"unit":"mg/dL"}}]}`))
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
	var sub string
	for _, r := range res.list.rows {
		if strings.Contains(r.Title, "Glucose") {
			sub = r.Sub
		}
	}
	if want := "131 mg/dL · High · 2 Sep 2025 · 3 readings · 1 reading dated after today, 2 Sep 2062"; sub != want {
		t.Errorf("row %q, want %q", sub, want)
	}
	res.choose(0)
	if got := res.value.Text; !strings.HasPrefix(got, "131 mg/dL") {
		t.Errorf("value %q, want 131 mg/dL", got)
	}
	if got, want := res.latest.Text, "Latest, on 2 Sep 2025 · +31 mg/dL since 1 Jun 2025 · 1 reading dated after today, 2 Sep 2062"; got != want {
		t.Errorf("latest %q, want %q", got, want)
	}
}
