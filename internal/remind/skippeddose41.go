package remind

import "time"

// F557 item 2: Stanisław's nightly Berodual at 02:30, on 28 Mar 2027 when Warsaw's clocks go
// from 02:00 to 03:00, was "03:00 … Berodual N" with no word, while the repeated hour in
// October is said ("02:30 CEST").

// SkippedDoseWords says a dose whose planned time of day loc's clocks (the person's) skip that
// night is given at the moment after: "02:30 does not exist that night: the clocks go forward
// an hour". "" for any other reminder, and without a zone.
func (r *Reminder) SkippedDoseWords(loc *time.Location) string {
	if r.Kind != KindDose || loc == nil || len(r.Occurrence) != len("2006-01-02T15:04") {
		return ""
	}
	w, err := time.Parse("2006-01-02T15:04", r.Occurrence)
	if err != nil {
		return ""
	}
	there := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
	if there.Hour() == w.Hour() && there.Minute() == w.Minute() && there.Day() == w.Day() {
		return "" // a time loc's clocks say
	}
	return w.Format("15:04") + " does not exist that night: the clocks go forward an hour"
}
