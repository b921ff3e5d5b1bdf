package remind

import (
	"testing"

	"carekeeper/internal/schedule"
)

// F442 item 2 rest: the supply said "the 60 handed over on 9 Nov 2026" — 60 of what; a count is
// said with what it counts ("the 60 tablets handed over"), one in the singular, and the number
// alone only when the dose names nothing to count (500 mg).
func TestSupplyCountSaysItsUnit(t *testing.T) {
	for _, tc := range []struct {
		dose string
		q    float64
		want string
	}{
		{"1 tablet", 60, "60 tablets"},
		{"2 tablets", 1, "1 tablet"},
		{"2 puffs", 200, "200 puffs"},
		{"1 patch", 4, "4 patches"},
		{"8 units", 1500, "1500 units"},
		{"8 units", 1, "1 unit"},
		{"500 mg", 60, "60"},
		{"", 30, "30"},
	} {
		med := &Medicine{Plan: schedule.Plan{Phases: []schedule.Phase{{Dose: tc.dose}}}}
		if got := med.SupplyCount(tc.q); got != tc.want {
			t.Errorf("%q, %v: %q, want %q", tc.dose, tc.q, got, tc.want)
		}
	}
}
