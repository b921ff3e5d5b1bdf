package health

import (
	"math"
	"testing"
)

// F521 (rest): a glucose series without a range of its own — Ren's sensor, a meter — gets the
// international consensus target range for a person with diabetes, in its unit; one with its
// own range, or another result, gets none.
func TestGlucoseTargetRange(t *testing.T) {
	six := 6.0
	for _, c := range []struct {
		name   string
		s      Series
		lo, hi float64
		ok     bool
	}{
		{"sensor mmol/L", Series{Code: "http://loinc.org|105272-9", Unit: "mmol/L"}, 3.9, 10, true},
		{"sensor mg/dL", Series{Code: "http://loinc.org|99504-3", Unit: "mg/dL"}, 70, 180, true},
		{"meter mmol/L", Series{Code: "http://loinc.org|14743-9", Unit: "mmol/L"}, 3.9, 10, true},
		{"its own range", Series{Code: "http://loinc.org|2339-0", Unit: "mg/dL", Range: Range{High: &six}}, 0, 0, false},
		{"not a glucose", Series{Code: "http://loinc.org|2823-3", Unit: "mmol/L"}, 0, 0, false},
	} {
		lo, hi, ok := GlucoseTargetRange(&c.s)
		if ok != c.ok || ok && (math.Abs(lo-c.lo) > 0.01 || math.Abs(hi-c.hi) > 0.5) {
			t.Errorf("%s: %v–%v %v, want %v–%v %v", c.name, lo, hi, ok, c.lo, c.hi, c.ok)
		}
	}
}
