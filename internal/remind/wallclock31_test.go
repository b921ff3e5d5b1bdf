package remind

import (
	"errors"
	"testing"
	"time"
)

// F356: an appointment at 02:30 on the night New York's clocks go forward (a time that does
// not exist there) was saved as 01:30 without a word; one at 01:30 on the night they go back
// (it happens twice) was one of the two, unsaid. WallClock says both, with the real times.
func TestWallClockSaysTheSkippedAndTheRepeatedHour(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	lh, err := time.LoadLocation("Australia/Lord_Howe") // its clocks move by 30 minutes
	if err != nil {
		t.Fatal(err)
	}
	wall := func(s string) time.Time {
		w, err := time.Parse("2006-01-02T15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	for _, tc := range []struct {
		name, typed string
		loc         *time.Location
		want        string // the instant (RFC 3339) or the error's words
	}{
		{"an ordinary time", "2027-03-14T01:59", ny, "2027-03-14T01:59:00-05:00"},
		{"just after the clocks went forward", "2027-03-14T03:00", ny, "2027-03-14T03:00:00-04:00"},
		{"the skipped hour", "2027-03-14T02:30", ny,
			"2027-03-14T02:30 does not exist on New York time: the clocks go forward from 02:00 to 03:00 that night; say 01:30 or 03:30"},
		{"the start of the skipped hour", "2027-03-14T02:00", ny,
			"2027-03-14T02:00 does not exist on New York time: the clocks go forward from 02:00 to 03:00 that night; say 01:00 or 03:00"},
		{"the repeated hour", "2027-11-07T01:30", ny,
			"2027-11-07T01:30 happens twice on New York time: the clocks go back from 02:00 to 01:00 that night; say which, 2027-11-07T01:30:00-04:00 (the first) or 2027-11-07T01:30:00-05:00 (the second)"},
		{"after the repeated hour", "2027-11-07T02:00", ny, "2027-11-07T02:00:00-05:00"},
		{"half an hour skipped", "2026-10-04T02:10", lh,
			"2026-10-04T02:10 does not exist on Lord Howe time: the clocks go forward from 02:00 to 02:30 that night; say 01:40 or 02:40"},
		{"UTC has no change", "2027-03-14T02:30", time.UTC, "2027-03-14T02:30:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := WallClock(wall(tc.typed), tc.loc, tc.typed)
			var wc *WallClockError
			switch {
			case errors.As(err, &wc):
				if wc.Error() != tc.want {
					t.Errorf("error %q\n want %q", wc.Error(), tc.want)
				}
			case err != nil:
				t.Fatal(err)
			case got.Format(time.RFC3339) != tc.want:
				t.Errorf("%s, want %s", got.Format(time.RFC3339), tc.want)
			}
		})
	}
}
