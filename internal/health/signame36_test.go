package health

import (
	"testing"
	"time"
)

// F471 item 2: a C-CDA's narrative line "Empagliflozin 10 mg tablet: 1 tablet every morning"
// is its sig's text, so Today and the summary said "Empagliflozin 10 mg tablet — Empagliflozin
// 10 mg tablet: 1 tablet every morning". A text that begins with the medicine's name and a
// colon says the rest: "Empagliflozin 10 mg tablet — 1 tablet every morning".
func TestMedicines_DosageTextBeginningWithTheName(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, text, want string
	}{
		{"Empagliflozin 10 mg tablet", "Empagliflozin 10 mg tablet: 1 tablet every morning", "1 tablet every morning"},
		{"empagliflozin 10 MG Oral Tablet", "Empagliflozin 10 mg tablet:  1 tablet every morning.", "1 tablet every morning."}, // the name as shown
		{"Empagliflozin 10 mg tablet", "EMPAGLIFLOZIN 10 MG TABLET : 1 tablet every morning", "1 tablet every morning"},
		{"Empagliflozin 10 mg tablet", "Empagliflozin: take with breakfast", "Empagliflozin: take with breakfast"}, // not the name
		{"Empagliflozin 10 mg tablet", "1 tablet every morning", "1 tablet every morning"},
		// F489: the narrative's "name, sig", the name said without its salt
		{"Bisoprolol fumarate 2.5 mg tablet", "Bisoprolol 2.5 mg tablet, 1 tablet once daily", "1 tablet once daily"},
		{"Bisoprolol fumarate 2.5 mg tablet", "Bisoprolol fumarate 2.5 mg tablet, 1 tablet once daily", "1 tablet once daily"},
		{"Bisoprolol fumarate 2.5 mg tablet", "Bisoprolol 5 mg tablet, 1 tablet once daily", "Bisoprolol 5 mg tablet, 1 tablet once daily"}, // another strength: said
		{"Metoprolol succinate 25 mg tablet", "Bisoprolol 2.5 mg tablet, 1 tablet once daily", "Bisoprolol 2.5 mg tablet, 1 tablet once daily"},
	} {
		extra := `,"dosageInstruction":[{"text":"` + tc.text + `"}]`
		meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2026-11-20", "1545658", tc.name, extra)}, nil), MedOptions{Now: now})
		if len(meds) != 1 {
			t.Fatalf("%d medicines", len(meds))
		}
		if meds[0].Dosage != tc.want {
			t.Errorf("%q with %q: dosage %q, want %q", tc.name, tc.text, meds[0].Dosage, tc.want)
		}
	}
}
