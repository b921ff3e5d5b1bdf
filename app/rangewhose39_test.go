package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F510 (words): Rafael's home oximeter readings, the first with his GP's target "92 % or more":
// Results said "Shaded band: the lab's reference range, 92% or more (given with the reading of
// 29 Nov 2026)". No lab gave it: the caption says whose it is, "the range given with the
// reading of …", and never "the lab's".
func TestResults_RangeOfAnEarlierReadingIsNotTheLabs(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Rafael", "m1", "Amlodipine 5 mg", twiceDaily})
	u, rafael := rig.u, rig.people["Rafael"]
	var recs []storage.Record
	for i, v := range []float64{93, 94, 91, 88, 93} {
		when := day0.AddDate(0, 0, i-5).Format(time.RFC3339)
		rng := ""
		if i == 0 {
			rng = `,"referenceRange":[{"low":{"value":92,"unit":"%"},"text":"objetivo 92% o más"}]`
		}
		js := fmt.Sprintf(`{"resourceType":"Observation","id":"s%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"59408-5","display":"Oxygen saturation in Arterial blood by Pulse oximetry"}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":%q,"valueQuantity":{"value":%g,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"}%s}`, i, when, v, rng)
		r, err := storage.NewRecord(rafael, storage.ID{Source: "clinic", Type: "Observation", ID: fmt.Sprintf("s%d", i)}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	p := resultsOf(t, rig, rafael)
	found := false
	for i, se := range p.series {
		if strings.Contains(strings.ToLower(se.ShortName()), "oxygen") {
			p.choose(i)
			found = true
		}
	}
	if !found {
		t.Fatal("no oxygen saturation series")
	}
	got := p.rangeL.Text
	if strings.Contains(got, "lab's") || !strings.Contains(got, "the range given with the reading of ") || !strings.Contains(got, "92% or more") {
		t.Errorf("the caption says %q", got)
	}
}
