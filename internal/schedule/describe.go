package schedule

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Describe says the plan in plain words: "twice a day at 07:30 and 18:30", "twice a day
// (07:30 and 18:30 are CareKeeper's times: change them)" when the record gives none, "every 8 hours",
// "Mon, Wed, Fri at 09:00", "as needed", "set the times yourself". A plan with several phases
// names each phase's dose, as the record writes it ("4 TAB"), and joins consecutive phases with
// "then"; DescribeDoses says the doses in words.
func (p Plan) Describe(r Routine) string { return p.DescribeDoses(r, nil) }

// DescribeDoses is Describe with each phase's dose said by doseWords ("4 TAB" → "4 tablets":
// health.DoseWords, which this package cannot import; nil: as written) (F182).
func (p Plan) DescribeDoses(r Routine, doseWords func(string) string) string {
	if p.Unclear == GivenByCareTeam {
		// docetaxel every 21 days at the day clinic is not the person's to time (F532)
		if last, ok := p.LastDay(); ok {
			return "given by the care team, until " + last.Format("2 Jan 2006")
		}
		return "given by the care team"
	}
	if p.Unclear == RunsAtARate {
		// oxygen for 15 hours a day has no moment to remind of (F551)
		s := "runs over hours, not taken as doses"
		if p.Rate != "" {
			s = p.Rate + "; " + s
		}
		if last, ok := p.LastDay(); ok {
			s += ", until " + last.Format("2 Jan 2006")
		}
		return s
	}
	if p.Problem() != "" {
		// The course's end stays said: a 7-day antibiotic whose times cannot be followed read
		// "set the times yourself" alone, its end on 11 Dec dropped (F391).
		if last, ok := p.LastDay(); ok {
			return "until " + last.Format("2 Jan 2006") + "; set the times yourself"
		}
		return "set the times yourself"
	}
	if p.AsNeeded {
		return p.asNeededWords()
	}
	order := make([]int, len(p.Phases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p.Phases[a].Sequence, p.Phases[b].Sequence) })
	multi := len(p.Phases) > 1
	// the days of a phase given as a length ("for 5 days") from a known start: a taper said
	// "8 tablets …, for 5 days; then 4 tablets …, for 5 days" and nobody could tell which step
	// was today's (F404). Wall dates: the zone does not matter to them.
	spans, _ := resolvePlan(p.Phases, time.UTC, r)
	var groups []string
	for gi := 0; gi < len(order); {
		gj := gi
		for gj < len(order) && p.Phases[order[gj]].Sequence == p.Phases[order[gi]].Sequence {
			gj++
		}
		var parts []string
		for _, i := range order[gi:gj] {
			ph := p.Phases[i]
			s := describePhase(ph, r)
			if gj-gi > 1 {
				// beside the other days' dosage, one day is a day like the others: "2 tablets
				// Sun at 09:00", not "once a week on Sun" (F442)
				s = strings.TrimPrefix(s, "once a week on ")
			}
			if sp := spans[i]; ph.Timing.BoundsEnd.IsZero() && ph.Timing.BoundsDuration > 0 && !sp.start.IsZero() && sp.end.After(sp.start) {
				if j := strings.LastIndex(s, ", for "); j >= 0 {
					s = s[:j] + ", " + sp.start.Format("2 Jan 2006") + " to " + sp.end.Add(-time.Nanosecond).Format("2 Jan 2006")
				}
			}
			if multi && ph.Dose != "" {
				d := ph.Dose
				if doseWords != nil {
					d = doseWords(d)
				}
				s = d + " " + s
			}
			parts = append(parts, s)
		}
		groups = append(groups, strings.Join(parts, "; and "))
		gi = gj
	}
	return strings.Join(groups, "; then ")
}

// LastDay is the day of the plan's last dose when every phase ends on a date or time its
// record gives (boundsPeriod.end), as the record writes it; ok false when one goes on, or
// ends after a length or a count of doses.
func (p Plan) LastDay() (time.Time, bool) {
	var end time.Time
	for _, ph := range p.Phases {
		if ph.AsNeeded {
			continue
		}
		if b := ph.Timing; b.BoundsEnd.IsZero() || (!b.BoundsStart.IsZero() && !b.BoundsEnd.After(b.BoundsStart)) {
			return time.Time{}, false // goes on, or its dates are the wrong way round
		}
		if ph.Timing.BoundsEnd.After(end) {
			end = ph.Timing.BoundsEnd
		}
	}
	if end.IsZero() {
		return time.Time{}, false
	}
	return end.Add(-time.Nanosecond), true // BoundsEnd is the first instant after it
}

var timesWords = []string{"", "once", "twice", "three times", "four times", "five times", "six times"}

func timesWord(n int) string {
	if n < len(timesWords) {
		return timesWords[n]
	}
	return strconv.Itoa(n) + " times"
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func clockList(cs []Clock) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.String()
	}
	return joinAnd(s)
}

var dayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

func maskNames(m uint8) string {
	var s []string
	for _, d := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		if m&(1<<d) != 0 {
			s = append(s, dayNames[d])
		}
	}
	return strings.Join(s, ", ")
}

// wallDate is t's calendar date as written (Floating) or in its own zone.
func wallDate(t time.Time) (int, time.Month, int) { return t.Date() }

func describePhase(ph Phase, r Routine) string {
	if ph.AsNeeded {
		return "as needed"
	}
	tm := ph.Timing
	ru, _ := tm.rule(r)
	var s string
	switch ru.kind {
	case rkEvents:
		evs := uniqueInstants(slices.Clone(tm.Events))
		dates := map[[3]int]bool{}
		for _, e := range evs {
			y, m, d := wallDate(e)
			dates[[3]int{y, int(m), d}] = true
		}
		switch {
		case len(evs) == 1:
			s = "once, " + evs[0].Format("2 Jan 2006 15:04")
		case len(dates) == len(evs):
			s = "on " + strconv.Itoa(len(evs)) + " dates"
		case len(dates) == 1:
			s = strconv.Itoa(len(evs)) + " times on " + evs[0].Format("2 Jan 2006")
		default:
			s = strconv.Itoa(len(evs)) + " times on " + strconv.Itoa(len(dates)) + " dates"
		}
	case rkInterval:
		s = "every " + durationWords(ru.interval)
		if ru.anchored {
			s += " from " + tm.Events[0].Format("2 Jan 2006 15:04")
		} else if at, ok := pickedStart(tm, r); ok {
			// "every 8 hours from 1 Dec 2026 07:30 (CareKeeper's time: change it)" (F188)
			s += " from " + at.Format("2 Jan 2006 15:04") + " (CareKeeper's time: change it)"
		}
	default:
		s = describeDays(ru, tm)
	}
	if len(ru.labels) > 0 && ru.picked {
		// "once a day before breakfast (07:30 is CareKeeper's time: change it)"
		if i := strings.Index(s, " ("); i >= 0 {
			s = s[:i] + " " + joinAnd(ru.labels) + s[i:]
		}
	} else if len(ru.labels) > 0 {
		s += " (" + joinAnd(ru.labels) + ")"
	}
	if tm.Count > 0 {
		s += ", " + strconv.Itoa(tm.Count) + " doses"
	}
	switch {
	case !tm.BoundsEnd.IsZero():
		end := tm.BoundsEnd.Add(-time.Nanosecond)
		if !tm.BoundsStart.IsZero() {
			s += ", " + tm.BoundsStart.Format("2 Jan 2006") + " to " + end.Format("2 Jan 2006")
		} else {
			s += ", until " + end.Format("2 Jan 2006")
		}
	case tm.BoundsDuration > 0:
		s += ", for " + num(tm.BoundsDuration) + " " + unitWords[tm.BoundsDurationUnit]
	}
	return s
}

var unitWords = map[string]string{"s": "seconds", "min": "minutes", "h": "hours", "d": "days", "wk": "weeks", "mo": "months", "a": "years"}

// asNeededWords says an as-needed plan with what it is for and what the record says about how
// often: "as needed for wheezing, at least 6 hours apart", "as needed, at least 4 hours apart,
// at most 3 doses a day" (the limits Today asks about before a dose, F71, F165; the reason,
// F360).
func (p Plan) asNeededWords() string {
	s := "as needed"
	if f := p.AsNeededFor(); f != "" {
		s += " for " + f
	}
	if w := p.Limit().Words(); w != "" {
		s += ", " + w
	}
	return s
}

// AsNeededFor is what the plan's as-needed doses are for, in words ("wheezing"; "" when the
// record does not say).
func (p Plan) AsNeededFor() string {
	var fors []string
	for _, ph := range p.Phases {
		if ph.AsNeeded && ph.For != "" && !slices.Contains(fors, ph.For) {
			fors = append(fors, ph.For)
		}
	}
	return joinAnd(fors)
}

func durationWords(d time.Duration) string {
	switch {
	case d%time.Hour == 0 && d == time.Hour:
		return "hour"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + " hours"
	default:
		return strconv.FormatInt(int64(d/time.Minute), 10) + " minutes"
	}
}

func describeDays(ru rule, tm Timing) string {
	// " at 08:00", or for times the record did not give " (08:00 is CareKeeper's time: change
	// it)": one wording for every schedule (F55), and CareKeeper's picks never read as the
	// record's (F46).
	at := " at " + clockList(ru.times)
	if ru.picked {
		at = " (" + clockList(ru.times) + " is CareKeeper's time: change it)"
		if len(ru.times) > 1 {
			at = " (" + clockList(ru.times) + " are CareKeeper's times: change them)"
		}
	}
	n := len(ru.times)
	start := tm.BoundsStart
	switch ru.cycle {
	case cyDaily:
		switch ru.every {
		case 1:
			return timesWord(n) + " a day" + at
		case 2:
			return "every other day" + at
		}
		return "every " + strconv.Itoa(ru.every) + " days" + at
	case cyWeekly:
		mask := ru.mask
		if mask == 0 && !start.IsZero() {
			mask = 1 << start.Weekday()
		}
		days := maskNames(mask)
		switch {
		case ru.every == 1 && ru.mask&(ru.mask-1) == 0 && ru.mask != 0 && n == 1:
			// one day a week: "once a week on Mon at 08:00", not "Mon at 08:00" — weekly
			// methotrexate said as plainly as the summary says it (F405)
			return "once a week on " + days + at
		case ru.every == 1 && ru.mask != 0:
			return days + at
		case ru.every == 1 && days != "":
			return "once a week on " + days + at
		case ru.every == 1:
			return "once a week" + at
		case days != "":
			return "every " + strconv.Itoa(ru.every) + " weeks on " + days + at
		}
		return "every " + strconv.Itoa(ru.every) + " weeks" + at
	case cyMonthly:
		s := "once a month"
		if ru.every > 1 {
			s = "every " + strconv.Itoa(ru.every) + " months"
		}
		if !start.IsZero() {
			_, _, d := wallDate(start)
			s += " on day " + strconv.Itoa(d)
		}
		return s + at
	}
	s := "once a year"
	if ru.every > 1 {
		s = "every " + strconv.Itoa(ru.every) + " years"
	}
	if !start.IsZero() {
		s += " on " + start.Format("2 Jan")
	}
	return s + at
}

// PickedTimes reports whether the plan's times of day are CareKeeper's (the record gives a
// frequency or a code such as BID, no times): no one set them, so a dose at one of them that
// passed before the medicine was in CareKeeper was not missed (F46).
func (p Plan) PickedTimes() bool {
	if p.Problem() != "" || p.AsNeeded {
		return false
	}
	for _, ph := range p.Phases {
		if ph.AsNeeded {
			continue
		}
		if ru, why := ph.Timing.rule(DefaultRoutine()); why == "" && (ru.kind == rkDays && ru.picked || ru.kind == rkInterval && !ru.anchored) {
			return true // CareKeeper's times: from the routine, or an "every 8 hours" it started
		}
	}
	return false
}

// NamesTimeOfDay reports whether the plan's record says when in the day each dose is taken,
// by a clock time or by words of the day ("at bedtime", EventTiming HS; "with breakfast"):
// false when a dose's phase gives only how often ("once a day", "every 24 hours"), whose
// times are CareKeeper's alone. Of two copies of one course, one reminding at bedtime (22:00)
// and one "every 24 hours" (07:30), the bedtime is the record's (F516).
func (p Plan) NamesTimeOfDay() bool {
	if p.Problem() != "" || p.AsNeeded {
		return false
	}
	n := 0
	for _, ph := range p.Phases {
		if ph.AsNeeded {
			continue
		}
		ru, why := ph.Timing.rule(DefaultRoutine())
		if why != "" || ru.kind != rkDays || ru.picked && !ru.named {
			return false
		}
		n++
	}
	return n > 0
}

// pickedStart is CareKeeper's first dose of an "every N hours" timing that starts on a day
// with no time (the record's date, authoredOn "2026-12-01") and has no event to count from:
// breakfast that day (the person's routine), a Floating time, never midnight (F188).
func pickedStart(tm Timing, r Routine) (time.Time, bool) {
	s := tm.BoundsStart
	if s.IsZero() || !IsFloating(s) || len(tm.Events) > 0 || len(tm.TimeOfDay) > 0 {
		return time.Time{}, false
	}
	if h, m, sec := s.Clock(); h != 0 || m != 0 || sec != 0 || s.Nanosecond() != 0 {
		return time.Time{}, false
	}
	b := int(r.sane().Breakfast)
	y, mo, d := s.Date()
	return time.Date(y, mo, d, b/60, b%60, 0, 0, Floating), true
}

// CannotChange is a plan's words (Describe) for a device that cannot change its times (one
// that only views the person, or no longer shares them): CareKeeper's picked times are said
// without ": change it" — "(07:30 is CareKeeper's time)" — where the change would be refused
// (F525 item 1).
func CannotChange(words string) string {
	return strings.NewReplacer("'s time: change it)", "'s time)", "'s times: change them)", "'s times)").Replace(words)
}
