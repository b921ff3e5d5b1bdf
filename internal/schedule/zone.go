package schedule

import "time"

// ZoneChanged reports whether the device's zone differs from the person's home zone in a way
// that matters for reminders at `at`: the UTC offsets differ now, or they will differ at some
// point in the coming year (e.g. one zone has daylight saving and the other does not). Two
// names for the same rules ("US/Eastern", "America/New_York") are not a change. The engine
// asks the person "keep home times or follow local time?" when it returns true, then passes
// the chosen zone to Occurrences.
func ZoneChanged(home, device *time.Location, at time.Time) bool {
	if home == nil || device == nil {
		return home != device
	}
	if home == device || home.String() == device.String() && home.String() != "Local" {
		return false
	}
	limit := at.AddDate(1, 0, 0)
	t := at
	for i := 0; i < 16; i++ {
		_, ho := t.In(home).Zone()
		_, do := t.In(device).Zone()
		if ho != do {
			return true
		}
		_, he := t.In(home).ZoneBounds()
		_, de := t.In(device).ZoneBounds()
		next := he
		if next.IsZero() || (!de.IsZero() && de.Before(next)) {
			next = de
		}
		if next.IsZero() || !next.Before(limit) {
			return false
		}
		t = next
	}
	return false
}
