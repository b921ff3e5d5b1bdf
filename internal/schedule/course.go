package schedule

import (
	"cmp"
	"slices"
	"time"
)

// PhaseDays is one phase of a course by the days its doses fall on (on the clock of the zone
// Course was given): what a summary says so that a finished or changing course is not read as
// current (F369).
type PhaseDays struct {
	Dose string // the phase's dose as written ("3 tablet"), "" when not said
	// First and Last are the days of its first and last dose (midnight in the zone). First is
	// zero for a phase that runs until Last from no known start; Last is zero for a last phase
	// that goes on.
	First, Last time.Time
}

// Course is the plan's phases by their days, in order, when the plan runs between dates: an
// antibiotic for 8–14 Dec, a taper's 3 tablets on 4–5 Dec, then 2 on 6–8 Dec, then 1 from 9
// Dec. nil for a plan of one phase with no end (a medicine taken on and on), an as-needed or
// unclear plan, or phases whose days cannot be told.
func (p Plan) Course(loc *time.Location, r Routine) []PhaseDays {
	if p.Unclear != "" || p.AsNeeded || len(p.Phases) == 0 {
		return nil
	}
	if loc == nil {
		loc = time.Local
	}
	spans, reason := resolvePlan(p.Phases, loc, r)
	if reason != "" {
		return nil
	}
	// Dosages sharing a sequence run together (warfarin 5 tablets Mon, Wed, Fri and 4 the other
	// days): they are one step of the course, not a taper from one to the other (F440).
	type step struct {
		seq        int
		start, end time.Time
		open       bool
		dose       string // the step's dose, "" when its dosages give different ones
	}
	var steps []*step
	bySeq := map[int]*step{}
	var from, to time.Time
	for i, sp := range spans {
		if !sp.ok || p.Phases[i].AsNeeded {
			continue
		}
		st := bySeq[p.Phases[i].Sequence]
		if st == nil {
			st = &step{seq: p.Phases[i].Sequence, start: sp.start, end: sp.end, open: sp.end.IsZero(), dose: p.Phases[i].Dose}
			bySeq[st.seq] = st
			steps = append(steps, st)
		} else {
			if st.dose != p.Phases[i].Dose {
				st.dose = ""
			}
			if sp.start.IsZero() || (!st.start.IsZero() && sp.start.Before(st.start)) {
				st.start = sp.start
			}
			st.open = st.open || sp.end.IsZero()
			if sp.end.After(st.end) {
				st.end = sp.end
			}
		}
		if !sp.start.IsZero() && (from.IsZero() || sp.start.Before(from)) {
			from = sp.start
		}
		if sp.end.After(to) {
			to = sp.end
		}
	}
	if len(steps) == 0 {
		return nil
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	if len(steps) == 1 {
		st := steps[0]
		switch {
		case st.open:
			return nil // taken on and on
		case st.start.IsZero():
			return []PhaseDays{{Dose: st.dose, Last: day(st.end.Add(-time.Nanosecond))}}
		}
	}
	if from.IsZero() {
		return nil
	}
	// the days of the doses themselves: a count of doses ends on its last dose's day, not on
	// the day after it
	open := false
	for _, st := range steps {
		open = open || st.open
	}
	if to.Before(from) || to.IsZero() {
		to = from
	}
	if open {
		to = to.AddDate(0, 0, 62)
	}
	days := map[int]*PhaseDays{}
	for _, o := range p.Occurrences(from, to, loc, r, time.Time{}) {
		st := bySeq[p.Phases[o.Phase].Sequence]
		if st == nil {
			continue
		}
		d := day(o.At)
		pd := days[st.seq]
		if pd == nil {
			pd = &PhaseDays{Dose: st.dose, First: d}
			days[st.seq] = pd
		}
		pd.Last = d
	}
	var out []PhaseDays
	for _, st := range steps {
		pd := days[st.seq]
		if pd == nil {
			continue // no dose at all (its days lie outside every other's): nothing to say
		}
		if st.open {
			pd.Last = time.Time{}
		}
		out = append(out, *pd)
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortStableFunc(out, func(a, b PhaseDays) int { return cmp.Compare(a.First.Unix(), b.First.Unix()) })
	return out
}
