package app

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"weak"
)

// TestLock_LetsGoOfThePersonShown: Lock takes the records out of the window at once
// (README, "Security"); after it nothing of the app holds the pages of the person shown nor
// the records they loaded. Today's timer at the turn of the day held them until midnight
// (F570). Fyne keeps a widget's renderer, and through it the widget, for a minute after it
// was last drawn (its cache time, FYNE_CACHE); the test runs in a process of its own with a
// cache time of 1 ms, as the window's drawing would after that minute.
func TestLock_LetsGoOfThePersonShown(t *testing.T) {
	if os.Getenv("FYNE_CACHE") != "1ms" {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		// One process a case: Fyne cleans its cache at most every 10 s.
		for _, name := range []string{"fake_clock", "real_clock"} {
			cmd := exec.Command(exe, "-test.run=^TestLock_LetsGoOfThePersonShown$/^"+name+"$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), "FYNE_CACHE=1ms")
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestLock_LetsGoOfThePersonShown/"+name) {
				t.Errorf("%s: %v\n%s", name, err, out)
			}
		}
		return
	}
	t.Run("fake_clock", func(t *testing.T) { lockLetsGo(t, false) })
	t.Run("real_clock", func(t *testing.T) { lockLetsGo(t, true) })
}

func lockLetsGo(t *testing.T, realTimers bool) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	if realTimers { // Today's timer is a time.Timer (the real app's clock)
		clock := &testClock{}
		u.auto.clock = clock
		t.Cleanup(clock.stopAll)
	}
	for sc := scToday; sc < numScreens; sc++ { // every page computed for the person
		u.shell.show(sc)
		u.idle()
	}
	rig.showToday()
	shell := weak.Make(u.shell)
	set := weak.Make(u.shell.set)
	today := weak.Make(rig.today())
	u.lock()
	u.idle()
	<-u.released
	releaseRenderers() // the window's drawing cleans Fyne's cache of renderers
	for range 3 {
		runtime.GC()
	}
	if shell.Value() != nil {
		t.Error("the locked window's pages are still held")
	}
	if today.Value() != nil {
		t.Error("the locked window's Today is still held")
	}
	if set.Value() != nil {
		t.Error("the records the locked window loaded are still held")
	}
}
