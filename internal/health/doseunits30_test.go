package health

import "testing"

// F345 (the dose units): Epic-style units "puff(s)" and "capsule(s)" read "1 puff(s)", "2
// capsule(s)", and UCUM's drop "[drp]" read "1 drp"; said as words: "1 puff", "2 capsules",
// "1 drop".
func TestDoseUnitsOfEpicAndUCUMInWords(t *testing.T) {
	for _, tc := range []struct{ dose, want string }{
		{"1 puff(s)", "1 puff"},
		{"2 puff(s)", "2 puffs"},
		{"2 capsule(s)", "2 capsules"},
		{"1 tablet(s)", "1 tablet"},
		{"1 [drp]", "1 drop"},
		{"3 drp", "3 drops"},
		{"2 patch(es)", "2 patches"},
		{"500 mg", "500 mg"},
	} {
		if got := DoseWords(tc.dose); got != tc.want {
			t.Errorf("DoseWords(%q) = %q, want %q", tc.dose, got, tc.want)
		}
	}
}
