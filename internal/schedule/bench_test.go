package schedule

import (
	"testing"
	"time"
)

// benchPlans is 5 people × 15 medicines: daily codes, times of day, meal events, intervals,
// weekly, monthly, every other day, counts and tapers, and a few as-needed.
func benchPlans() []Plan {
	start := time.Date(2025, 6, 1, 0, 0, 0, 0, Floating)
	ph := func(tm Timing) Plan {
		tm.BoundsStart = start
		return Plan{Phases: []Phase{{Dose: "1 TAB", Timing: tm}}}
	}
	meds := []Plan{
		ph(Timing{Code: "QD"}),
		ph(Timing{Code: "BID"}),
		ph(Timing{Code: "TID"}),
		ph(Timing{Code: "QID"}),
		ph(Timing{TimeOfDay: []Clock{8 * 60, 20 * 60}}),
		ph(Timing{When: []string{"ACM", "ACV"}, Offset: 30}),
		ph(Timing{When: []string{"HS"}}),
		ph(Timing{Code: "Q8H"}),
		ph(Timing{Frequency: 1, Period: 6, PeriodUnit: "h"}),
		ph(Timing{DayOfWeek: []time.Weekday{1, 3, 5}, TimeOfDay: []Clock{9 * 60}}),
		ph(Timing{Code: "MO"}),
		ph(Timing{Code: "QOD", Count: 400}),
		{Phases: []Phase{
			{Sequence: 1, Timing: Timing{Code: "TID", BoundsDuration: 300, BoundsDurationUnit: "d", BoundsStart: start}},
			{Sequence: 2, Timing: Timing{Code: "BID", BoundsDuration: 14, BoundsDurationUnit: "d"}},
			{Sequence: 3, Timing: Timing{Code: "QD"}}}},
		{AsNeeded: true, Phases: []Phase{{AsNeeded: true}}},
		ph(Timing{Code: "WK"}),
	}
	var plans []Plan
	for range 5 {
		plans = append(plans, meds...)
	}
	return plans
}

// BenchmarkReminders90Days: reminders for 75 plans over 90 days (the goal for the whole
// reminder computation is < 5 ms).
func BenchmarkReminders90Days(b *testing.B) {
	ny := mustLoad(b, "America/New_York")
	plans := benchPlans()
	r := DefaultRoutine()
	from := time.Date(2026, 2, 15, 0, 0, 0, 0, ny)
	to := from.AddDate(0, 0, 90)
	n := 0
	for _, p := range plans {
		n += len(p.Occurrences(from, to, ny, r, time.Time{}))
	}
	b.ReportMetric(float64(n), "doses")
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		for _, p := range plans {
			_ = p.Occurrences(from, to, ny, r, time.Time{})
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkNextDay: one day for 75 plans (the engine's usual window).
func BenchmarkNextDay(b *testing.B) {
	ny := mustLoad(b, "America/New_York")
	plans := benchPlans()
	r := DefaultRoutine()
	from := time.Date(2026, 3, 8, 0, 0, 0, 0, ny)
	to := from.AddDate(0, 0, 1)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range plans {
			_ = p.Occurrences(from, to, ny, r, time.Time{})
		}
	}
}

func BenchmarkPlanFromResource(b *testing.B) {
	res := medReq("2026-03-01", `{"sequence":1,"text":"x","timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","boundsDuration":{"value":7,"code":"d"}}},"doseAndRate":[{"doseQuantity":{"value":500,"unit":"mg"}}]}`,
		`{"sequence":2,"timing":{"code":{"coding":[{"code":"BID"}]}}}`)
	for b.Loop() {
		if _, err := PlanFromResource(res); err != nil {
			b.Fatal(err)
		}
	}
}
