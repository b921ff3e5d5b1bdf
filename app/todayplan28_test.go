package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"

	"fyne.io/fyne/v2/test"
)

// F222: a medicine added 'as needed' (Times left empty), then given times in its settings:
// Medicines said 'twice a day at 08:00 and 20:00 (set by you)' and Today, under Medicines
// being taken, still 'Lisinopril 10 mg — as needed'. Today now says the plan in force.
func TestToday_MedicineLineFollowsTheTimesSet(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Lola", "m1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	test.Tap(meds.addBt)
	d := meds.addOwn
	if d == nil {
		t.Fatal("no add dialog")
	}
	test.Type(d.name, "Lisinopril")
	d.strength.SetText("10 mg")
	submit(d.name)
	u.idle()
	rig.advance(at(9, 1))
	m := u.rem.engine().Model()
	var med *remind.Medicine
	for _, x := range m.Medicines(rig.people["Lola"]) {
		if strings.HasPrefix(x.Name, "Lisinopril") {
			med = x
		}
	}
	if med == nil || !med.Plan.AsNeeded {
		t.Fatalf("Lisinopril not added as needed: %+v", med)
	}
	plan := &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: []schedule.Clock{8 * 60, 20 * 60}}}}}
	if err := remind.SetPlan(context.Background(), u.vault, med, plan, at(9, 2)); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(at(9, 3))
	var text []string
	forEachLabel(rig.showToday().box, func(s string) { text = append(text, s) })
	all := strings.Join(text, "\n")
	var line string
	for _, l := range text {
		if strings.HasPrefix(l, "Lisinopril") && strings.Contains(l, " — ") {
			line = l
		}
	}
	if !strings.Contains(line, "at 08:00 and 20:00") || strings.Contains(line, "as needed") {
		t.Errorf("Today's line for Lisinopril %q, want the times set (not 'as needed'):\n%s", line, all)
	}
}
