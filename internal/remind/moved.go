package remind

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/schedule"
)

// Doses taken today count against today's doses of the plan (F85). A dose is answered by its
// occurrence key (the planned wall time, "2026-12-03T08:00"), so when the person moves a
// medicine's times after taking a dose (a once-a-day medicine taken at 08:05, moved to 20:00 at
// noon), the taken dose answers a time the plan no longer has, and the new time would be due
// again: a second reminder for the one dose a day, a caregiver alert, adherence "missed".
//
// The rule: on each day of the person (midnight to midnight on their clock, Person.Loc), the
// doses taken that day that answer none of that day's times of the plan count for that day's
// times not yet answered, each for the one nearest to the time it was taken for. A once-a-day
// medicine moved later or earlier after its dose keeps its one dose, taken; a twice-a-day one
// moved from 08:00/20:00 to 09:00/21:00 after the morning dose has 09:00 taken and 21:00 due,
// after the evening dose (the morning missed) 09:00 missed and 21:00 taken (F115). Only doses taken count (a dose skipped
// and then moved later is due at its new time: the person may have moved it to take it then).
// Doses of "every N hours" plans are not counted this way: they already count from the dose
// taken last (schedule.Plan.Occurrences' lastTaken), which gives them new times after each dose.

// movedDays is the day-counted answers of one model and occurrence state, computed per medicine
// and day on first use.
type movedDays struct {
	m     *Model
	occ   map[string]occState
	byDay map[string]map[string]Dose // med key + day → occurrence key of the day's time → the dose it counts
}

func (m *Model) movedDays(occ map[string]occState) *movedDays {
	return &movedDays{m: m, occ: occ, byDay: map[string]map[string]Dose{}}
}

// answer returns the taken dose that a dose reminder, unanswered by its own key, counts as.
func (c *movedDays) answer(r Reminder) (Dose, bool) {
	if r.Kind != KindDose || r.Med == nil {
		return Dose{}, false
	}
	d, ok := c.day(r.Med, r.Due)[r.Occurrence]
	return d, ok
}

// counted reports whether a taken dose counts for another time of its day (it answers a time
// the plan no longer has).
func (c *movedDays) counted(med *Medicine, d Dose) bool {
	at := d.Scheduled
	if at.IsZero() {
		at = d.When
	}
	for _, x := range c.day(med, at) {
		if x.ID == d.ID {
			return true
		}
	}
	return false
}

func (c *movedDays) day(med *Medicine, at time.Time) map[string]Dose {
	p := c.m.person[med.Profile]
	if p == nil {
		return nil
	}
	y, mo, d := at.In(p.Loc).Date()
	start := time.Date(y, mo, d, 0, 0, 0, 0, p.Loc)
	k := med.Key() + " " + start.Format("2006-01-02")
	if got, ok := c.byDay[k]; ok {
		return got
	}
	got := c.m.movedAnswers(c.occ, med, start)
	c.byDay[k] = got
	return got
}

// movedAnswers computes one day's counted answers of a medicine (day: its midnight on the
// person's clock): occurrence key → the taken dose it counts as. nil when there are none.
func (m *Model) movedAnswers(occ map[string]occState, med *Medicine, day time.Time) map[string]Dose {
	p := m.person[med.Profile]
	end := day.AddDate(0, 0, 1)
	// The log is in the order doses were taken: a dose is taken at most a day before its time,
	// and answered at most a week after it (a missed dose answered later).
	log := m.Doses[med.Key()]
	i := sort.Search(len(log), func(i int) bool { return !log[i].When.Before(day.AddDate(0, 0, -1)) })
	answered := map[string]bool{} // the day's occurrences with an answer, taken or skipped
	var taken []Dose
	for _, d := range log[i:] {
		if d.When.After(end.AddDate(0, 0, 7)) {
			break
		}
		at := d.Scheduled
		if at.IsZero() {
			at = d.When
		}
		if d.Occurrence == "" || at.Before(day) || !at.Before(end) {
			continue
		}
		if d.Taken {
			taken = append(taken, d)
		}
		answered[d.Occurrence] = true
	}
	if len(taken) == 0 {
		return nil
	}
	slots := med.Plan.Occurrences(day, end, p.Loc, p.Settings.Routine, med.lastTaken)
	inPlan := make(map[string]bool, len(slots))
	for _, o := range slots {
		inPlan[o.Key] = true
	}
	// The doses taken for times the plan no longer has, one per time.
	var orphans []Dose
	for _, d := range taken {
		if !inPlan[d.Occurrence] && !slices.ContainsFunc(orphans, func(x Dose) bool { return x.Occurrence == d.Occurrence }) {
			orphans = append(orphans, d)
		}
	}
	// The day's times still unanswered.
	var open []schedule.Occurrence
	for _, o := range slots {
		if intervalKey(o.Key) || answered[o.Key] {
			continue
		}
		if s, ok := occ[occKey(med.Profile, med.Key(), o.Key)]; ok && s.acked() {
			continue
		}
		open = append(open, o)
	}
	if len(orphans) == 0 || len(open) == 0 {
		return nil
	}
	// Each taken dose counts for the open time nearest to the time it was taken for, the
	// nearest pairs first (an evening dose taken, then 08:00/20:00 moved to 09:00/21:00, counts
	// for 21:00: the morning stays missed, F115).
	type pair struct {
		o, s int
		d    time.Duration
	}
	var pairs []pair
	for i, d := range orphans {
		for j, o := range open {
			pairs = append(pairs, pair{i, j, cmp.Or(d.Scheduled, d.When).Sub(o.At).Abs()})
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.s, b.s)) })
	out := map[string]Dose{}
	usedO, usedS := map[int]bool{}, map[int]bool{}
	for _, p := range pairs {
		if usedO[p.o] || usedS[p.s] {
			continue
		}
		usedO[p.o], usedS[p.s] = true, true
		out[open[p.s].Key] = orphans[p.o]
	}
	return out
}

// intervalKey reports whether an occurrence key is an instant ("every N hours" plans, events
// with an offset: RFC 3339 UTC) rather than a wall-clock time.
func intervalKey(k string) bool {
	k, _, _ = strings.Cut(k, "#")
	return strings.HasSuffix(k, "Z")
}
