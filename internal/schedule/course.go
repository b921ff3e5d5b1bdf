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
	var idx []int
	var from, to time.Time
	for i, sp := range spans {
		if !sp.ok || p.Phases[i].AsNeeded {
			continue
		}
		idx = append(idx, i)
		if !sp.start.IsZero() && (from.IsZero() || sp.start.Before(from)) {
			from = sp.start
		}
		if sp.end.After(to) {
			to = sp.end
		}
	}
	if len(idx) == 0 {
		return nil
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	if len(idx) == 1 {
		sp := spans[idx[0]]
		switch {
		case sp.end.IsZero():
			return nil // taken on and on
		case sp.start.IsZero():
			return []PhaseDays{{Dose: p.Phases[idx[0]].Dose, Last: day(sp.end.Add(-time.Nanosecond))}}
		}
	}
	if from.IsZero() {
		return nil
	}
	// the days of the doses themselves: a count of doses ends on its last dose's day, not on
	// the day after it
	open := false
	for _, i := range idx {
		open = open || spans[i].end.IsZero()
	}
	if to.Before(from) || to.IsZero() {
		to = from
	}
	if open {
		to = to.AddDate(0, 0, 62)
	}
	days := map[int]*PhaseDays{}
	for _, o := range p.Occurrences(from, to, loc, r, time.Time{}) {
		d := day(o.At)
		pd := days[o.Phase]
		if pd == nil {
			pd = &PhaseDays{Dose: p.Phases[o.Phase].Dose, First: d}
			days[o.Phase] = pd
		}
		pd.Last = d
	}
	var out []PhaseDays
	for _, i := range idx {
		pd := days[i]
		if pd == nil {
			continue // no dose at all (its days lie outside every other's): nothing to say
		}
		if spans[i].end.IsZero() {
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
