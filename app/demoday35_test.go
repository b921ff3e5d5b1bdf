package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F458: the demo, opened at 22:30, asked a new user about the made-up person's morning:
// "Before it was added — say if each was taken or skipped" for the 08:00 doses, and the 20:00
// one overdue. The demo's doses of the day before it was opened are taken at their times:
// nothing to catch up on, and Taken or skipped today shows them.
func TestDemo_OpenedLateHasNoDosesToCatchUpOn(t *testing.T) {
	onUTCClock(t) // the person's clock, as the device's below (demoUI)
	for _, tc := range []struct {
		name  string
		at    time.Time
		taken int // doses of the day taken before the demo was opened
		later int
	}{
		{"in the morning", testNow, 2, 1},                                   // 09:00: both 08:00 doses; Metformin at 20:00 to come
		{"late at night", testNow.Add(13*time.Hour + 30*time.Minute), 3, 0}, // 22:30: all three
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := newTestUI(t, filepath.Join(t.TempDir(), "data"))
			clock := &remClock{now: tc.at}
			u.auto.clock = &fakeClock{now: tc.at}
			u.rem.manual = true
			u.rem.opts = remind.Options{Clock: clock, Device: func() *time.Location { return time.UTC }}
			u.rem.newNotifier = func(context.Context) (remind.Notifier, error) { return &fakeNotifier{}, nil }
			u.create.onDemo()
			u.idle()
			s := u.shell
			if s == nil || !u.demo {
				t.Fatal("demo not open")
			}
			u.rem.step()
			u.idle()
			s.stale[scToday] = true
			s.show(scToday)
			u.idle()
			today := s.pages[scToday].(*todayPage)
			kinds := map[string]int{}
			for _, l := range today.doses {
				kinds[l.kind]++
			}
			if kinds[lineBefore]+kinds[lineOverdue]+kinds[lineMissed]+kinds[lineDue] != 0 || kinds[lineLater] != tc.later {
				t.Errorf("the demo's Today at %s: %v, want %d later and none to catch up on", tc.at.Format("15:04"), kinds, tc.later)
			}
			day := time.Date(tc.at.Year(), tc.at.Month(), tc.at.Day(), 0, 0, 0, 0, time.UTC)
			taken := 0
			for _, ds := range u.rem.engine().Model().DoseStates(s.profile, day, day.AddDate(0, 0, 1), tc.at) {
				if ds.State == remind.DoseTaken {
					taken++
					if !ds.Acted.Equal(ds.Due) {
						t.Errorf("%s %s taken at %v, want at its time", ds.Title, ds.Due, ds.Acted)
					}
				}
			}
			if taken != tc.taken {
				t.Errorf("%d of the demo's doses taken, want %d", taken, tc.taken)
			}
		})
	}
}
