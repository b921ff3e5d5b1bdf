package app

import (
	"strings"
	"testing"
	"time"
)

// F557 item 2: Stanisław's nightly Berodual at 02:30 on the night Warsaw's clocks go from 02:00
// to 03:00 (here 29 Mar 2026, the fixture's order being of 2026) is said in `today`,
// `reminders` and its notification as a time the clocks skip; the app's Today row read
// "03:00 · Berodual N" with no word.
func TestToday_DoseAtATimeTheClocksSkipIsSaid(t *testing.T) {
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	const nightly = `[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["02:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":20,"unit":"drop"}}]}]`
	start := time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC) // 00:30 on 29 Mar in Warsaw
	rig := newRemindRig(t, start, medFixture{"Stanisław", "m1", "Berodual N", nightly})
	rig.clock.setZone(warsaw)
	rig.u.main.loadPeople(rig.people["Stanisław"])
	rig.u.idle()
	rig.advance(start.Add(time.Minute))
	rig.u.rem.refresh()
	rig.u.idle()
	got := strings.Join(strings.Fields(visibleTexts(rig.showToday().box)), " ")
	if !strings.Contains(got, "03:00 · Berodual N") || !strings.Contains(got, "(02:30 does not exist that night: the clocks go forward an hour)") {
		t.Errorf("Today says %q", got)
	}
}
