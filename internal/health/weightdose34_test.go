package health

import "testing"

// F436: a dose by weight says what it comes to at the last weight, in mL when the medicine's
// name gives its strength per mL.
func TestWeightDose(t *testing.T) {
	w := &Weight{Kg: 17, Day: "20 Nov 2026"}
	for _, tc := range []struct {
		dose, name string
		w          *Weight
		want       string
	}{
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", w, "10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Nov 2026"},
		{"10 mg/kg", "levetiracetam 100 MG/ML Oral Solution", w, "10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Nov 2026"},
		{"5 mg/kg", "Ibuprofen 100 mg/5 mL oral suspension", w, "5 mg/kg: 85 mg = 4.25 mL at 17 kg on 20 Nov 2026"},
		{"10–15 mg/kg", "Paracetamol 120 mg/5 mL oral suspension", w, "10–15 mg/kg: 170–255 mg = 7.08–10.63 mL at 17 kg on 20 Nov 2026"},
		{"0.1 g/kg", "Something 100 mg/mL", w, "0.1 g/kg: 1.7 g = 17 mL at 17 kg on 20 Nov 2026"},
		{"0.5 mL/kg", "Vitamin drops 400 units/mL", w, "0.5 mL/kg: 8.5 mL at 17 kg on 20 Nov 2026"},
		{"15 mg/kg", "Paracetamol 500 mg tablet", w, "15 mg/kg: 255 mg at 17 kg on 20 Nov 2026"},
		{"15 mg/kg", "Co-amoxiclav 250 mg/62.5 mg/5 mL", w, "15 mg/kg: 255 mg at 17 kg on 20 Nov 2026"}, // two strengths: no mL
		{"10 mg/kg", "Levetiracetam 100 mg/mL oral solution", nil, "10 mg/kg: no weight is recorded"},
		{"250 mg/m2", "Something 100 mg/mL", w, ""},
		{"2 tablets", "Paracetamol 500 mg tablet", w, ""},
	} {
		if got := WeightDose(tc.dose, tc.name, tc.w); got != tc.want {
			t.Errorf("WeightDose(%q, %q) = %q, want %q", tc.dose, tc.name, got, tc.want)
		}
	}
}
