package remind

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestAdherenceAndRefill(t *testing.T) {
	v := openVault(t)
	lon := mustLoc(t, "Europe/London")
	day := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, lon) }
	pid := addPerson(t, v, "Mum")
	ref := addMed(t, v, pid, "m1", "Metformin 500 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]`,
		`"dispenseRequest":{"validityPeriod":{"start":"2026-06-01"},"quantity":{"value":20,"unit":"tablet"},"numberOfRepeatsAllowed":2}`)
	ctx := context.Background()
	// Seen from 1 June (Monday).
	if err := v.UpdateState(ctx, stateOp(seenKeyFor(t, v, pid, ref), day(1, 0, 0).UTC().Format(time.RFC3339Nano))); err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, ref)
	for _, a := range []DoseAction{
		{Occurrence: "2026-06-01T08:00", Scheduled: day(1, 8, 0), When: day(1, 8, 10)},            // on time
		{Occurrence: "2026-06-02T08:00", Scheduled: day(2, 8, 0), When: day(2, 10, 30)},           // late
		{Occurrence: "2026-06-03T08:00", Scheduled: day(3, 8, 0), When: day(3, 8, 0), Skip: true}, // skipped
		// 4 June: nothing (missed)
		{Occurrence: "2026-06-05T08:00", Scheduled: day(5, 8, 0), When: day(5, 7, 1)}, // early, within the hour
	} {
		if _, err := RecordDose(ctx, v, med, a); err != nil {
			t.Fatal(err)
		}
	}
	m, _ = Load(ctx, v, LoadOptions{Device: lon})
	now := day(6, 12, 0)
	cases := []struct {
		period                                   Period
		buckets                                  int
		scheduled, onTime, late, skipped, missed int
	}{
		{Day, 7, 6, 2, 1, 1, 2}, // 1..6 June scheduled up to now (6 June 08:00 unanswered)
		{Week, 1, 6, 2, 1, 1, 2},
		{Month, 1, 6, 2, 1, 1, 2},
	}
	for _, c := range cases {
		a := m.Adherence(pid, day(1, 0, 0), day(8, 0, 0), now, c.period)
		tot := a.Total
		if len(a.Buckets) != c.buckets || tot.Scheduled != c.scheduled || tot.OnTime != c.onTime || tot.Late != c.late || tot.Skipped != c.skipped || tot.Missed != c.missed {
			t.Errorf("period %d: %d buckets, total %+v", c.period, len(a.Buckets), tot)
		}
		if mt := a.Meds[0].Total; len(a.Meds) != 1 || mt.Scheduled != tot.Scheduled || mt.OnTime != tot.OnTime || mt.Missed != tot.Missed {
			t.Errorf("per medicine %+v", a.Meds)
		}
	}
	if d := m.Adherence(pid, day(1, 0, 0), day(8, 0, 0), now, Day).Buckets[0]; d.Rate() != 1 {
		t.Errorf("1 June rate %v", d.Rate())
	}
	// Refill: 20 tablets from 1 June, 2 a dose, along the schedule: 3 June was skipped, 4 June
	// was not logged (taken, as far as the supply knows) → 1, 2, 4..11 June use the 20; runs
	// out 12 June 08:00, whatever day it is asked.
	for _, asked := range []time.Time{day(1, 0, 0), now, day(11, 23, 0), day(20, 0, 0)} {
		runOut, ok := m.RunOut(m.Medicine(pid, ref), asked)
		if !ok || !runOut.Equal(day(12, 8, 0)) {
			t.Fatalf("run-out asked %v: %v %v", asked, runOut, ok)
		}
	}
	rf := m.Refills(pid, now)
	if len(rf) != 1 || !rf[0].RemindAt.Equal(day(5, 7, 30)) {
		t.Fatalf("refills %+v", rf)
	}
	// The engine fires the refill reminder whose day came while the supply is still there.
	clk := &fakeClock{now: day(7, 7, 30)}
	n := newRecorder()
	e := New(v, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	e.Step(ctx)
	found := false
	for _, msg := range n.take() {
		if msg.Title == "Mum — Refill Metformin 500 mg (runs out Fri 12 Jun)" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no refill reminder")
	}
}

func seenKeyFor(t *testing.T, v interface{}, pid, ref string) string {
	t.Helper()
	typ, id, _ := cut(ref)
	return "remind/seen/" + pid + "/local/" + typ + "/" + id
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 17, 1000, 40000} {
		a := make([]uint64, n)
		for i := range a {
			a[i] = rng.Uint64() >> uint(rng.IntN(64))
		}
		want := slices.Clone(a)
		slices.Sort(want)
		radixSort(a)
		if !slices.Equal(a, want) {
			t.Fatalf("n=%d: not sorted", n)
		}
	}
}

// Issue 12 §5: a person who logs no doses was told every day that the supply lasts as long as
// ever, and the refill reminder never came. The supply is used along the schedule from the
// dispense; an extra dose logged as needed uses one more.
func TestRunOutWithoutLoggedDoses(t *testing.T) {
	v := openVault(t)
	lon := mustLoc(t, "Europe/London")
	day := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, lon) }
	pid := addPerson(t, v, "Mum")
	ref := addMed(t, v, pid, "m1", "Metformin 500 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`,
		`"dispenseRequest":{"validityPeriod":{"start":"2026-06-01"},"quantity":{"value":30,"unit":"tablet"}}`)
	ctx := context.Background()
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(6, 1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, asked := range []time.Time{day(6, 1, 9, 0), day(6, 10, 9, 0), day(6, 24, 9, 0), day(6, 29, 9, 0)} {
		if got, ok := m.RunOut(m.Medicine(pid, ref), asked); !ok || !got.Equal(day(7, 1, 8, 0)) {
			t.Errorf("asked %s: runs out %v, want 1 Jul 08:00", asked.Format("2 Jan"), got)
		}
	}
	if rf := m.Refills(pid, day(6, 10, 9, 0)); len(rf) != 1 || !rf[0].RemindAt.Equal(day(6, 24, 7, 30)) {
		t.Errorf("refill reminder %+v, want 24 Jun 07:30", rf)
	}
	if _, err := RecordDose(ctx, v, m.Medicine(pid, ref), DoseAction{Profile: pid, Ref: ref, When: day(6, 3, 14, 0)}); err != nil {
		t.Fatal(err)
	}
	m, _ = Load(ctx, v, LoadOptions{Device: lon, Now: day(6, 3, 15, 0)})
	if got, _ := m.RunOut(m.Medicine(pid, ref), day(6, 3, 15, 0)); !got.Equal(day(6, 30, 8, 0)) {
		t.Errorf("after an extra dose: %v, want 30 Jun 08:00", got)
	}
}
