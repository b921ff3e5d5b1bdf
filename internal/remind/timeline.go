package remind

import (
	"slices"
	"time"

	"carekeeper/internal/schedule"
)

// A medicine's doses follow the plan in force at their time (F164): the plans before a change
// (Medicine.history) until it, Plan from the last change on. Twice a day at 08:00 and 20:00,
// 08:00 never answered, 20:00 taken, then the times moved to 09:00 and 21:00 at 21:48: the
// day's doses are "08:00 missed" and "20:00 taken", the next day's 09:00 and 21:00. Reminders,
// DoseStates (Today, `today`), the engine's notifications and caregiver alerts all read a
// medicine's doses through occurrences.

// occurrences lists a medicine's doses in [from, to), sorted by time, each of the plan in force
// at its time. A medicine of a person not in the model has none.
func (m *Model) occurrences(med *Medicine, from, to time.Time) []schedule.Occurrence {
	p := m.person[med.Profile]
	if p == nil || !from.Before(to) {
		return nil
	}
	if len(med.history) == 0 {
		return p.planOccurrences(med.Plan, from, to, med.lastTaken)
	}
	var out []schedule.Occurrence
	var start time.Time
	var superseded []schedule.Occurrence
	for i, h := range med.history {
		if h.Until.After(start) {
			lo, hi := laterOf(from, start), earlierOf(to, h.Until)
			if lo.Before(hi) {
				out = append(out, p.planOccurrences(h.Plan, lo, hi, m.lastTakenBefore(med, hi))...)
			}
			if o, ok := m.supersededOf(med, p, i); ok && !o.At.Before(from) && o.At.Before(to) {
				superseded = append(superseded, o)
			}
			start = h.Until
		}
	}
	if lo := laterOf(from, start); lo.Before(to) {
		out = append(out, p.planOccurrences(med.Plan, lo, to, med.lastTaken)...)
	}
	if len(superseded) > 0 {
		out = slices.DeleteFunc(out, func(o schedule.Occurrence) bool {
			return slices.ContainsFunc(superseded, func(s schedule.Occurrence) bool { return s.Key == o.Key && s.At.Equal(o.At) })
		})
	}
	return out
}

// supersededOcc is supersededAt of one span of a medicine's history.
type supersededOcc struct {
	o  schedule.Occurrence
	ok bool
}

// workOutSuperseded works supersededAt out for each span of med's history, once per model
// load: it reads the day's doses of two plans and the dose log, and occurrences is called for
// every list of reminders and every Today.
func (m *Model) workOutSuperseded(med *Medicine) {
	p := m.person[med.Profile]
	if p == nil || len(med.history) == 0 {
		return
	}
	med.superseded = make([]supersededOcc, len(med.history))
	for i := range med.history {
		o, ok := m.supersededAt(med, p, med.history[i], med.nextPlan(i))
		med.superseded[i] = supersededOcc{o, ok}
	}
}

// supersededOf is supersededAt of the span i of med's history: as worked out at load, or now
// for a model whose history changed since.
func (m *Model) supersededOf(med *Medicine, p *Person, i int) (schedule.Occurrence, bool) {
	if len(med.superseded) == len(med.history) {
		return med.superseded[i].o, med.superseded[i].ok
	}
	return m.supersededAt(med, p, med.history[i], med.nextPlan(i))
}

// nextPlan is the plan that followed the span i of med's history.
func (med *Medicine) nextPlan(i int) schedule.Plan {
	if i+1 < len(med.history) {
		return med.history[i+1].Plan
	}
	return med.Plan
}

// supersededAt is the dose of the plan h that the change at h.Until moved to a time of next's
// (F419): the last dose of h's plan that day before the change, still due then (not answered,
// within its on-time window), when the day would otherwise have more doses than next gives a
// day — insulin once a day at 22:00, moved at 22:05 to 22:30, is one dose at 22:30, not
// "22:00 missed" and "22:30 due". A dose answered, missed, or with the day's count left as
// next's (08:00 of 08:00 and 20:00, overdue at noon, moved to 09:00 and 21:00), or overdue at
// the change (08:00 once a day, moved at noon to 20:00: "08:00 missed", "20:00 due") stays the
// old plan's (F164).
func (m *Model) supersededAt(med *Medicine, p *Person, h PlanSpan, next schedule.Plan) (schedule.Occurrence, bool) {
	y, mo, d := h.Until.In(p.Loc).Date()
	dayStart := time.Date(y, mo, d, 0, 0, 0, 0, p.Loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	before := p.planOccurrences(h.Plan, dayStart, h.Until, m.lastTakenBefore(med, h.Until))
	if len(before) == 0 {
		return schedule.Occurrence{}, false
	}
	last := before[len(before)-1]
	if !h.Until.Before(last.At.Add(time.Duration(p.Settings.OnTimeMinutes) * time.Minute)) {
		return schedule.Occurrence{}, false // overdue by the change: the old plan's, missed if not taken
	}
	after := p.planOccurrences(next, h.Until, dayEnd, m.lastTakenBefore(med, h.Until))
	if len(before)+len(after) <= len(p.planOccurrences(next, dayStart, dayEnd, time.Time{})) {
		return schedule.Occurrence{}, false
	}
	if s, ok := m.occ[occKey(med.Profile, med.Key(), last.Key)]; ok && (s.acked() || s.Status == StatusMissed) {
		return schedule.Occurrence{}, false
	}
	for _, dose := range m.Doses[med.Key()] {
		if dose.Occurrence == last.Key {
			return schedule.Occurrence{}, false // answered, whenever
		}
	}
	return last, true
}

// planOccurrences lists a plan's doses in [from, to) on the person's clock: for a person who
// follows this computer's clock since they answered the travel question, the doses before the
// answer at their home times (F322: what was taken or missed stays at its moment; only times
// still to come follow the new clock). A time of day already had at home that day (08:00 in
// London, then 08:00 in New York five hours later) is not a second dose.
func (p *Person) planOccurrences(plan schedule.Plan, from, to, lastTaken time.Time) []schedule.Occurrence {
	if p.home == nil || !from.Before(p.homeUntil) {
		return plan.Occurrences(from, to, p.Loc, p.Settings.Routine, lastTaken)
	}
	if !to.After(p.homeUntil) {
		return plan.Occurrences(from, to, p.home, p.Settings.Routine, lastTaken)
	}
	out := plan.Occurrences(from, p.homeUntil, p.home, p.Settings.Routine, lastTaken)
	had := make(map[string]bool, len(out))
	for _, o := range out {
		had[o.Key] = true
	}
	for _, o := range plan.Occurrences(p.homeUntil, to, p.Loc, p.Settings.Routine, lastTaken) {
		if !had[o.Key] {
			out = append(out, o)
		}
	}
	return out
}

// DoseTimes lists a medicine's doses in [from, to), each of the plan in force at its time (the
// plan before a change until it, F164): what `dose take --at` answers.
func (m *Model) DoseTimes(med *Medicine, from, to time.Time) []schedule.Occurrence {
	return m.occurrences(med, from, to)
}

// planAt is the plan a medicine followed at t.
func (med *Medicine) planAt(t time.Time) schedule.Plan {
	for _, h := range med.history {
		if t.Before(h.Until) {
			return h.Plan
		}
	}
	return med.Plan
}

// remindedFrom is when its doses were first reminded of in the household: a dose before is
// Early (it came before the medicine was added). With the plans before a change known, each
// dose was its plan's, reminded from when the medicine was added (Medicine.added: the same on
// every device that holds it, F421); without, the plan's doses are reminded from its change.
func (med *Medicine) remindedFrom() time.Time {
	if len(med.history) > 0 || med.planSince.Before(med.added) {
		return med.added
	}
	return med.planSince
}

// remindedHere is when this device's reminders began for the medicine (its engine first saw
// it, or the plan's change): nothing before is notified or alerted here — a laptop that joined
// a household in the evening does not alert for the morning's doses.
func (med *Medicine) remindedHere() time.Time {
	if len(med.history) > 0 {
		return med.seen
	}
	return med.Since
}

// UnseenBefore says a dose at t came before its medicine was imported into a vault no app or
// daemon has reminded from yet (a vault used from the CLI alone): nobody was reminded of it, as
// of an Early dose (F344: 'today' called it missed where the app's Today, whose engine had
// seen the medicine, listed it under "Before it was added").
func (med *Medicine) UnseenBefore(t time.Time) bool {
	return med != nil && med.seen.IsZero() && med.Since.IsZero() && !med.stored.IsZero() && t.Before(med.stored)
}

// lastChange returns the last change of plan in (from, to), zero when there is none.
func (med *Medicine) lastChange(from, to time.Time) time.Time {
	var last time.Time
	for _, h := range med.history {
		if h.Until.After(from) && h.Until.Before(to) {
			last = h.Until
		}
	}
	return last
}

// lastTakenBefore is when the medicine was last taken before t (zero: never).
func (m *Model) lastTakenBefore(med *Medicine, t time.Time) time.Time {
	if med.lastTaken.Before(t) {
		return med.lastTaken
	}
	var last time.Time
	for _, d := range m.Doses[med.Key()] {
		if d.Taken && d.When.Before(t) && d.When.After(last) {
			last = d.When
		}
	}
	return last
}

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func earlierOf(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
