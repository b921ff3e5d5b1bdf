package health

import (
	"time"

	"carekeeper/internal/fhirjson"
)

// Clock is the clock a person's records are said on (F78: one rule everywhere — a date or
// time shown for a person is on that person's clock). Loc is their zone (remind.Zone.Loc;
// nil: each record's own offset, as it is written). Name and Here, when set, name that clock
// while it is not this computer's, for the times of day a record's details show ("Dublin
// time", "11:30 here"; remind.Zone gives them); they return "" while the clocks agree.
type Clock struct {
	Loc  *time.Location
	Name func(t time.Time) string
	Here func(t time.Time) string
}

// timeOf reads a FHIR dateTime or instant with a time of day and a zone; ok is false for a
// date, a month, a year, or a time without a zone (those are kept as written).
func timeOf(s string) (time.Time, bool) {
	if len(s) <= len("2006-01-02") {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, fhirjson.LeapSecondAs59(s))
	return t, err == nil
}

// DayIn is the day a FHIR date or dateTime belongs to on the clock loc, in sortable form
// ("2006-01-02"): a time of day with its zone is on the day of its wall clock in loc
// ("2026-12-06T07:30:00Z" is "2026-12-05" in Los Angeles, where it was 23:30); a date, a
// month ("2026-12") or a year is its own, never moved by a zone; loc nil: as written.
func DayIn(s string, loc *time.Location) string {
	if t, ok := timeOf(s); ok && loc != nil {
		return t.In(loc).Format("2006-01-02")
	}
	return Day(s)
}

// DayInWords is DayIn in words: "5 Dec 2026", "December 2026", "2026".
func DayInWords(s string, loc *time.Location) string { return DayWords(DayIn(s, loc)) }

// named adds the clock's name after a time of day, and this computer's time in brackets,
// while the clocks differ at t: "10:30" → "10:30 Dublin time (11:30 here)".
func (c Clock) named(words string, t time.Time) string {
	if c.Name == nil {
		return words
	}
	if n := c.Name(t); n != "" {
		words += " " + n
		if c.Here != nil {
			if h := c.Here(t); h != "" {
				words += " (" + h + ")"
			}
		}
	}
	return words
}

// WhenWords is a FHIR date or dateTime in words on the clock: with its time of day when the
// record gives one ("5 Dec 2026, 10:30", and "5 Dec 2026, 10:30 Dublin time (11:30 here)"
// while the person's clock is not this computer's), else its day as written (DayWords).
func (c Clock) WhenWords(s string) string {
	t, ok := timeOf(s)
	if !ok || c.Loc == nil {
		return DayInWords(s, c.Loc)
	}
	return c.named(DateWallClock(t, c.Loc), t) // "01:30 EDT New York time" on the repeated hour (F482)
}

// PeriodWhenWords is a period with its times of day on the clock: "5 Dec 2026, 10:30 – 11:00
// Dublin time (11:30 here)" (the end's day said when it is another), else PeriodWords on
// the clock's days.
func (c Clock) PeriodWhenWords(p Period) string {
	a, aok := timeOf(p.Start)
	b, bok := timeOf(p.End)
	switch {
	case c.Loc == nil || !aok && !bok:
		return c.PeriodWords(p)
	case aok && !bok && p.End == "":
		return c.named(DateWallClock(a, c.Loc), a)
	case !aok:
		return "until " + c.named(DateWallClock(b, c.Loc), b)
	case !bok:
		return c.PeriodWords(p)
	}
	end := DateWallClock(b, c.Loc)
	if a.In(c.Loc).Format("2006-01-02") == b.In(c.Loc).Format("2006-01-02") {
		end = WallClock(b, c.Loc)
	}
	return c.named(DateWallClock(a, c.Loc)+" – "+end, a)
}

// PeriodWords is PeriodWords with each end's day on the clock.
func (c Clock) PeriodWords(p Period) string {
	if c.Loc == nil {
		return PeriodWords(p)
	}
	return PeriodWords(Period{Start: DayIn(p.Start, c.Loc), End: DayIn(p.End, c.Loc)})
}
