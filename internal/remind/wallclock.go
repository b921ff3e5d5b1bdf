package remind

import (
	"fmt"
	"time"
)

// WallClockError is a time of day typed for a person's clock that names no one instant there:
// it falls in the hour the clocks skip going forward (Gap), or in the hour they repeat going
// back. Its Error is one line that says so and gives the real times to choose from (F356: 02:30
// on 14 Mar 2027 in New York was saved as 01:30 without a word).
type WallClockError struct {
	Typed string // the time as typed ("2027-03-14T02:30")
	Zone  string // the clock in words ("New York time")
	Gap   bool
	// From and To are the clock's times at the change ("02:00" and "03:00" going forward, "02:00"
	// and "01:00" going back).
	From, To string
	// Choices are the real instants to say instead: going forward, the time an offset earlier
	// and later (01:30 and 03:30); going back, the first and the second of the repeated time.
	Choices [2]time.Time
}

func (e *WallClockError) Error() string {
	if e.Gap {
		return fmt.Sprintf("%s does not exist on %s: the clocks go forward from %s to %s that night; say %s or %s",
			e.Typed, e.Zone, e.From, e.To, e.Choices[0].Format("15:04"), e.Choices[1].Format("15:04"))
	}
	return fmt.Sprintf("%s happens twice on %s: the clocks go back from %s to %s that night; say which, %s (the first) or %s (the second)",
		e.Typed, e.Zone, e.From, e.To, e.Choices[0].Format(time.RFC3339), e.Choices[1].Format(time.RFC3339))
}

// WallClock is the instant a time of day (wall's date and clock, its zone ignored) names on the
// clock loc, or a *WallClockError when it names none (the clocks skip it) or two (they repeat
// it). typed is the time as the person gave it, for the error's words.
func WallClock(wall time.Time, loc *time.Location, typed string) (time.Time, error) {
	y, mo, d := wall.Date()
	h, mi, s := wall.Clock()
	t := time.Date(y, mo, d, h, mi, s, wall.Nanosecond(), loc)
	same := func(u time.Time) bool {
		u = u.In(loc)
		uy, umo, ud := u.Date()
		uh, umi, us := u.Clock()
		return uy == y && umo == mo && ud == d && uh == h && umi == mi && us == s
	}
	zone := Zone{Loc: loc}.Name(t)
	clock := func(u time.Time) string { return u.Format("15:04") }
	if !same(t) {
		// In the gap: the offsets either side of it say how long it is.
		_, before := t.Add(-12 * time.Hour).In(loc).Zone()
		_, after := t.Add(12 * time.Hour).In(loc).Zone()
		g := time.Duration(after-before) * time.Second
		if g <= 0 {
			return t, nil // not a change of the clocks CareKeeper can say
		}
		start, _ := t.Add(12 * time.Hour).In(loc).ZoneBounds() // the instant the clocks went forward
		naive := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
		return time.Time{}, &WallClockError{Typed: typed, Zone: zone, Gap: true,
			From: clock(start.In(time.FixedZone("", before))), To: clock(start.In(loc)),
			Choices: [2]time.Time{naive.Add(-g), naive.Add(g)}}
	}
	for _, dd := range []time.Duration{-time.Hour, time.Hour, -30 * time.Minute, 30 * time.Minute, -2 * time.Hour, 2 * time.Hour} {
		if u := t.Add(dd); same(u) {
			first, second := t, u
			if u.Before(t) {
				first, second = u, t
			}
			_, end := first.In(loc).ZoneBounds() // the instant the clocks went back
			_, offBefore := first.In(loc).Zone()
			return time.Time{}, &WallClockError{Typed: typed, Zone: zone,
				From: clock(end.In(time.FixedZone("", offBefore))), To: clock(end.In(loc)),
				Choices: [2]time.Time{first.In(loc), second.In(loc)}}
		}
	}
	return t, nil
}
