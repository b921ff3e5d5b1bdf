package schedule

import (
	"slices"
	"time"
)

// KeepRecordDoses gives a plan the person set (own: new times, no amounts) the record's
// amounts: the record's one dose on every phase ("1 tablet", F260); or, when the record gives
// its doses by day of the week (warfarin: 5 tablets Mon, Wed, Fri; 4 tablets the other days),
// own's times on each of those day-sets with its dose, so that new times keep "(5 tablets)" on
// Monday and "(4 tablets)" on Sunday (F425: the amounts were dropped, and Walter had to
// remember which day was which). A dose own already gives is kept; days of own the record's
// day-sets leave out keep own's times with no amount. Anything else: own as it is.
func KeepRecordDoses(own *Plan, record Plan) *Plan {
	if own == nil {
		return own
	}
	if d := record.OnlyDose(); d != "" {
		for i := range own.Phases {
			if own.Phases[i].Dose == "" {
				own.Phases[i].Dose = d
			}
		}
		return own
	}
	sets := doseDaySets(record)
	if sets == nil {
		return own
	}
	out := Plan{AsNeeded: own.AsNeeded, Unclear: own.Unclear}
	for _, ph := range own.Phases {
		tm := ph.Timing
		if ph.AsNeeded || ph.Dose != "" || len(tm.TimeOfDay) == 0 || (tm.PeriodUnit != "" && tm.PeriodUnit != "d" && tm.PeriodUnit != "wk") {
			out.Phases = append(out.Phases, ph)
			continue
		}
		days := tm.DayOfWeek
		if len(days) == 0 {
			days = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
		}
		left := slices.Clone(days)
		for _, s := range sets {
			var in []time.Weekday
			for _, d := range days {
				if slices.Contains(s.days, d) {
					in = append(in, d)
					left = slices.DeleteFunc(left, func(x time.Weekday) bool { return x == d })
				}
			}
			if len(in) == 0 {
				continue
			}
			p := ph
			p.Dose = s.dose
			p.Timing.DayOfWeek = in
			p.Timing.Frequency, p.Timing.Period, p.Timing.PeriodUnit = 0, 0, "" // the days and times say when
			out.Phases = append(out.Phases, p)
		}
		if len(left) > 0 {
			p := ph
			p.Timing.DayOfWeek = left
			p.Timing.Frequency, p.Timing.Period, p.Timing.PeriodUnit = 0, 0, ""
			out.Phases = append(out.Phases, p)
		}
	}
	if out.Problem() != "" {
		return own
	}
	return &out
}

type daySet struct {
	dose string
	days []time.Weekday
}

// doseDaySets are the record's doses by day of the week, when its scheduled phases run
// together (one sequence), each gives a dose and its own days, no day twice; else nil.
func doseDaySets(record Plan) []daySet {
	var out []daySet
	seen := map[time.Weekday]bool{}
	for i, ph := range record.Phases {
		if ph.AsNeeded {
			continue
		}
		if ph.Dose == "" || len(ph.Timing.DayOfWeek) == 0 || ph.Sequence != record.Phases[0].Sequence || i > 0 && !record.Phases[0].Timing.BoundsEnd.Equal(ph.Timing.BoundsEnd) {
			return nil
		}
		for _, d := range ph.Timing.DayOfWeek {
			if seen[d] {
				return nil
			}
			seen[d] = true
		}
		out = append(out, daySet{ph.Dose, ph.Timing.DayOfWeek})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
