package health

import "testing"

// F446: the question asked when a dose by weight at set times is answered works it out at the
// weight its reminder uses, and says a later weighing beside it as the reminder does.
func TestDoseAtWeightWords(t *testing.T) {
	w17, w184 := &Weight{Kg: 17, Day: "20 Nov 2026"}, &Weight{Kg: 18.4, Day: "6 Dec 2026"}
	const rule = "The record gives the dose by body weight, "
	for _, tc := range []struct {
		dose, med string
		w, newer  *Weight
		want      string
	}{
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", w17, nil,
			rule + "10 mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10 mg/kg × 17 kg = 170 mg = 1.7 mL."},
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", w17, w184,
			rule + "10 mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10 mg/kg × 17 kg = 170 mg = 1.7 mL. " +
				"Weighed 18.4 kg on 6 Dec 2026 since: ask the care team whether the dose should change."},
		{"10-15 mg/kg", "Ibuprofen 200 mg tablet", w17, nil,
			rule + "10-15 mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10-15 mg/kg × 17 kg = 170–255 mg."},
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", nil, nil,
			rule + "10 mg/kg: not an amount. No weight is recorded for Tobi."},
		{"2 tablets", "Paracetamol 500 mg tablet", w17, nil, ""},
	} {
		if got := DoseAtWeightWords("Tobi", tc.dose, tc.med, tc.w, tc.newer); got != tc.want {
			t.Errorf("%s of %s at %v then %v:\n got %q\nwant %q", tc.dose, tc.med, tc.w, tc.newer, got, tc.want)
		}
	}
}
