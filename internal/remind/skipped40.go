package remind

import (
	"time"

	"carekeeper/internal/health"
)

// F535: Gérard's cardiology appointment was written "2027-03-14T02:30:00-05:00" — 02:30 on the
// night Montréal's clocks go forward at 02:00, with the winter's offset. No clock there says
// 02:30 that night: the moment it names is 03:30 EDT, and that is what CareKeeper shows, beside
// its own title "arrivée 02 h 30", without a word. Said now wherever the appointment is.

// SkippedWords says an appointment whose record gives a time of day the clocks of loc (the
// person's) skip that night, the hour they go forward: "the record says 02:30 on 14 Mar 2027, a
// time the clocks skip that night (they go forward an hour): shown at 03:30, the moment it
// names — check the time with the clinic". "" for any other (and without a zone).
func (a *Appointment) SkippedWords(loc *time.Location) string {
	wall, shown, ok := skippedWall(a.Written, loc)
	if !ok {
		return ""
	}
	return "the record says " + wall.Format("15:04") + " on " + health.DateWords(wall) +
		", a time the clocks skip that night (they go forward an hour): shown at " + shown.Format("15:04") +
		", the moment it names — check the time with the clinic"
}

// skippedWall reads a FHIR dateTime with its time of day and offset (s) and reports whether
// its wall clock, as written, is one loc's clocks skip: wall is that wall clock (its zone
// meaningless), shown the moment s names on loc's clock.
func skippedWall(s string, loc *time.Location) (wall, shown time.Time, ok bool) {
	if loc == nil || len(s) < len("2006-01-02T15:04") {
		return time.Time{}, time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	w, err := time.Parse("2006-01-02T15:04", s[:len("2006-01-02T15:04")])
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	there := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
	if there.Hour() == w.Hour() && there.Minute() == w.Minute() && there.Day() == w.Day() {
		return time.Time{}, time.Time{}, false // a time that loc's clocks say
	}
	return w, t.In(loc), true
}
