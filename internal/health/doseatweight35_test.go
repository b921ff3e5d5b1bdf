package health

import (
	"testing"
	"time"
)

// F446: the question asked when a dose by weight at set times is answered works it out at the
// weight its reminder uses, and says a later weighing beside it as the reminder does; F461: a
// child weighed in pounds is told her weights as the scale gave them, kg beside them.
func TestDoseAtWeightWords(t *testing.T) {
	w17, w184 := &Weight{Kg: 17, Day: "20 Nov 2026"}, &Weight{Kg: 18.4, Day: "6 Dec 2026"}
	dec4, dec6 := time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC), time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC)
	lb := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "[lb_av]"}).Append(Point{T: dec4, V: 48.9}, Point{T: dec6, V: 50.6})
	w222, w23 := &Weight{Kg: 22.2, Day: "4 Dec 2026"}, &Weight{Kg: 23, Day: "6 Dec 2026"}
	const rule = "The record gives the dose by body weight, "
	for _, tc := range []struct {
		dose, med string
		se        *Series
		w, newer  *Weight
		want      string
	}{
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", nil, w17, nil,
			rule + "10 mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10 mg/kg × 17 kg = 170 mg = 1.7 mL."},
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", nil, w17, w184,
			rule + "10 mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10 mg/kg × 17 kg = 170 mg = 1.7 mL. " +
				"Weighed 18.4 kg on 6 Dec 2026 since: ask the care team whether the dose should change."},
		{"1 mg/kg", "Prednisolone 3 mg/mL oral solution", lb, w222, w23,
			rule + "1 mg/kg: not an amount. Worked out at 48.9 lb (22.2 kg), Tobi's weight on 4 Dec 2026: 1 mg/kg × 22.2 kg = 22.2 mg = 7.4 mL. " +
				"Weighed 50.6 lb (23 kg) on 6 Dec 2026 since: ask the care team whether the dose should change."},
		{"10-15 mg/kg", "Ibuprofen 200 mg tablet", nil, w17, nil,
			rule + "10-15 mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10-15 mg/kg × 17 kg = 170–255 mg."},
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", nil, nil, nil,
			rule + "10 mg/kg: not an amount. No weight is recorded for Tobi."},
		{"2 tablets", "Paracetamol 500 mg tablet", nil, w17, nil, ""},
	} {
		if got := DoseAtWeightWords("Tobi", tc.dose, tc.med, tc.se, tc.w, tc.newer, time.UTC); got != tc.want {
			t.Errorf("%s of %s at %v then %v:\n got %q\nwant %q", tc.dose, tc.med, tc.w, tc.newer, got, tc.want)
		}
	}
}
