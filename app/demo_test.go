package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2/test"
)

// The demo shows current medicines whose reminders fire, marked DEMO, and an upcoming
// appointment; "Leave the demo" stops its reminders and goes back to the start.
func TestDemo_RemindersAndLeave(t *testing.T) {
	onUTCClock(t) // the person's clock, as the device's below (demoUI)
	u := newTestUI(t, filepath.Join(t.TempDir(), "data"))
	clock := &remClock{now: testNow} // 09:00
	n := &fakeNotifier{}
	u.auto.clock = &fakeClock{now: testNow}
	u.rem.manual = true
	u.rem.opts = remind.Options{Clock: clock, Device: func() *time.Location { return time.UTC }}
	u.rem.newNotifier = func(context.Context) (remind.Notifier, error) { return n, nil }
	test.Tap(u.create.demoBt)
	u.idle()
	s := u.shell
	if s == nil || !u.demo || s.leaveDemo == nil {
		t.Fatal("demo not open, or no way to leave it")
	}
	u.rem.step()
	u.idle()
	if u.rem.engine() == nil {
		t.Fatal("no reminders in the demo")
	}
	s.stale[scToday] = true
	s.show(scToday)
	u.idle()
	today := s.pages[scToday].(*todayPage)
	later := 0
	for _, l := range today.doses {
		if l.kind == lineLater {
			later++
		}
	}
	if later != 1 { // Metformin at 20:00
		t.Errorf("%d doses later today in the demo, want 1", later)
	}
	if up := u.rem.engine().Model().Upcoming(s.profile, testNow); len(up) == 0 {
		t.Error("no upcoming appointment in the demo")
	}
	clock.set(testNow.Add(11 * time.Hour)) // 20:00
	u.rem.step()
	u.idle()
	msgs := n.messages()
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].Title, "DEMO · ") {
		t.Fatalf("demo notifications %+v, want one marked DEMO", msgs)
	}
	test.Tap(s.leaveDemo)
	u.idle()
	if u.demo || u.shell != nil || u.create == nil {
		t.Fatal("Leave the demo did not go back to the start")
	}
	if u.rem.engine() != nil {
		t.Error("the demo's reminders still run after leaving it")
	}
}
