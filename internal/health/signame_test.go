package health

import (
	"testing"
	"time"
)

// A C-CDA document whose medicine name and sig both point at one narrative line ("Metformin
// 500mg tab, 1 tab twice daily") gives a dosage text that only repeats the name: Today and the
// summary said "X — X". Such a text gives way to the dosage's amount and timing in words; a text
// of its own stays.
func TestMedicines_DosageTextRepeatingTheName(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	const name = "Metformin 500mg tab, 1 tab twice daily"
	timed := `"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]`
	for _, tc := range []struct {
		name, text, want string
	}{
		{"the name again", name, "1 tablet, twice a day"},
		{"the name again, other case and spacing", "  metformin 500MG tab,  1 tab twice daily ", "1 tablet, twice a day"},
		{"a text of its own", "1 tab twice daily with meals", "1 tab twice daily with meals"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := `,"dosageInstruction":[{"text":"` + tc.text + `",` + timed + `}]`
			meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2026-11-20", "861007", name, extra)}, nil), MedOptions{Now: now})
			if len(meds) != 1 {
				t.Fatalf("%d medicines", len(meds))
			}
			if meds[0].Dosage != tc.want {
				t.Errorf("dosage %q, want %q", meds[0].Dosage, tc.want)
			}
		})
	}
}
