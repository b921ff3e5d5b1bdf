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
	byDay map[string]dayAnswers // med key + day → the day's counted answers
}

// dayAnswers are one medicine's counted answers of a day: occurrence key of the day's time →
// the taken dose it counts as; listed holds the times whose dose is one of the day's own,
// listed at its time (taken before the plan changed that day, F164).
type dayAnswers struct {
	ans    map[string]Dose
	listed map[string]bool
}

func (m *Model) movedDays(occ map[string]occState) *movedDays {
	return &movedDays{m: m, occ: occ, byDay: map[string]dayAnswers{}}
}

// answer returns the taken dose that a dose reminder, unanswered by its own key, counts as.
func (c *movedDays) answer(r Reminder) (Dose, bool) {
	if r.Kind != KindDose || r.Med == nil {
		return Dose{}, false
	}
	d, ok := c.day(r.Med, r.Due).ans[r.Occurrence]
	return d, ok
}

// listed reports whether the dose a reminder counts as (answer) is listed at its own time that
// day: the reminder's time is not one of the day's doses to list.
func (c *movedDays) listed(r Reminder, d Dose) bool {
	return r.Med != nil && c.day(r.Med, r.Due).listed[r.Occurrence]
}

// counted reports whether a taken dose counts for another time of its day (it answers a time
// the plan no longer has).
func (c *movedDays) counted(med *Medicine, d Dose) bool {
	at := d.Scheduled
	if at.IsZero() {
		at = d.When
	}
	for _, x := range c.day(med, at).ans {
		if x.ID == d.ID {
			return true
		}
	}
	return false
}

func (c *movedDays) day(med *Medicine, at time.Time) dayAnswers {
	p := c.m.person[med.Profile]
	if p == nil {
		return dayAnswers{}
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
// person's clock). Empty when there are none.
func (m *Model) movedAnswers(occ map[string]occState, med *Medicine, day time.Time) dayAnswers {
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
		return dayAnswers{}
	}
	slots := m.occurrences(med, day, end)
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
	out := dayAnswers{ans: map[string]Dose{}, listed: map[string]bool{}}
	used := pairNearest(len(orphans), len(open), -1,
		func(i int) time.Time { return cmp.Or(orphans[i].Scheduled, orphans[i].When) },
		func(j int) time.Time { return open[j].At })
	for i, j := range used {
		out.ans[open[j].Key] = orphans[i]
	}
	// The plan changed that day (F164): its doses before the change are the old plan's, those
	// after the new plan's. When that makes more doses than the new plan has in a day, each of
	// the extra times after the change goes with the dose before it nearest to it; a dose taken
	// there counts for it (once a day at 08:00, taken at 08:05, moved to 20:00 at noon: 20:00
	// is that day's dose, taken; left untaken or skipped, 20:00 stays due).
	change := med.lastChange(day, end)
	if change.IsZero() {
		return out
	}
	newDay := p.planOccurrences(med.planAt(change), day, end, med.lastTaken)
	perDay := len(newDay)
	extra := len(slots) - perDay
	if extra <= 0 {
		return out
	}
	kept := make(map[string]bool, len(newDay))
	for _, o := range newDay {
		kept[o.Key] = true
	}
	var pre, post []schedule.Occurrence
	for _, o := range slots {
		// A time the new plan keeps (01:13 kept when 01:28 is added) is the same dose, not
		// one moved: it answers none of the new times (it swallowed 01:28).
		if o.At.Before(change) && !kept[o.Key] {
			pre = append(pre, o)
		}
	}
	for _, o := range open {
		if _, done := out.ans[o.Key]; !done && !o.At.Before(change) {
			post = append(post, o)
		}
	}
	byOcc := map[string]Dose{}
	for _, d := range taken {
		if _, dup := byOcc[d.Occurrence]; !dup {
			byOcc[d.Occurrence] = d
		}
	}
	for i, j := range pairNearest(len(pre), len(post), extra,
		func(i int) time.Time { return pre[i].At }, func(j int) time.Time { return post[j].At }) {
		if d, ok := byOcc[pre[i].Key]; ok {
			out.ans[post[j].Key], out.listed[post[j].Key] = d, true
		}
	}
	return out
}

// pairNearest pairs the a's with the b's (times by index), nearest pairs first (ties: the
// earlier b), each at most once and at most max pairs (max < 0: no limit): a index → b index.
func pairNearest(na, nb, max int, a, b func(int) time.Time) map[int]int {
	type pair struct {
		a, b int
		d    time.Duration
	}
	var pairs []pair
	for i := range na {
		for j := range nb {
			pairs = append(pairs, pair{i, j, a(i).Sub(b(j)).Abs()})
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int { return cmp.Or(cmp.Compare(x.d, y.d), cmp.Compare(x.b, y.b)) })
	out := map[int]int{}
	usedB := map[int]bool{}
	for _, p := range pairs {
		if max >= 0 && len(out) >= max {
			break
		}
		if _, ok := out[p.a]; ok || usedB[p.b] {
			continue
		}
		out[p.a], usedB[p.b] = p.b, true
	}
	return out
}

// intervalKey reports whether an occurrence key is an instant ("every N hours" plans, events
// with an offset: RFC 3339 UTC) rather than a wall-clock time.
func intervalKey(k string) bool {
	k, _, _ = strings.Cut(k, "#")
	return strings.HasSuffix(k, "Z")
}

// CountedFor is the time of the dose of med that a taken dose d, answering none of the plan's
// times (taken "at 21:00" of a medicine at 09:30 and 21:30), counts for on its day by the rule
// above: the nearest time not yet answered (21:30). ok is false when it counts for none (every
// time of the day answered). d need not be in the model yet: 'dose take --at 21:00' said "a dose
// at 21:00, when none is scheduled" and Today then read "21:30 taken" (F370); the line says
// which dose it counts for.
func (m *Model) CountedFor(med *Medicine, d Dose) (at time.Time, ok bool) {
	if med == nil || !d.Taken || d.Occurrence == "" || m.person[med.Profile] == nil {
		return time.Time{}, false
	}
	k := med.Key()
	saved := m.Doses[k]
	if !slices.ContainsFunc(saved, func(x Dose) bool { return x.ID == d.ID }) {
		log := append(slices.Clone(saved), d)
		sort.SliceStable(log, func(i, j int) bool { return log[i].When.Before(log[j].When) })
		m.Doses[k] = log
		defer func() { m.Doses[k] = saved }()
	}
	day := d.Scheduled
	if day.IsZero() {
		day = d.When
	}
	ans := m.movedDays(m.occ).day(med, day).ans
	for occ, x := range ans {
		if x.ID != d.ID {
			continue
		}
		for _, o := range m.DoseTimes(med, day.Add(-36*time.Hour), day.Add(36*time.Hour)) {
			if o.Key == occ {
				return o.At, true
			}
		}
	}
	return time.Time{}, false
}
