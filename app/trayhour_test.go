package app

import (
	"runtime"
	"testing"
	"time"
)

// trayHourGrowth is the most the live heap may grow over two simulated hours in the tray.
const trayHourGrowth = 2 << 20

// Two hours in the tray, a minute at a time on a fake clock (a dose comes due and is notified on
// the way): the unlocked app's live heap does not grow (issue 13: "after an hour in the tray,
// no growth"). It logs the heap at the start and the end.
func TestTrayHoursNoGrowth(t *testing.T) {
	start := at(7, 0)
	rig := newRemindRig(t, start, medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	rig.showToday()
	rig.u.win.Hide()
	live := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var first uint64
	for i := 1; i <= 120; i++ {
		rig.advance(start.Add(time.Duration(i) * time.Minute))
		if i == 10 { // after the first steps' one-time work
			first = live()
		}
	}
	last := live()
	t.Logf("live heap after 10 minutes %d KiB, after 120 minutes %d KiB", first>>10, last>>10)
	if last > first+trayHourGrowth {
		t.Errorf("the live heap grew from %d to %d KiB in the tray", first>>10, last>>10)
	}
	if len(rig.n.messages()) == 0 {
		t.Error("the 08:00 dose was not notified: the engine did not run")
	}
}
