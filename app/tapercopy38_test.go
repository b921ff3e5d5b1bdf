package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
)

// F502: Rafael's prednisone, ordered by the GP at 09:00 and repeated by the hospital's letter
// with no times, was reminded at 09:00 by the GP's copy while Today's row, read from the
// letter's copy, said "No reminders: the records give no times to take it. Set its times on
// Medicines." Today now asks the copy the reminders run on, as Medicines does.
func TestToday_NoRemindersLineFollowsTheCopyThatReminds(t *testing.T) {
	const untimed = `[{"text":"3 tablets for 3 days, then 2, then 1, then stop"}]`
	for _, ids := range [][2]string{{"a-gp", "z-letter"}, {"z-gp", "a-letter"}} {
		rig := newRemindRig(t, at(8, 0),
			medFixture{"Rafael", ids[0], "Prednisone 10 mg tablet", twiceDaily},
			medFixture{"Rafael", ids[1], "Prednisone 10 mg tablet", untimed})
		var all []string
		forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
		texts := strings.Join(all, "\n")
		if strings.Contains(texts, "No reminders:") {
			t.Errorf("the GP's copy %s reminds, and Today says:\n%s", ids[0], texts)
		}
	}
}
