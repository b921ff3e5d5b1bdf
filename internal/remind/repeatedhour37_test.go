package remind

import (
	"testing"
	"time"
)

// F482 item 2: on the night Berlin's clocks go back, Today's "02:30 overdue" at 02:32 could be
// either 02:30: a time of day on the repeated hour says its zone.
func TestClockSaysTheZoneOnTheRepeatedHour(t *testing.T) {
	z := Zone{Loc: mustLoc(t, "Europe/Berlin")}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "02:30 CEST"},
		{time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "02:30 CET"},
		{time.Date(2026, 10, 25, 3, 30, 0, 0, time.UTC), "04:30"},
		{time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC), "08:00"},
	} {
		if got := z.Clock(tc.at); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.at, got, tc.want)
		}
	}
	if got := (Zone{Loc: z.Loc, Device: z.Loc}).At(time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC)); got != "31 Oct 2027, 02:30 CEST" {
		t.Errorf("At %q", got) // as 'reminders' says it
	}
	if got := z.DayClock(time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 32, 0, 0, time.UTC)); got != "02:30 CET" {
		t.Errorf("DayClock %q", got)
	}
}
