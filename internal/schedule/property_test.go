package schedule

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

type propPlan struct {
	name string
	plan Plan
	// days: for wall-clock plans, the planned times on a calendar date (UTC midnight); nil
	// for others.
	days func(d time.Time) []Clock
	// interval: for interval plans, the exact elapsed time between doses.
	interval time.Duration
	total    int // expected number of doses in the year (0: not checked)
}

func clocks(s ...string) []Clock {
	out := make([]Clock, len(s))
	for i, x := range s {
		c, err := ParseClock(x)
		if err != nil {
			panic(err)
		}
		out[i] = c
	}
	return out
}

func propPlans(year int) []propPlan {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, Floating)
	r := DefaultRoutine()
	all := func(c []Clock) func(time.Time) []Clock { return func(time.Time) []Clock { return c } }
	odd := clocks("01:30", "02:15", "02:30", "08:00", "22:00")
	mwf := clocks("07:00", "19:00")
	return []propPlan{
		{name: "DST-prone times", plan: Plan{Phases: []Phase{{Timing: Timing{TimeOfDay: odd, BoundsStart: start}}}}, days: all(odd)},
		{name: "BID routine", plan: Plan{Phases: []Phase{{Timing: Timing{Code: "BID", BoundsStart: start}}}}, days: all([]Clock{r.Breakfast, r.Dinner})},
		{name: "every other day", plan: Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: 2, PeriodUnit: "d", TimeOfDay: clocks("09:00"), BoundsStart: start}}}},
			days: func(d time.Time) []Clock {
				if int(d.Sub(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24)%2 == 0 {
					return clocks("09:00")
				}
				return nil
			}},
		{name: "Mon Wed Fri", plan: Plan{Phases: []Phase{{Timing: Timing{DayOfWeek: []time.Weekday{1, 3, 5}, TimeOfDay: mwf, BoundsStart: start}}}},
			days: func(d time.Time) []Clock {
				if w := d.Weekday(); w == 1 || w == 3 || w == 5 {
					return mwf
				}
				return nil
			}},
		{name: "monthly from 31 Jan", plan: Plan{Phases: []Phase{{Timing: Timing{Code: "MO", TimeOfDay: nil, BoundsStart: time.Date(year, 1, 31, 0, 0, 0, 0, Floating)}}}},
			days: func(d time.Time) []Clock {
				if d.Day() == min(31, daysIn(d.Year(), d.Month())) {
					return []Clock{r.Breakfast}
				}
				return nil
			}},
		{name: "weekly no start-day mask, 2 weeks", plan: Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: 2, PeriodUnit: "wk", BoundsStart: time.Date(year, 1, 1, 0, 0, 0, 0, Floating)}}}},
			days: func(d time.Time) []Clock {
				if int(d.Sub(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24)%14 == 0 {
					return []Clock{r.Breakfast}
				}
				return nil
			}},
		{name: "every 8 hours", plan: Plan{Phases: []Phase{{Timing: Timing{Code: "Q8H", BoundsStart: time.Date(year, 1, 1, 6, 0, 0, 0, Floating)}}}}, interval: 8 * time.Hour},
		{name: "every 5 hours", plan: Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: 5, PeriodUnit: "h", BoundsStart: start}}}}, interval: 5 * time.Hour},
		{name: "QID count 500", plan: Plan{Phases: []Phase{{Timing: Timing{Code: "QID", Count: 500, BoundsStart: time.Date(year, 1, 1, 10, 0, 0, 0, Floating)}}}}, total: 500},
		{name: "taper TID 100 days then BID", plan: Plan{Phases: []Phase{
			{Sequence: 1, Timing: Timing{Code: "TID", BoundsDuration: 100, BoundsDurationUnit: "d", BoundsStart: start}},
			{Sequence: 2, Timing: Timing{Code: "BID"}}}}, total: 300 + 2*(daysInYear(year)-100)},
		{name: "events", plan: Plan{Phases: []Phase{{Timing: Timing{Events: []time.Time{
			time.Date(year, 3, 8, 2, 30, 0, 0, Floating), time.Date(year, 11, 1, 1, 30, 0, 0, Floating), time.Date(year, 6, 1, 12, 0, 0, 0, time.UTC)}}}}}, total: 3},
	}
}

func daysInYear(y int) int {
	if daysIn(y, time.February) == 29 {
		return 366
	}
	return 365
}

// TestPropertyYear simulates a year in four zones for a mix of plans: no dose is duplicated or
// missed, and any split of [from, to) into windows gives the same doses as one window.
func TestPropertyYear(t *testing.T) {
	r := DefaultRoutine()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, year := range []int{2026, 2028} {
		for _, zone := range []string{"America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe"} {
			loc := mustLoad(t, zone)
			from := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
			to := time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
			for _, pp := range propPlans(year) {
				name := zone + "/" + pp.name
				all := pp.plan.Occurrences(from, to, loc, r, time.Time{})
				if len(all) == 0 {
					t.Fatalf("%s: no doses", name)
				}
				// Unique keys, non-decreasing instants, all inside the window.
				seen := map[string]bool{}
				for i, o := range all {
					if seen[o.Key] {
						t.Fatalf("%s: duplicate key %s", name, o.Key)
					}
					seen[o.Key] = true
					if i > 0 && o.At.Before(all[i-1].At) {
						t.Fatalf("%s: not sorted at %d", name, i)
					}
					if o.At.Before(from) || !o.At.Before(to) {
						t.Fatalf("%s: %v outside the window", name, o.At)
					}
				}
				if pp.total > 0 && len(all) != pp.total {
					t.Errorf("%s: %d doses, want %d", name, len(all), pp.total)
				}
				if pp.days != nil {
					checkWallPlan(t, name, loc, year, all, pp.days)
				}
				if pp.interval > 0 {
					for i := 1; i < len(all); i++ {
						if d := all[i].At.Sub(all[i-1].At); d != pp.interval {
							t.Fatalf("%s: %v between doses %d and %d", name, d, i-1, i)
						}
					}
				}
				// Window by window (split points at random minutes, some inside DST gaps).
				for trial := 0; trial < 3; trial++ {
					var got []Occurrence
					a := from
					for a.Before(to) {
						b := a.Add(time.Duration(rng.IntN(20*24*60)+1) * time.Minute)
						if b.After(to) {
							b = to
						}
						got = append(got, pp.plan.Occurrences(a, b, loc, r, time.Time{})...)
						a = b
					}
					if !slices.EqualFunc(got, all, func(x, y Occurrence) bool { return x.Key == y.Key && x.At.Equal(y.At) && x.Phase == y.Phase }) {
						t.Fatalf("%s: windowed %d doses, one window %d", name, len(got), len(all))
					}
				}
			}
		}
	}
}

// checkWallPlan: every planned (date, time) appears exactly once, at that wall-clock time, or
// when the time does not exist, at the first instant after the gap; at a fall-back, at the
// first of the two readings.
func checkWallPlan(t *testing.T, name string, loc *time.Location, year int, all []Occurrence, days func(time.Time) []Clock) {
	t.Helper()
	want := map[string]bool{}
	for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
		for _, c := range days(d) {
			want[d.Format("2006-01-02")+"T"+c.String()] = true
		}
	}
	if len(want) != len(all) {
		t.Fatalf("%s: %d doses, %d planned", name, len(all), len(want))
	}
	for _, o := range all {
		if !want[o.Key] {
			t.Fatalf("%s: unplanned %s", name, o.Key)
		}
		planned, _ := time.Parse("2006-01-02T15:04", o.Key)
		at := o.At.In(loc)
		if naive(at).Equal(planned) {
			for _, back := range []time.Duration{30 * time.Minute, time.Hour} {
				if naive(at.Add(-back)).Equal(planned) {
					t.Fatalf("%s: %s fired at the second reading %v", name, o.Key, at)
				}
			}
			continue
		}
		before := o.At.Add(-time.Nanosecond).In(loc)
		_, offB := before.Zone()
		_, offA := at.Zone()
		if offB == offA || !naive(before).Before(planned) || !planned.Before(naive(at)) {
			t.Fatalf("%s: %s at %v is neither the planned time nor the end of a gap", name, o.Key, at)
		}
	}
}

func naive(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, t.Nanosecond(), time.UTC)
}
