package app

import (
	"math"
	"testing"
)

// F471 item 8: "20 lb 9 oz", how a US parent reads a baby's scale, was refused ("lb 9 oz is
// not a unit of weight: type the number in lb"); it is 20.5625 lb (9.33 kg in a kg box).
func TestMeasureWeightInPoundsAndOunces(t *testing.T) {
	lbBox := measureKind{kind: "weight", code: "29463-7", unit: "[lb_av]", lo: 1, hi: 1100}
	kgBox := measureKind{kind: "weight", code: "29463-7", unit: "kg", lo: 0.5, hi: 500}
	for _, c := range []struct {
		k    measureKind
		in   string
		want float64
		ok   bool
	}{
		{lbBox, "20 lb 9 oz", 20.5625, true},
		{lbBox, "20lbs 9oz", 20.5625, true},
		{lbBox, "20 pounds 9 ounces", 20.5625, true},
		{lbBox, "20 lb, 9 oz", 20.5625, true},
		{lbBox, "20.5", 20.5, true},
		{lbBox, "329 oz", 20.5625, true},
		{kgBox, "20 lb 9 oz", 9.3271, true},
		{lbBox, "20 lb 17 oz", 0, false}, // not how a scale reads
	} {
		got, err := c.k.parse(c.in)
		if (err == nil) != c.ok || c.ok && math.Abs(got-c.want) > 0.001 {
			t.Errorf("%s in %s: %v %v, want %v (ok %v)", c.in, c.k.unit, got, err, c.want, c.ok)
		}
	}
}
