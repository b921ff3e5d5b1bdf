package health

import (
	"testing"
	"time"
)

// F508 (L): Mateo, 2 months, weighed 5120 g; his paracetamol 15 mg/kg read "76.5 mg … at 5120 g
// (5.1 kg)": the weight was rounded to 100 g before the sum, and 15 × 5.12 kg is 76.8 mg. A
// weight under 20 kg is kept to 10 g; an adult's to 100 g as before.
func TestDoseByWeightOfABabyKeepsTheGrams(t *testing.T) {
	dec2 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		unit       string
		v          float64
		dose, name string
		want       string
	}{
		{"g", 5120, "15 mg/kg", "Paracetamol 100 mg/mL solución oral", "76.8 mg = 0.77 mL at 5120 g (5.12 kg) on 2 Dec 2026"},
		{"kg", 5.12, "15 mg/kg", "Paracetamol 100 mg/mL solución oral", "76.8 mg = 0.77 mL at 5.12 kg on 2 Dec 2026"},
		{"kg", 82.46, "1 mg/kg", "Prednisolone 3 mg/mL oral solution", "82.5 mg = 27.5 mL at 82.5 kg on 2 Dec 2026"},
	} {
		se := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: tc.unit}).Append(Point{T: dec2, V: tc.v})
		w, ok := LastWeight(se, dec2.Add(time.Hour), time.UTC)
		if !ok {
			t.Fatal("no weight")
		}
		if got := WeightAmount(tc.dose, tc.name, &w); got != tc.want {
			t.Errorf("%v %s: got %q\nwant %q", tc.v, tc.unit, got, tc.want)
		}
	}
}
