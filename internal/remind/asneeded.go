package remind

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/schedule"
)

// DoseCaution says, in plain words, why logging a dose of a medicine at `at` goes against what
// its record says (schedule.Plan.Limit): sooner than the least time between doses ("The last
// dose was at 14:10, 1 hour ago. This medicine says at least 4 hours between doses."), or over
// the most doses in a day ("3 doses were logged in the last 24 hours, the last at 14:10. This
// medicine says at most 3 doses a day."). "" when it does not, or the record says nothing.
// Times are on the person's clock, named when it is not this computer's. The app's Today
// asks it (with AnotherDose) before 'Log a dose', 'carekeeper dose log' before writing (F71).
func (m *Model) DoseCaution(med *Medicine, at time.Time) string {
	if med == nil {
		return ""
	}
	l := med.Plan.Limit()
	if l.MinGap <= 0 && l.MaxDoses <= 0 {
		return ""
	}
	z := m.Zone(med.Profile)
	var last time.Time
	inPer := 0
	for _, d := range m.Doses[med.Key()] {
		if !d.Taken || d.When.After(at) {
			continue
		}
		if d.When.After(last) {
			last = d.When
		}
		if l.MaxDoses > 0 && at.Sub(d.When) < l.Per {
			inPer++
		}
	}
	if last.IsZero() {
		return ""
	}
	when := z.Clock(last)
	if !sameDay(last, at, z.Loc) {
		when = z.Date(last) + ", " + when
	}
	if z.Differs(last) {
		when += " " + z.Name(last)
	}
	var says []string
	if l.MinGap > 0 && at.Sub(last) < l.MinGap {
		says = append(says, fmt.Sprintf("The last dose was at %s, %s. This medicine says at least %s between doses.",
			when, agoWords(at.Sub(last)), spanWords(l.MinGap)))
	}
	logged := plural(inPer, "dose") + " were"
	if inPer == 1 {
		logged = "1 dose was"
	}
	if given, next, most, ok := givenInUnit(l, m.Doses[med.Key()], at); ok {
		// Counted in what a dose is made of: 2 + 2 + 4 puffs is 8 of Maxime's 8 a day (F538).
		if given+next > most*(1+1e-9) {
			says = append(says, fmt.Sprintf("%s logged in the last %s (%s), the last at %s. This medicine says at most %s.",
				logged, spanWords(l.Per), schedule.AmountWords(given, schedule.DoseUnit(l.Dose)), when, l.MostWords()))
		}
	} else if l.MaxDoses > 0 && inPer >= l.MaxDoses {
		says = append(says, fmt.Sprintf("%s logged in the last %s, the last at %s. This medicine says at most %s.",
			logged, spanWords(l.Per), when, l.MostWords()))
	}
	if len(says) == 0 {
		return ""
	}
	return strings.Join(says, " ")
}

// givenInUnit sums, in what the limit's dose is made of (puffs, tablets: Limit.CountsForm),
// the doses taken in the Per before at — the amount recorded with each when it is in that unit,
// else the record's dose — with the record's dose (next) and the most in that unit; not ok when
// the limit is not counted so.
func givenInUnit(l schedule.Limit, doses []Dose, at time.Time) (given, next, most float64, ok bool) {
	if !l.CountsForm() {
		return 0, 0, 0, false
	}
	if next, _, _ = amountOf(l.Dose, true); next <= 0 {
		return 0, 0, 0, false
	}
	unit := schedule.DoseUnit(l.Dose)
	for _, d := range doses {
		if !d.Taken || d.When.After(at) || at.Sub(d.When) >= l.Per {
			continue
		}
		if n, _, ok := amountOf(d.Amount, true); ok && n > 0 && schedule.DoseUnit(d.Amount) == unit {
			given += n
		} else {
			given += next
		}
	}
	return given, next, l.MostInDoseUnit, true
}

// OverMostWords says the doses of an as-needed medicine taken in its limit's time before at
// when they are over the most its record allows: "10 puffs in the last 24 hours: this medicine
// says at most 8 puffs a day". Maxime was given 2 + 2 + 2 + 4 puffs and Today said "4 doses
// taken today" (F538). "" when within it, or the record gives no most.
func (m *Model) OverMostWords(med *Medicine, at time.Time) string {
	if med == nil {
		return ""
	}
	l := med.Plan.Limit()
	if l.MaxDoses <= 0 && l.MaxAmount != "" && l.AmountPer > 0 {
		return overAmountWords(med, l, m.Doses[med.Key()], at)
	}
	if l.MaxDoses <= 0 || l.Per <= 0 {
		return ""
	}
	doses := m.Doses[med.Key()]
	if given, _, most, ok := givenInUnit(l, doses, at); ok {
		if given <= most*(1+1e-9) {
			return ""
		}
		return fmt.Sprintf("%s in the last %s: this medicine says at most %s", schedule.AmountWords(given, schedule.DoseUnit(l.Dose)), spanWords(l.Per), l.MostWords())
	}
	n := 0
	for _, d := range doses {
		if d.Taken && !d.When.After(at) && at.Sub(d.When) < l.Per {
			n++
		}
	}
	if n <= l.MaxDoses {
		return ""
	}
	return fmt.Sprintf("%s in the last %s: this medicine says at most %s", plural(n, "dose"), spanWords(l.Per), l.MostWords())
}

// overAmountWords is OverMostWords of a most given as an amount (Limit.MaxAmount, a dose
// given as a range: "1–2 puffs … at most 8 puffs a day"): the amounts logged in its AmountPer
// before at, added up in its unit — a dose logged without its amount at the most the record's
// dose may be — when over it: "12 puffs in the last 24 hours: this medicine says at most 8
// puffs a day". Stanisław's 2 + 2 + 2 + 4 + 2 puffs of a 1–2 puff reliever were "5 doses taken
// today" and nothing more (F555). "" within it, or when an amount is in another unit.
func overAmountWords(med *Medicine, l schedule.Limit, doses []Dose, at time.Time) string {
	most, _, ok := amountOf(l.MaxAmount, false)
	unit := schedule.DoseUnit(l.MaxAmount)
	if !ok || most <= 0 || unit == "" {
		return ""
	}
	given := 0.0
	for _, d := range doses {
		if !d.Taken || d.When.After(at) || at.Sub(d.When) >= l.AmountPer {
			continue
		}
		amount := d.Amount
		if amount == "" {
			amount = med.AsNeededDose()
		}
		n, _, ok := amountOf(amount, true)
		if !ok || n <= 0 || schedule.DoseUnit(amount) != unit {
			return ""
		}
		given += n
	}
	if given <= most*(1+1e-9) {
		return ""
	}
	return fmt.Sprintf("%s in the last %s: this medicine says at most %s %s", schedule.AmountWords(given, unit), spanWords(l.AmountPer), l.MaxAmount, schedule.PerWords(l.AmountPer))
}

// AnotherDose is the question asked after DoseCaution's words.
const AnotherDose = "Log another dose anyway?"

// agoWords: "just now", "40 minutes ago", "1 hour ago", "2 hours 5 minutes ago".
func agoWords(d time.Duration) string {
	if d < time.Minute {
		return "just now"
	}
	return spanWords(d) + " ago"
}

// spanWords: "4 hours", "1 hour 30 minutes" (schedule.SpanWords).
func spanWords(d time.Duration) string { return schedule.SpanWords(d) }

// DoseCaution is Model.DoseCaution with the engine's live dose log (a dose just logged counts).
func (e *Engine) DoseCaution(profile, ref string, at time.Time) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return ""
	}
	return e.model.DoseCaution(e.model.Medicine(profile, ref), at)
}

// TooCloseWords says two doses of an as-needed medicine given on two devices of the household
// sooner after each other than its record allows, the later of them in the day before now.
// Each device logged its own before they exchanged, so neither could ask first: after the
// exchange both said only "2 doses taken today, the last at 17:30" (F478). "Given at 16:00 on
// Maria's laptop and at 17:30 on this computer, 1 hour 30 minutes apart: this medicine says at
// least 6 hours between doses." (names and self as TakenTwiceWords); "" when there is no such
// pair, or the record gives no spacing.
func (m *Model) TooCloseWords(med *Medicine, now time.Time, names map[string]string, self string) string {
	gap := med.Plan.Limit().MinGap
	if gap <= 0 {
		return ""
	}
	device := func(d Dose) string {
		if d.Device == "" {
			return self // logged before the household, or on a computer in none
		}
		return d.Device
	}
	z := m.Zone(med.Profile)
	at := func(t time.Time) string {
		if sameDay(t, now, z.Loc) {
			return z.Clock(t)
		}
		return z.Date(t) + ", " + z.Clock(t)
	}
	words := ""
	pairs := m.TooClosePairs(med, func(d Dose) bool { return !d.When.After(now) })
	for i, p := range pairs {
		a, b := p[0], p[1]
		if now.Sub(b.When) >= 24*time.Hour {
			continue
		}
		if device(a) != device(b) {
			words = fmt.Sprintf("Given at %s on %s and at %s on %s, %s.", at(a.When), deviceWords(a.Device, names, self),
				at(b.When), deviceWords(b.Device, names, self), TooCloseApart(b.When.Sub(a.When), gap))
			continue
		}
		// On one device (logged after its caution, or read on another device): the other
		// devices said only "3 doses taken today, the last at 22:02" of three logged at 22:02
		// (F525 item 6). The doses of the run, each too close to the one before, are said.
		run := []Dose{a, b}
		for j := i - 1; j >= 0 && pairs[j][1].When.Equal(run[0].When) && device(pairs[j][0]) == device(a); j-- {
			run = append([]Dose{pairs[j][0]}, run...)
		}
		if len(run) == 2 {
			words = fmt.Sprintf("Given at %s and at %s on %s, %s.", at(a.When), at(b.When), deviceWords(a.Device, names, self),
				TooCloseApart(b.When.Sub(a.When), gap))
			continue
		}
		var times []string
		for _, d := range run {
			times = append(times, at(d.When))
		}
		within := "a minute"
		if span := run[len(run)-1].When.Sub(run[0].When); span >= time.Minute {
			within = spanWords(span)
		}
		words = fmt.Sprintf("%d doses given at %s and %s on %s, within %s: this medicine says at least %s between doses.", len(run),
			strings.Join(times[:len(times)-1], ", "), times[len(times)-1], deviceWords(a.Device, names, self), within, spanWords(gap))
	}
	return words
}

// TooClosePairs are the doses of a medicine taken as needed (given, of no dose time), each with
// the one before it, of those use keeps, given closer together than its record's least time
// between doses (its Limit's MinGap; none when it gives none), in time order. Today
// (TooCloseWords) and the household's exchange (hhvault, F478) find them alike.
func (m *Model) TooClosePairs(med *Medicine, use func(Dose) bool) [][2]Dose {
	gap := med.Plan.Limit().MinGap
	if gap <= 0 {
		return nil
	}
	var taken []Dose
	for _, d := range m.Doses[med.Key()] {
		if d.Taken && d.Occurrence == "" && d.Profile == med.Profile && (use == nil || use(d)) {
			taken = append(taken, d)
		}
	}
	slices.SortStableFunc(taken, func(a, b Dose) int { return a.When.Compare(b.When) })
	var out [][2]Dose
	for i := 1; i < len(taken); i++ {
		if taken[i].When.Sub(taken[i-1].When) < gap {
			out = append(out, [2]Dose{taken[i-1], taken[i]})
		}
	}
	return out
}

// TooCloseApart says two doses of a TooClosePairs pair against the record's least time between
// doses: "1 hour 30 minutes apart: this medicine says at least 6 hours between doses", in
// Today's and the household's words alike.
func TooCloseApart(apart, gap time.Duration) string {
	in := spanWords(apart)
	if apart < time.Minute {
		in = "less than a minute" // not "0 minutes apart" (F525 item 6)
	}
	return fmt.Sprintf("%s apart: this medicine says at least %s between doses", in, spanWords(gap))
}

// TakenAmountWords says how much of an as-needed medicine its doses logged from from to to (both
// included) gave, added up in the unit of its dose: "6 puffs" of 2 + 2 + 2 puffs, "4 tablets"
// of two doses of 2 tablets; a dose logged without its amount counts as its record's dose.
// Today said "3 doses taken today" of Maxime's 2 + 2 + 4 puffs with no word of how much. ""
// when no dose was logged, or the amounts are in no one unit (a "1–2 tablets" dose logged
// without the amount given, a bare "1", a rule by weight "15 mg/kg").
func (m *Model) TakenAmountWords(med *Medicine, from, to time.Time) string {
	if med == nil {
		return ""
	}
	planned := med.AsNeededDose()
	unit := ""
	total := 0.0
	for _, d := range m.Doses[med.Key()] {
		if d.Occurrence != "" || !d.Taken || d.When.Before(from) || d.When.After(to) {
			continue
		}
		amount := d.Amount
		if amount == "" {
			amount = planned
		}
		n, ok := oneAmount(amount)
		u := schedule.DoseUnit(amount)
		if !ok || u == "" || perBodySize(amount) || (unit != "" && u != unit) {
			return ""
		}
		unit = u
		total += n
	}
	if unit == "" {
		return ""
	}
	return schedule.AmountWords(total, unit)
}

// oneAmount is the number of a dose of one amount ("2 {puff}": 2); ok false for a range ("1–2
// tablets") or no number.
func oneAmount(s string) (float64, bool) {
	m := amountNumber.FindStringSubmatch(s)
	if m == nil || m[2] != "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "."), 64)
	return n, err == nil && n > 0
}
