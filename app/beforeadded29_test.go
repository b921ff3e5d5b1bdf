package app

import (
	"strings"
	"testing"
)

// F258: a medicine added at 22:36 with 08:00, 20:00 and 22:30. Its 22:30 dose is due; the
// 08:00 and 20:00 doses passed before it was added — nobody was reminded — so they are not
// listed as "Missed" and offer no "Take now" (a worried carer could give an extra dose): they
// are under "Before it was added", to say taken or skipped, or to leave.
func TestToday_DosesBeforeTheMedicineWasAddedAreNotMissed(t *testing.T) {
	three := `[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00","22:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	rig := newRemindRig(t, at(22, 36), medFixture{"Mum", "m1", "Metformin 500 mg", three})
	rig.showToday()
	if due := rig.lines(lineDue); len(due) != 1 || !due[0].r.Due.Equal(at(22, 30)) {
		t.Fatalf("due now: %d lines, want the 22:30 dose", len(due))
	}
	if m := rig.lines(lineMissed); len(m) != 0 {
		t.Errorf("%d doses listed as missed, want none", len(m))
	}
	before := rig.lines(lineBefore)
	if len(before) != 2 || !before[0].r.Due.Equal(at(8, 0)) || !before[1].r.Due.Equal(at(20, 0)) {
		t.Fatalf("before it was added: %d lines, want 08:00 and 20:00", len(before))
	}
	for _, l := range before {
		if l.now != nil || l.taken == nil || l.skip == nil {
			t.Errorf("%s: Take now offered %v, Taken %v, Skipped %v; want Taken and Skipped only", l.r.Due.Format("15:04"), l.now != nil, l.taken != nil, l.skip != nil)
		}
	}
	var sawBefore bool
	for _, txt := range shownTexts(rig.u.win) {
		if txt == "Missed" || strings.HasPrefix(txt, "Say what happened to each") {
			t.Errorf("Today says %q for doses before the medicine was added", txt)
		}
		sawBefore = sawBefore || txt == "Before it was added"
	}
	if !sawBefore {
		t.Errorf("no 'Before it was added' heading: %q", shownTexts(rig.u.win))
	}
}
