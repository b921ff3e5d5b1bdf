package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F153: a lab range given only in words (HL7's red blood cells, by age and sex) is said as the
// lab wrote it under the result, not 'No reference range in the records.'
func TestResults_RangeGivenAsText(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	js := `{"resourceType":"Observation","id":"rbc","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"789-8","display":"Erythrocytes [#/volume] in Blood by Automated count"}]},` +
		`"effectiveDateTime":"` + day0.AddDate(0, 0, -3).Format(time.RFC3339) + `","valueQuantity":{"value":4.12,"unit":"10*12/L","system":"http://unitsofmeasure.org","code":"10*12/L"},` +
		`"referenceRange":[{"text":" 65-74 y Male: 4.3 - 5.3  x  10^12/L ; 65-74 y Female: 4.1 - 4.9  x  10^12/L  "}]}`
	r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: "rbc"}, []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{r}}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	for i, se := range res.series {
		if strings.Contains(se.ShortName(), "Red blood cells") {
			res.choose(i)
			want := "The lab's reference range, as it wrote it: 65-74 y Male: 4.3 - 5.3 x 10^12/L ; 65-74 y Female: 4.1 - 4.9 x 10^12/L"
			if got := res.rangeL.Text; got != want {
				t.Errorf("caption %q, want %q", got, want)
			}
			return
		}
	}
	t.Fatal("no red blood cells series")
}
