package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F457: Rose's mealtime insulin is dosed by carbohydrate ratio; its record gives no amount,
// only the words "1 unit per 15 g carbohydrate at meals and snacks; add 1 unit per 50 mg/dL
// above 150 mg/dL". Its reminders (Today, `today`, the notification) said the name alone,
// which reads as "the usual", and `medicines` dropped the words. A plan that gives no amount
// says the record's words where the amount would be, also once the person set the times; a
// plan with an amount does not.
func TestDoseWithNoAmountSaysTheInstruction(t *testing.T) {
	const ratio = "1 unit per 15 g carbohydrate at meals and snacks; add 1 unit per 50 mg/dL above 150 mg/dL"
	meals := `{"frequency":3,"period":1,"periodUnit":"d","when":["C"]}`
	for _, tc := range []struct {
		name, dosage string
		setTimes     bool
		want         string // the reminder's title
		dose         string // WithWeight of the row's dose "by mouth"
	}{
		{"a ratio, no amount", `[{"text":"` + ratio + `.","timing":{"repeat":` + meals + `}}]`, false,
			"Insulin lispro 100 units/mL injection (" + ratio + ")", ratio + ", by mouth"},
		{"the person set the times", `[{"text":"` + ratio + `","timing":{"repeat":` + meals + `}}]`, true,
			"Insulin lispro 100 units/mL injection (" + ratio + ")", ratio + ", by mouth"},
		{"an amount and words", `[{"text":"6 units at bedtime","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":6,"unit":"U"}}]}]`, false,
			"Insulin lispro 100 units/mL injection (6 units)", "by mouth"},
		{"no amount, no words", `[{"timing":{"repeat":` + meals + `}}]`, false,
			"Insulin lispro 100 units/mL injection", "by mouth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			pid := addPerson(t, v, "Rose")
			ref := addMed(t, v, pid, "r1", "insulin lispro 100 UNT/ML Injectable Solution", tc.dosage)
			ctx := context.Background()
			now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
			m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if tc.setTimes {
				p := schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{Frequency: 3, Period: 1, PeriodUnit: "d",
					TimeOfDay: []schedule.Clock{7 * 60, 12 * 60, 18 * 60}}}}}
				if err := SetPlan(ctx, v, m.Medicine(pid, ref), &p, now); err != nil {
					t.Fatal(err)
				}
				if m, err = Load(ctx, v, LoadOptions{Device: time.UTC, Now: now}); err != nil {
					t.Fatal(err)
				}
			}
			rs := m.Reminders(pid, now, now.Add(24*time.Hour), now)
			if len(rs) == 0 {
				t.Fatal("no reminders")
			}
			for _, r := range rs {
				if r.Title != tc.want {
					t.Fatalf("reminder %q, want %q", r.Title, tc.want)
				}
			}
			if got := m.Medicine(pid, ref).WithWeight("by mouth"); got != tc.dose {
				t.Errorf("dose %q, want %q", got, tc.dose)
			}
			if strings.Contains(tc.want, "(") && !strings.Contains(m.Medicine(pid, ref).DoseLabel(), "(") {
				t.Errorf("DoseLabel %q", m.Medicine(pid, ref).DoseLabel())
			}
		})
	}
}
