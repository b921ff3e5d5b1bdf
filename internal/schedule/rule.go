package schedule

import (
	"math"
	"slices"
	"time"
)

// Reasons for Plan.Unclear. They describe the shape of the data, never its content.
const (
	reasonNoDosage     = "no dosage instructions"
	reasonNoTiming     = "no structured timing"
	reasonCode         = "timing code not understood"
	reasonCodeDisagree = "timing code and repeat disagree"
	reasonNegative     = "negative number in timing"
	reasonFreqRange    = "a range of how often (e.g. 1-2 times)"
	reasonPeriodRange  = "a range of intervals (e.g. every 4-6 hours)"
	reasonCountRange   = "a range of number of doses"
	reasonTodAndWhen   = "both times of day and daily events"
	reasonOffset       = "offset without a suitable daily event"
	reasonNoUnit       = "period without a unit"
	reasonNoPeriod     = "frequency without a period"
	reasonNoTimes      = "no times or repeat rule"
	reasonTooOften     = "more often than every hour"
	reasonTooRare      = "interval longer than a week"
	reasonFraction     = "fractional period"
	reasonMultiPerN    = "several doses spread over several days"
	reasonTimesCount   = "number of times does not match frequency"
	reasonNoDays       = "several doses a week without days of the week"
	reasonDaysPeriod   = "days of the week with this period"
	reasonUnit         = "period unit not supported"
	reasonManyDaily    = "more than six times a day without times"
	reasonWhen         = "daily event code not supported"
	reasonEvents       = "explicit dates combined with a repeat rule"
	reasonNoStart      = "no start date"
	reasonOpenPhase    = "a step has no end, so the next step cannot start"
	reasonBadClock     = "time of day out of range"
	reasonBadWeekday   = "day of week out of range"
	reasonDuration     = "bounds duration not supported"
	reasonBoundsRange  = "bounds given as a range"
	reasonModifier     = "modifier extension present"
	reasonUnordered    = "several dosages without an order"
	reasonFieldType    = "a dosage field has an unexpected type"
	reasonBadDate      = "a date could not be read"
	reasonBoundsOrder  = "bounds end before they start"
	reasonCountTooBig  = "count too large"
	reasonManyEvents   = "too many explicit dates"
)

type ruleKind uint8

const (
	rkDays     ruleKind = iota // wall-clock times on matching days
	rkInterval                 // every N (elapsed)
	rkEvents                   // explicit dates
)

type cycleKind uint8

const (
	cyDaily cycleKind = iota
	cyWeekly
	cyMonthly
	cyYearly
)

// rule is a Timing normalised for generation.
type rule struct {
	kind     ruleKind
	times    []Clock // sorted, unique (rkDays)
	cycle    cycleKind
	every    int   // N days / weeks / months / years
	mask     uint8 // weekdays (bit = time.Weekday) for cyWeekly; 0 = the start's weekday
	interval time.Duration
	anchored bool // rkInterval: anchored on the single event
	labels   []string
	// picked: the record gives no times of day (a frequency, a code such as BID): the times
	// are CareKeeper's, from the person's routine, and are said as such (F46).
	picked bool
	// named: the record names when in the day (an EventTiming such as HS "at bedtime", a
	// code such as BED): picked times that place the record's words, not a bare frequency's.
	named bool
}

type gtsCode struct {
	freq   int
	period float64
	unit   string
	when   string
}

// gtsCodes maps the v3 GTSAbbreviation codes of the FHIR timing-abbreviation value set whose
// meaning is unambiguous. AM is "every morning", PM "every afternoon/evening" (we use EVE), BED
// "at bedtime". JB/JE (business days without holidays) and the rest are not mapped.
var gtsCodes = map[string]gtsCode{
	"QD":  {1, 1, "d", ""},
	"BID": {2, 1, "d", ""},
	"TID": {3, 1, "d", ""},
	"QID": {4, 1, "d", ""},
	"QOD": {1, 2, "d", ""},
	"AM":  {1, 1, "d", "MORN"},
	"PM":  {1, 1, "d", "EVE"},
	"BED": {1, 1, "d", "HS"},
	"Q1H": {1, 1, "h", ""},
	"Q2H": {1, 2, "h", ""},
	"Q3H": {1, 3, "h", ""},
	"Q4H": {1, 4, "h", ""},
	"Q6H": {1, 6, "h", ""},
	"Q8H": {1, 8, "h", ""},
	"WK":  {1, 1, "wk", ""},
	"MO":  {1, 1, "mo", ""},
}

// whenCodes lists the supported EventTiming codes, with a plain label.
var whenCodes = map[string]string{
	"WAKE": "on waking", "MORN": "in the morning", "MORN.early": "early morning", "MORN.late": "late morning",
	"NOON": "at noon", "AFT": "in the afternoon", "AFT.early": "early afternoon", "AFT.late": "late afternoon",
	"EVE": "in the evening", "EVE.early": "early evening", "EVE.late": "late evening",
	"NIGHT": "at night", "HS": "at bedtime",
	"C": "with meals", "CM": "with breakfast", "CD": "with lunch", "CV": "with dinner",
	"AC": "before meals", "ACM": "before breakfast", "ACD": "before lunch", "ACV": "before dinner",
	"PC": "after meals", "PCM": "after breakfast", "PCD": "after lunch", "PCV": "after dinner",
}

// whenClocks gives the routine times of one EventTiming code (before offset).
func whenClocks(code string, r Routine) []Clock {
	switch code {
	case "WAKE", "MORN.early":
		return []Clock{r.Wake}
	case "MORN":
		return []Clock{r.Breakfast}
	case "MORN.late":
		return []Clock{between(r.Breakfast, r.Lunch, 1, 2)}
	case "NOON":
		return []Clock{12 * 60}
	case "AFT":
		return []Clock{between(r.Lunch, r.Dinner, 1, 2)}
	case "AFT.early":
		return []Clock{between(r.Lunch, r.Dinner, 1, 3)}
	case "AFT.late":
		return []Clock{between(r.Lunch, r.Dinner, 2, 3)}
	case "EVE":
		return []Clock{between(r.Dinner, r.Bed, 1, 2)}
	case "EVE.early":
		return []Clock{r.Dinner}
	case "EVE.late", "NIGHT", "HS":
		return []Clock{r.Bed}
	case "C", "AC", "PC":
		return []Clock{r.Breakfast, r.Lunch, r.Dinner}
	case "CM", "ACM", "PCM":
		return []Clock{r.Breakfast}
	case "CD", "ACD", "PCD":
		return []Clock{r.Lunch}
	case "CV", "ACV", "PCV":
		return []Clock{r.Dinner}
	}
	return nil
}

// spread gives the routine times for "n times a day" with no times given.
func spread(n int, r Routine) []Clock {
	switch n {
	case 1:
		return []Clock{r.Breakfast}
	case 2:
		return []Clock{r.Breakfast, r.Dinner}
	case 3:
		return []Clock{r.Breakfast, r.Lunch, r.Dinner}
	case 4:
		return []Clock{r.Breakfast, r.Lunch, r.Dinner, r.Bed}
	}
	out := make([]Clock, n)
	for i := range n {
		c := between(r.Wake, r.Bed, i, n-1)
		out[i] = Clock((int(c)+2)/5*5) % 1440
	}
	return out
}

var unitSeconds = map[string]float64{"s": 1, "min": 60, "h": 3600}

const (
	maxDays   = 3660
	maxWeeks  = 520
	maxMonths = 120
	maxYears  = 10
	maxCount  = 1_000_000
)

func isWholeIn(v float64, max int) (int, bool) {
	if v != math.Trunc(v) || v < 1 || v > float64(max) {
		return 0, false
	}
	return int(v), true
}

// rule normalises t. The reason is non-empty when t cannot be turned into times.
func (t *Timing) rule(r Routine) (rule, string) {
	r = r.sane()
	hasRepeat := t.Frequency != 0 || t.Period != 0 || t.PeriodUnit != "" || len(t.TimeOfDay) > 0 ||
		len(t.When) > 0 || len(t.DayOfWeek) > 0 || t.Code != ""
	if len(t.Events) > 0 {
		if !hasRepeat {
			return rule{kind: rkEvents}, ""
		}
		if len(t.Events) == 1 {
			ru, why := t.repeatRule(r)
			if why == "" && ru.kind == rkInterval {
				ru.anchored = true
				return ru, ""
			}
		}
		return rule{}, reasonEvents
	}
	return t.repeatRule(r)
}

func (t *Timing) repeatRule(r Routine) (rule, string) {
	f, per, unit, when := t.Frequency, t.Period, t.PeriodUnit, t.When
	tod := t.TimeOfDay
	if t.Code != "" {
		// The code is a complete statement of the timing (FHIR R4 Timing.code): it is combined
		// with the repeat, never dropped; when the two disagree the plan is Unclear.
		c, known := gtsCodes[t.Code]
		structural := f != 0 || per != 0 || unit != "" || len(tod) > 0 || len(when) > 0 || len(t.DayOfWeek) > 0
		switch {
		case !known && (t.Code != "?" || !structural):
			// A GTSAbbreviation code we do not know; or a code of another system with nothing
			// else to go by.
			return rule{}, reasonCode
		case known:
			if (per != 0 || unit != "" || f != 0) && (c.period != per || c.unit != unit || (f != 0 && f != c.freq)) {
				return rule{}, reasonCodeDisagree
			}
			f, per, unit = c.freq, c.period, c.unit
			if c.when != "" {
				switch {
				case len(when) > 0:
					if len(when) != 1 || !whenFits(c.when, when[0]) {
						return rule{}, reasonCodeDisagree
					}
				case len(tod) > 0:
					if len(tod) != 1 || !clockFits(c.when, tod[0]) {
						return rule{}, reasonCodeDisagree
					}
				default:
					when = []string{c.when}
				}
			}
			if unit == "h" && len(tod) > 0 {
				// Q6H at 06:00, 12:00, 18:00 and 24:00: the institution's fixed times for the
				// interval, every day. Anything else disagrees with the interval.
				if len(t.DayOfWeek) > 0 || !evenlySpaced(tod, per) {
					return rule{}, reasonCodeDisagree
				}
				f, per, unit = len(tod), 1, "d"
			}
		}
	}
	switch {
	case f < 0 || t.FrequencyMax < 0 || per < 0 || t.PeriodMax < 0 || t.Count < 0 || t.CountMax < 0 || t.BoundsDuration < 0:
		return rule{}, reasonNegative
	case math.IsNaN(per) || math.IsInf(per, 0) || math.IsNaN(t.PeriodMax) || math.IsNaN(t.BoundsDuration) || math.IsInf(t.BoundsDuration, 0):
		return rule{}, reasonNegative
	case t.FrequencyMax != 0 && t.FrequencyMax != f:
		return rule{}, reasonFreqRange
	case t.PeriodMax != 0 && t.PeriodMax != per:
		return rule{}, reasonPeriodRange
	case t.CountMax != 0 && t.CountMax != t.Count:
		return rule{}, reasonCountRange
	case t.Count > maxCount:
		return rule{}, reasonCountTooBig
	case len(tod) > 0 && len(when) > 0:
		return rule{}, reasonTodAndWhen
	case per != 0 && unit == "":
		return rule{}, reasonNoUnit
	case per == 0 && unit != "":
		return rule{}, reasonNoPeriod
	case f != 0 && per == 0:
		return rule{}, reasonNoPeriod
	}
	if t.Offset != 0 {
		if len(when) == 0 {
			return rule{}, reasonOffset
		}
		for _, w := range when {
			if w == "C" || w == "CM" || w == "CD" || w == "CV" {
				return rule{}, reasonOffset
			}
		}
		if t.Offset > 720 || t.Offset < -720 {
			return rule{}, reasonOffset
		}
	}
	// "every 12 hours at 08:00 and 20:00" (a discharge's q12h with its times) and MEDHOST's "2
	// per 24 h at 09:00 and 21:00": a period in hours whose doses fall at as many evenly spaced
	// times of day as it gives a day is those times every day, as Q6H's code with its times is.
	// They were refused as times that "do not match how many times a day it says" (F473).
	// Times that disagree with the interval stay unclear.
	if secs, ok := unitSeconds[unit]; ok && len(tod) > 0 && len(when) == 0 && per > 0 {
		if hours := per * secs / 3600 / float64(max(f, 1)); evenlySpaced(tod, hours) {
			f, per, unit = len(tod), 1, "d"
		}
	}
	var mask uint8
	for _, d := range t.DayOfWeek {
		if d < time.Sunday || d > time.Saturday {
			return rule{}, reasonBadWeekday
		}
		mask |= 1 << d
	}

	// Explicit times: timeOfDay or when (+offset); n counts them before de-duplication.
	var times []Clock
	var labels []string
	for _, c := range tod {
		if !c.Valid() {
			return rule{}, reasonBadClock
		}
		times = append(times, c)
	}
	for _, w := range when {
		label, ok := whenCodes[w]
		if !ok {
			return rule{}, reasonWhen
		}
		before := len(w) >= 2 && w[:2] == "AC"
		if (before || len(w) >= 2 && w[:2] == "PC") && t.Offset > 0 {
			// "30 minutes before breakfast", as the record says it: "before breakfast
			// (07:00 …)" left the half hour out (F405)
			d := durationWords(time.Duration(t.Offset) * time.Minute)
			if d == "hour" {
				d = "1 hour"
			}
			label = d + " " + label
		}
		labels = append(labels, label)
		for _, c := range whenClocks(w, r) {
			m := int(c) + t.Offset
			if before {
				m = int(c) - t.Offset
			}
			times = append(times, Clock(((m%1440)+1440)%1440))
		}
	}
	explicit := len(times)
	// once returns the times for one dose per matching day.
	once := func() ([]Clock, string) {
		if explicit == 0 {
			return []Clock{r.Breakfast}, ""
		}
		if f != 0 && f != explicit {
			return nil, reasonTimesCount
		}
		return times, ""
	}
	ru := rule{kind: rkDays, cycle: cyDaily, every: 1, labels: labels}
	var why string
	switch unit {
	case "":
		if explicit == 0 && mask == 0 {
			return rule{}, reasonNoTimes
		}
		ru.times, why = once()
		if mask != 0 {
			ru.cycle, ru.mask = cyWeekly, mask
		}
	case "s", "min", "h":
		if explicit > 0 || mask != 0 {
			return rule{}, reasonTimesCount
		}
		secs := per * unitSeconds[unit] / float64(max(f, 1))
		if secs > 2*MaxInterval.Seconds() { // (keeps the Duration below from overflowing)
			return rule{}, reasonTooRare
		}
		iv := time.Duration(math.Round(secs)) * time.Second // as EveryHours rounds it
		if CheckInterval(iv) != nil {
			if iv > MaxInterval {
				return rule{}, reasonTooRare
			}
			return rule{}, reasonTooOften
		}
		return rule{kind: rkInterval, interval: iv}, ""
	case "d":
		n, ok := isWholeIn(per, maxDays)
		if !ok {
			return rule{}, reasonFraction
		}
		ru.every = n
		switch {
		case n == 1 && explicit == 0:
			fq := max(f, 1)
			if fq > 6 {
				return rule{}, reasonManyDaily
			}
			ru.times = spread(fq, r)
		case n == 1:
			ru.times, why = once()
		case f > 1:
			return rule{}, reasonMultiPerN
		default:
			ru.times, why = once()
		}
		if mask != 0 {
			if n != 1 {
				return rule{}, reasonDaysPeriod
			}
			if mask != 1<<7-1 { // every day of the week is every day ("twice a day at 09:00 and 21:00")
				ru.cycle, ru.mask = cyWeekly, mask
			}
		}
	case "wk":
		n, ok := isWholeIn(per, maxWeeks)
		if !ok {
			return rule{}, reasonFraction
		}
		ru.cycle, ru.every, ru.mask = cyWeekly, n, mask
		ru.times = times
		if explicit == 0 {
			ru.times = []Clock{r.Breakfast}
		}
		perWeek := len(ru.times)
		if mask != 0 {
			perWeek *= popcount(mask)
		}
		if mask == 0 && max(f, 1) != perWeek {
			if f > 1 && explicit <= 1 {
				return rule{}, reasonNoDays
			}
			return rule{}, reasonTimesCount
		}
		// "frequency 1 per week" on Mon, Wed and Fri at 18:00, as GP systems write warfarin's
		// days (F417): the frequency counts the doses of each day given, the days and times
		// say when; with no time of day it stays unclear.
		if mask != 0 && f != 0 && f != perWeek && !(explicit > 0 && f == len(ru.times)) {
			return rule{}, reasonTimesCount
		}
	case "mo", "a":
		lim, cy := maxMonths, cyMonthly
		if unit == "a" {
			lim, cy = maxYears, cyYearly
		}
		n, ok := isWholeIn(per, lim)
		if !ok {
			return rule{}, reasonFraction
		}
		if mask != 0 {
			return rule{}, reasonDaysPeriod
		}
		if f > 1 {
			return rule{}, reasonMultiPerN
		}
		ru.cycle, ru.every = cy, n
		ru.times, why = once()
		if why == "" && len(ru.times) != 1 {
			why = reasonTimesCount
		}
	default:
		return rule{}, reasonUnit
	}
	if why != "" {
		return rule{}, why
	}
	ru.picked = len(tod) == 0 // no clock time in the record: a frequency, a code, or "before breakfast" from the routine
	ru.named = explicit > 0
	ru.times = slices.Clone(ru.times)
	slices.Sort(ru.times)
	ru.times = slices.Compact(ru.times)
	return ru, ""
}

// whenFits reports whether the EventTiming code w says the same as the code's own event
// (AM: morning, PM: afternoon or evening, BED: bedtime).
func whenFits(codeWhen, w string) bool {
	switch codeWhen {
	case "MORN":
		return slices.Contains([]string{"MORN", "MORN.early", "MORN.late", "WAKE", "CM", "ACM", "PCM"}, w)
	case "EVE":
		return slices.Contains([]string{"AFT", "AFT.early", "AFT.late", "EVE", "EVE.early", "EVE.late", "CV", "ACV", "PCV", "NIGHT"}, w)
	case "HS":
		return slices.Contains([]string{"HS", "NIGHT", "EVE.late"}, w)
	}
	return false
}

// clockFits reports whether a time of day is in the part of the day the code's event names:
// AM before noon, PM from noon, BED from 18:00 to 03:59.
func clockFits(codeWhen string, c Clock) bool {
	switch codeWhen {
	case "MORN":
		return c < 12*60
	case "EVE":
		return c >= 12*60
	case "HS":
		return c >= 18*60 || c < 4*60
	}
	return false
}

// evenlySpaced reports whether the times of day are every `hours` hours round the clock.
func evenlySpaced(tod []Clock, hours float64) bool {
	step := int(hours * 60)
	if hours != math.Trunc(hours) || step <= 0 || 1440%step != 0 || len(tod) != 1440/step {
		return false
	}
	cs := slices.Clone(tod)
	slices.Sort(cs)
	for i := 1; i < len(cs); i++ {
		if int(cs[i]-cs[i-1]) != step {
			return false
		}
	}
	return true
}

func popcount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// needsOrigin reports whether the rule needs a start date to place its doses.
func (ru rule) needsOrigin() bool {
	switch ru.kind {
	case rkInterval:
		return !ru.anchored
	case rkEvents:
		return false
	}
	switch ru.cycle {
	case cyDaily:
		return ru.every != 1
	case cyWeekly:
		return ru.every != 1 || ru.mask == 0
	}
	return true
}
