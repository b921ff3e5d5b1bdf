package health

import (
	"testing"
	"time"
)

// F482 (rest): a record's time on the hour the person's clocks say twice, said on their clock
// while it is not this computer's, names the zone's abbreviation: "1 Nov 2026, 01:30 EDT New
// York time (06:30 here)", not "01:30 New York time" of either 01:30.
func TestClockWordsSayTheZoneOnTheRepeatedHour(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	c := Clock{Loc: ny, Name: func(time.Time) string { return "New York time" },
		Here: func(t time.Time) string { return t.In(berlin).Format("15:04") + " here" }}
	for _, tc := range []struct{ got, want string }{
		{c.WhenWords("2026-11-01T05:30:00Z"), "1 Nov 2026, 01:30 EDT New York time (06:30 here)"},
		{c.WhenWords("2026-11-01T01:30:00-05:00"), "1 Nov 2026, 01:30 EST New York time (07:30 here)"},
		{c.WhenWords("2026-12-01T15:00:00Z"), "1 Dec 2026, 10:00 New York time (16:00 here)"},
		{c.PeriodWhenWords(Period{Start: "2026-11-01T01:10:00-04:00", End: "2026-11-01T01:40:00-05:00"}), "1 Nov 2026, 01:10 EDT – 01:40 EST New York time (06:10 here)"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}
