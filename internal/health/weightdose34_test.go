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

// F443: one dose written two ways by two sources is one amount; another amount is not.
func TestSameAmount(t *testing.T) {
	w := &Weight{Kg: 17, Day: "20 Nov 2026"}
	for _, tc := range []struct {
		a, b, name string
		w          *Weight
		same       bool
	}{
		{"5 mg", "1 mL", "Buccolam 5 mg/1 mL oromucosal solution", nil, true},
		{"10 mg", "1 mL", "Buccolam 5 mg/1 mL oromucosal solution", nil, false},
		{"10 mg/kg", "1.7 mL", "Levetiracetam 100 mg/mL oral solution", w, true},
		{"10 mg/kg", "170 mg", "Levetiracetam 100 mg/mL oral solution", w, true},
		{"10 mg/kg", "1.8 mL", "Levetiracetam 100 mg/mL oral solution", w, false},
		{"10 mg/kg", "1.7 mL", "Levetiracetam 100 mg/mL oral solution", nil, false},
		{"10–15 mg/kg", "1.7 mL", "Levetiracetam 100 mg/mL oral solution", w, false},
		{"5 mL", "250 mg", "Co-amoxiclav 250 mg/62.5 mg/5 mL", nil, false},
		{"0.5 g", "500 mg", "Paracetamol 500 mg tablet", nil, true},
		{"1 tablet", "1 tablets", "Paracetamol 500 mg tablet", nil, true},
		{"1 tablet", "2 tablets", "Paracetamol 500 mg tablet", nil, false},
		{"1 tablet", "500 mg", "Paracetamol 500 mg tablet", nil, false},
		// a Polish GP's "1 tabl." and a letter's "1 tablet" or "1 TAB" (F549)
		{"1 tabl.", "1 tablet", "Eliquis 5 mg", nil, true},
		{"1 tabl.", "1 TAB", "Eliquis 5 mg", nil, true},
		{"2 tabletki", "2 tablets", "Encorton 20 mg", nil, true},
		{"2 wdechy", "2 puffs", "Spiriva Respimat", nil, true},
		{"1 tabl.", "2 tablets", "Eliquis 5 mg", nil, false},
		{"1 tabl.", "1 capsule", "Eliquis 5 mg", nil, false},
		{"1", "1 tabl.", "Eliquis 5 mg", nil, true},
	} {
		if got := SameAmount(tc.a, tc.b, tc.name, tc.w); got != tc.same {
			t.Errorf("SameAmount(%q, %q, %q) = %v", tc.a, tc.b, tc.name, got)
		}
	}
}
