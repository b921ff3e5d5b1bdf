package remind

import (
	"testing"
	"time"
)

// F482 (rest): on another computer's clock, a time on the hour the person's clocks say twice
// read "1 Nov 2026, 01:30 New York time (06:30 here)" with nothing to say which 01:30; it says
// the zone's abbreviation, as "02:30 CEST"/"02:30 CET" does on this computer's clock, and so
// does this computer's time beside it on its own repeated hour.
func TestAnotherClockSaysTheZoneOnTheRepeatedHour(t *testing.T) {
	ny, berlin := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/Berlin")
	z := Zone{Loc: ny, Device: berlin}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), "1 Nov 2026, 01:30 EDT New York time (06:30 here)"},
		{time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC), "1 Nov 2026, 01:30 EST New York time (07:30 here)"},
		{time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC), "1 Nov 2026, 03:30 New York time (09:30 here)"},
		// Berlin's repeated hour, this computer's: New York's time is one
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "24 Oct 2026, 20:30 New York time (25 Oct, 02:30 CEST here)"},
		{time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "24 Oct 2026, 21:30 New York time (25 Oct, 02:30 CET here)"},
	} {
		if got := z.When(tc.at); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.at, got, tc.want)
		}
	}
}
