package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
)

// F438: once Tobi's levetiracetam times were changed, Today's line under Medicines being taken
// said only "twice a day at 08:00 and 19:30 (set by you)": the dose was gone from it, while
// Medicines and 'medicines' kept "1 tablet …, twice a day at …". Today says both, as they do.
func TestToday_MedicineLineKeepsTheDoseWhenTimesAreSet(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Lola", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	rig.advance(at(9, 1))
	med := u.rem.engine().Model().Medicine(rig.people["Lola"], "MedicationRequest/m1")
	if med == nil {
		t.Fatal("no Metformin")
	}
	plan := &schedule.Plan{Phases: []schedule.Phase{{Dose: "1 tablet", Timing: schedule.Timing{TimeOfDay: []schedule.Clock{8 * 60, 19*60 + 30}}}}}
	if err := remind.SetPlan(context.Background(), u.vault, med, plan, at(9, 2)); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(at(9, 3))
	var text []string
	forEachLabel(rig.showToday().box, func(s string) { text = append(text, s) })
	var line string
	for _, l := range text {
		if strings.HasPrefix(l, "Metformin") && strings.Contains(l, " — ") {
			line = l
		}
	}
	if !strings.Contains(line, "1 tablet") || !strings.Contains(line, "at 08:00 and 19:30") || !strings.Contains(line, "(set by you)") {
		t.Errorf("Today's line for Metformin %q, want the dose with the times set:\n%s", line, strings.Join(text, "\n"))
	}
}
