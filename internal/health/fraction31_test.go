package health

import (
	"fmt"
	"testing"
	"time"
)

// F345 (the rest): an oxygen saturation written as the fraction 0.97 (UCUM "1") read "Oxygen
// saturation 0.97" on Results and the summary; it is 97%, with its range. A glucose of 5.6
// mmol/L (shown converted, "101 mg/dL") then 110 mg/dL changed "+9.11 mg/dL", a precision the
// readings do not have: the change is to the readings' precision, "+9 mg/dL".
func TestFractionSaturationAndChangeToTheReadingsPrecision(t *testing.T) {
	obs := func(id, day, code string, q string, rng string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, JSON: []byte(fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"effectiveDateTime":"2026-11-%sT09:00:00Z","valueQuantity":%s%s}`, id, code, day, q, rng))}
	}
	for _, tc := range []struct {
		name       string
		recs       []Resource
		unit, last string
		low, high  float64
		change     string
	}{
		{"a fraction", []Resource{obs("o1", "01", "59408-5", `{"value":0.97,"unit":"1","system":"http://unitsofmeasure.org","code":"1"}`,
			`,"referenceRange":[{"low":{"value":0.95,"unit":"1","code":"1"},"high":{"value":1,"unit":"1","code":"1"}}]`)},
			"%", "97%", 95, 100, "first reading"},
		{"a fraction then a percentage", []Resource{
			obs("o1", "01", "2708-6", `{"value":0.93,"code":"1"}`, ""),
			obs("o2", "02", "2708-6", `{"value":96,"unit":"%","code":"%"}`, "")},
			"%", "96%", 0, 0, "+3 percentage points since 1 Nov 2026"},
		{"a glucose converted then in mg/dL", []Resource{
			obs("g1", "01", "2339-0", `{"value":5.6,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}`, ""),
			obs("g2", "15", "2339-0", `{"value":110,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}`, "")},
			"mg/dL", "110 mg/dL", 0, 0, "+9 mg/dL since 1 Nov 2026"},
		{"creatinine keeps its decimals", []Resource{
			obs("c1", "01", "2160-0", `{"value":0.95,"unit":"mg/dL","code":"mg/dL"}`, ""),
			obs("c2", "15", "2160-0", `{"value":1.1,"unit":"mg/dL","code":"mg/dL"}`, "")},
			"mg/dL", "1.1 mg/dL", 0, 0, "+0.15 mg/dL since 1 Nov 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet(tc.recs, nil))
			if len(ss) != 1 {
				t.Fatalf("%d series", len(ss))
			}
			se := ss[0]
			last := se.Latest()
			if se.Unit != tc.unit || se.Value("", last.V) != tc.last {
				t.Errorf("series in %q, latest %q; want %q, %q", se.Unit, se.Value("", last.V), tc.unit, tc.last)
			}
			if tc.high > 0 && (last.Range.Low == nil || last.Range.High == nil || *last.Range.Low != tc.low || *last.Range.High != tc.high) {
				t.Errorf("range %+v, want %v–%v", last.Range, tc.low, tc.high)
			}
			if got := ChangeWordsIn(se, last.T.Add(time.Second), time.UTC); got != tc.change {
				t.Errorf("change %q, want %q", got, tc.change)
			}
		})
	}
}
