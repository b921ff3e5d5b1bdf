package health

import (
	"testing"
	"time"
)

// F427 (2): on the night the clocks go back, 01:30 comes twice; the Timeline listed two glucose
// readings at "01:30" with nothing to say which came first. Such a time names its zone.
func TestWallClockNamesTheZoneOfARepeatedHour(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	ny, _ := time.LoadLocation("America/New_York")
	for _, tc := range []struct {
		at   string
		loc  *time.Location
		want string
	}{
		{"2026-10-25T00:30:00Z", lon, "01:30 BST"},
		{"2026-10-25T01:30:00Z", lon, "01:30 GMT"},
		{"2026-10-25T02:30:00Z", lon, "02:30"},
		{"2026-10-24T23:59:00Z", lon, "00:59"},
		{"2026-03-29T01:30:00Z", lon, "02:30"}, // spring forward: no hour twice
		{"2026-11-01T05:30:00Z", ny, "01:30 EDT"},
		{"2026-11-01T06:30:00Z", ny, "01:30 EST"},
		{"2026-07-01T12:00:00Z", lon, "13:00"},
		{"2026-10-25T01:30:00Z", time.UTC, "01:30"},
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if got := WallClock(at, tc.loc); got != tc.want {
			t.Errorf("%s in %s: %q, want %q", tc.at, tc.loc, got, tc.want)
		}
		e := Event{Date: tc.at}
		if got := e.Clock(tc.loc); got != tc.want {
			t.Errorf("Event.Clock %s in %s: %q, want %q", tc.at, tc.loc, got, tc.want)
		}
	}
}
