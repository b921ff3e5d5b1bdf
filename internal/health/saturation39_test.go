package health

import (
	"fmt"
	"testing"
	"time"
)

// One list of oxygen saturation codes (chart.go's and series.go's differed): every one is read
// in percent when a record writes it as a fraction of 1, and changes in percentage points. A
// capillary saturation by oximetry (2710-2) written 0.93 stayed "0.93"; a lab's saturation in
// blood (20564-1) or calculated (2713-6) from 93 % to 96 % read "+3%".
func TestEveryOxygenSaturationCodeReadsAlike(t *testing.T) {
	for _, code := range []string{"59408-5", "59417-6", "2710-2", "2708-6", "20564-1", "2713-6"} {
		t.Run(code, func(t *testing.T) {
			obs := func(id, day, q string) Resource {
				return Resource{Key: Key{LocalSource, "Observation", id}, JSON: []byte(fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"effectiveDateTime":"2026-11-%sT09:00:00Z","valueQuantity":%s}`, id, code, day, q))}
			}
			ss := Results(NewSet([]Resource{obs("o1", "01", `{"value":0.93,"unit":"1","system":"http://unitsofmeasure.org","code":"1"}`),
				obs("o2", "02", `{"value":96,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}`)}, nil))
			if len(ss) != 1 {
				t.Fatalf("%d series, want one in %%", len(ss))
			}
			se := ss[0]
			first, last := se.At(0), se.Latest()
			if se.Unit != "%" || se.Value("", first.V) != "93%" {
				t.Errorf("series in %q, first %q; want %%, 93%%", se.Unit, se.Value("", first.V))
			}
			if got := ChangeWordsIn(se, last.T.Add(time.Second), time.UTC); got != "+3 percentage points since 1 Nov 2026" {
				t.Errorf("change %q", got)
			}
		})
	}
}
