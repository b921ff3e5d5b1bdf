package remind

import (
	"context"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F249, F241: Ned's Sertraline, a medicine of his own added at 00:27 with 00:34 and 08:00; 00:34
// reminded and never answered; at 01:10 the times become 01:13 and 08:00; 01:13 reminded, never
// answered; at 01:23 01:28 is added; 01:28 taken. At 02:00 Today lists each dose once (01:13
// missed, 01:28 taken, 08:00 later), and Medicines' adherence agrees: 2 doses due, 1 on time, 1
// no answer — it counted only the last plan's 01:28 ('1 of 1 dose, 100%'). 00:34, still due
// when the times became 01:13 and 08:00 at 01:10, is the dose moved to 01:13 (F419: it was
// '00:34 missed' beside it, three doses of a twice-a-day medicine before 08:00).
func TestAdherenceCountsThePlansBeforeAChange(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", at(0, 20), twiceDaily)
	r.at(at(0, 25))
	ref, err := AddOwnMedicine(ctx, r.e.v, r.pid, "Sertraline 50 mg", at(0, 27))
	if err != nil {
		t.Fatal(err)
	}
	set := func(now time.Time, times ...string) {
		t.Helper()
		m, err := Load(ctx, r.e.v, LoadOptions{Device: lon, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var cs []schedule.Clock
		for _, s := range times {
			c, err := schedule.ParseClock(s)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, c)
		}
		plan := &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: cs}}}}
		if err := SetPlan(ctx, r.e.v, m.Medicine(r.pid, ref), plan, now); err != nil {
			t.Fatal(err)
		}
		r.e.Reload()
		r.at(now)
	}
	set(at(0, 27), "00:34", "08:00")
	for _, now := range []time.Time{at(0, 34), at(1, 4), at(1, 5)} {
		r.at(now)
	}
	set(at(1, 10), "01:13", "08:00")
	r.at(at(1, 13))
	set(at(1, 23), "01:13", "01:28", "08:00")
	r.at(at(1, 28))
	for _, d := range r.e.DueNow() {
		if d.Ref == ref && d.Due.Equal(at(1, 28)) {
			if err := r.e.Take(ctx, d, at(1, 28)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for now := at(1, 30); !now.After(at(2, 0)); now = now.Add(5 * time.Minute) {
		r.at(now)
	}
	now := at(2, 0)

	// Today: the engine's missed doses and the day's doses missed before reminders started
	// (as app/today.go lists them), each once.
	var missed []string
	for _, m := range r.e.Missed() {
		if m.Ref == ref {
			missed = append(missed, m.Due.In(lon).Format("15:04"))
		}
	}
	var day []string
	for _, ds := range r.e.DoseStates(r.pid, at(0, 0), at(24, 0)) {
		if ds.Ref != ref {
			continue
		}
		day = append(day, ds.Due.In(lon).Format("15:04")+" "+ds.State)
		if ds.State == DoseMissed && ds.Early {
			missed = append(missed, ds.Due.In(lon).Format("15:04"))
		}
	}
	slices.Sort(missed)
	if want := []string{"01:13 missed", "01:28 taken", "08:00 upcoming"}; !slices.Equal(day, want) {
		t.Errorf("Today: %q, want %q", day, want)
	}
	if want := []string{"01:13"}; !slices.Equal(missed, want) {
		t.Errorf("Today's Missed: %q, want %q (each once)", missed, want)
	}

	for _, m := range []*Model{r.e.Model(), mustLoad(t, r, now)} {
		a := m.Adherence(r.pid, at(0, 0), at(24, 0), now, Day)
		var got *Tally
		for i := range a.Meds {
			if a.Meds[i].Med.Ref == ref {
				got = &a.Meds[i].Total
			}
		}
		if got == nil {
			t.Fatal("no adherence for the medicine")
		}
		if got.Scheduled != 2 || got.OnTime != 1 || got.Missed != 1 || got.Late != 0 || got.Skipped != 0 {
			t.Errorf("adherence: %d due, %d on time, %d late, %d skipped, %d no answer; want 2, 1, 0, 0, 1",
				got.Scheduled, got.OnTime, got.Late, got.Skipped, got.Missed)
		}
	}
}

func mustLoad(t *testing.T, r *rig, now time.Time) *Model {
	t.Helper()
	m, err := Load(context.Background(), r.e.v, LoadOptions{Device: r.zone, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
