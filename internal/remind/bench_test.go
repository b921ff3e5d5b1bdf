package remind

import (
	"context"
	"fmt"
	"testing"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

var benchDosages = []string{
	twiceDaily,
	`[{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`,
	`[{"timing":{"repeat":{"frequency":1,"period":8,"periodUnit":"h"}}}]`,
	`[{"timing":{"repeat":{"when":["C"]}}}]`,
	`[{"timing":{"repeat":{"timeOfDay":["09:00:00"],"dayOfWeek":["mon","wed","fri"]}}}]`,
	`[{"timing":{"code":{"coding":[{"code":"QID"}]}}}]`,
	`[{"asNeededBoolean":true}]`,
}

// benchVault holds people × medicines with a mix of schedules.
func benchVault(b testing.TB, people, meds int) *storage.Vault {
	v := openVault(b)
	for p := 0; p < people; p++ {
		pid := addPerson(b, v, fmt.Sprintf("Person %d", p))
		for i := 0; i < meds; i++ {
			addMed(b, v, pid, fmt.Sprintf("m%d-%d", p, i), fmt.Sprintf("Medicine %d", i), benchDosages[i%len(benchDosages)])
		}
	}
	return v
}

// BenchmarkReminders90Days: every reminder of 5 people × 15 medicines over 90 days (goal < 5 ms).
func BenchmarkReminders90Days(b *testing.B) {
	v := benchVault(b, 5, 15)
	lon := mustLoc(b, "Europe/London")
	m, err := Load(context.Background(), v, LoadOptions{Device: lon})
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, lon)
	to := from.AddDate(0, 0, 90)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		n = len(m.Reminders("", from, to, from))
	}
	b.ReportMetric(float64(n), "reminders")
}

// BenchmarkLoad: reading the model of 5 people × 15 medicines from the vault.
func BenchmarkLoad(b *testing.B) {
	v := benchVault(b, 5, 15)
	lon := mustLoc(b, "Europe/London")
	for b.Loop() {
		if _, err := Load(context.Background(), v, LoadOptions{Device: lon}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNotifyLatency: on the real clock, how long after a dose's due time the notification
// is sent (goal < 1 s). Each iteration waits for a due time about a second ahead.
func BenchmarkNotifyLatency(b *testing.B) {
	v := openVault(b)
	pid := addPerson(b, v, "Mum")
	ref := addMed(b, v, pid, "m1", "Metformin 500 mg", twiceDaily)
	n := newRecorder()
	sent := make(chan time.Time, 16)
	n.onSend = func(Message) { sent <- time.Now() }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := New(v, n, Options{Device: func() *time.Location { return time.UTC }})
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	var worst, total time.Duration
	iters := 0
	for b.Loop() {
		b.StopTimer()
		due := time.Now().Truncate(time.Second).Add(2 * time.Second)
		m, err := Load(ctx, v, LoadOptions{Device: time.UTC})
		if err != nil {
			b.Fatal(err)
		}
		plan := schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{Events: []time.Time{due}}}}}
		if err := SetPlan(ctx, v, m.Medicine(pid, ref), &plan, due.Add(-time.Second)); err != nil {
			b.Fatal(err)
		}
		e.Reload()
		b.StartTimer()
		at := <-sent
		lat := at.Sub(due)
		total += lat
		iters++
		if lat > worst {
			worst = lat
		}
	}
	b.ReportMetric(float64(total.Microseconds())/float64(iters)/1000, "ms-latency")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst")
	cancel()
	<-done
}

// BenchmarkDoseStatesDay: the states of one day's doses of 5 people × 15 medicines (Today).
func BenchmarkDoseStatesDay(b *testing.B) {
	v := benchVault(b, 5, 15)
	lon := mustLoc(b, "Europe/London")
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, lon)
	m, err := Load(context.Background(), v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, lon)
	b.ResetTimer()
	for b.Loop() {
		if len(m.DoseStates("", day, day.AddDate(0, 0, 1), now)) == 0 {
			b.Fatal("no doses")
		}
	}
}

// BenchmarkDoseStatesDayTimesChanged: BenchmarkDoseStatesDay on the day every medicine's times
// were changed (a history span each: the dose the change moved is worked out, supersededAt).
func BenchmarkDoseStatesDayTimesChanged(b *testing.B) {
	v := benchVault(b, 5, 15)
	lon := mustLoc(b, "Europe/London")
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, lon)
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	moved := schedule.Plan{Phases: []schedule.Phase{{Dose: "1 tablet", Timing: schedule.Timing{TimeOfDay: []schedule.Clock{9 * 60, 21 * 60}}}}}
	for _, med := range m.Meds {
		if med.Plan.AsNeeded || med.Plan.Problem() != "" {
			continue
		}
		if err := SetPlan(ctx, v, med, &moved, now.Add(-2*time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
	if m, err = Load(ctx, v, LoadOptions{Device: lon, Now: now}); err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, lon)
	b.ResetTimer()
	for b.Loop() {
		if len(m.DoseStates("", day, day.AddDate(0, 0, 1), now)) == 0 {
			b.Fatal("no doses")
		}
	}
}
