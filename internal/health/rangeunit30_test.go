package health

import (
	"fmt"
	"math"
	"testing"
)

// F324: a glucose of 7.9 mmol/L whose record gives its range in mg/dL (70–99) was flagged
// "Low" and the series' range said 70–99 beside mmol/L: the range's numbers were read in the
// reading's unit. A range in another unit is converted into the reading's before it flags or
// is shown; one that cannot be converted flags nothing and is shown as written.
func TestRangeInAnotherUnit(t *testing.T) {
	obs := func(loinc string, v float64, unit, low, high string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", "o"}, JSON: []byte(fmt.Sprintf(`{"resourceType":"Observation","id":"o","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":%q}]},"effectiveDateTime":"2026-11-01T09:00:00Z","valueQuantity":{"value":%v,"unit":%q,"system":"http://unitsofmeasure.org","code":%q},"referenceRange":[{"low":%s,"high":%s}]}`, loinc, v, unit, unit, low, high))}
	}
	q := func(v float64, unit string) string {
		return fmt.Sprintf(`{"value":%v,"unit":%q,"system":"http://unitsofmeasure.org","code":%q}`, v, unit, unit)
	}
	for _, tc := range []struct {
		name      string
		rec       Resource
		flag      Flag
		low, high float64 // NaN: none
		text      string
	}{
		{"mmol/L reading, mg/dL range, high", obs("2345-7", 7.9, "mmol/L", q(70, "mg/dL"), q(99, "mg/dL")), FlagHigh, 3.89, 5.50, ""},
		{"mmol/L reading, mg/dL range, in range", obs("2345-7", 5.0, "mmol/L", q(70, "mg/dL"), q(99, "mg/dL")), FlagNone, 3.89, 5.50, ""},
		{"at the top of a converted range", obs("2345-7", 5.5, "mmol/L", q(70, "mg/dL"), q(99, "mg/dL")), FlagNone, 3.89, 5.50, ""},
		{"mg/dL reading, mmol/L range, high", obs("2345-7", 126, "mg/dL", q(3.9, "mmol/L"), q(5.5, "mmol/L")), FlagHigh, 70.3, 99.1, ""},
		{"g/L reading, g/dL range", obs("2885-2", 72, "g/L", q(6.4, "g/dL"), q(8.3, "g/dL")), FlagNone, 64, 83, ""},
		{"a range that does not convert", obs("2885-2", 7.5, "g/dL", q(1, "mmol/L"), q(4, "mmol/L")), FlagNone, math.NaN(), math.NaN(), "1–4 mmol/L"},
		{"a unit written in words", obs("8310-5", 37.2, "Cel", `{"value":36.1,"unit":"degrees C"}`, `{"value":37.5,"unit":"degrees C"}`), FlagNone, 36.1, 37.5, ""},
		{"a unit not known here", obs("6690-2", 12, "10*3/uL", `{"value":4,"unit":"K/uL"}`, `{"value":11,"unit":"K/uL"}`), FlagHigh, 4, 11, ""},
		{"a range without units is the reading's", obs("1920-8", 50, "U/L", `{"value":10}`, `{"value":40}`), FlagHigh, 10, 40, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet([]Resource{tc.rec}, nil))
			if len(ss) != 1 || ss[0].Len() != 1 {
				t.Fatalf("%d series", len(ss))
			}
			p := ss[0].Latest()
			if p.Flag != tc.flag {
				t.Errorf("flag %q, want %q", p.Flag, tc.flag)
			}
			near := func(got *float64, want float64) bool {
				if math.IsNaN(want) {
					return got == nil
				}
				return got != nil && math.Abs(*got-want) < 0.005*want
			}
			if !near(p.Range.Low, tc.low) || !near(p.Range.High, tc.high) || p.Range.Text != tc.text {
				t.Errorf("range %v–%v %q, want %v–%v %q", deref(p.Range.Low), deref(p.Range.High), p.Range.Text, tc.low, tc.high, tc.text)
			}
			if r := ss[0].Range; !near(r.Low, tc.low) || !near(r.High, tc.high) {
				t.Errorf("series range %v–%v, want %v–%v", deref(r.Low), deref(r.High), tc.low, tc.high)
			}
		})
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
