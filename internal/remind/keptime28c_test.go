package remind

import (
	"context"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// A time kept when another is added is the same dose, not one moved: Sertraline 00:34/08:00,
// 01:13/08:00 set at 01:10 (00:34, still due, is the dose moved to 01:13: F419), 01:13 taken,
// then 01:28 added at 01:23 (01:13/01:28/08:00). The day is 01:13 taken, 01:28 due and 08:00
// later: the
// 01:13 dose was paired with 08:00 as 'the same dose moved' (F164), and 08:00 left the day —
// no reminder would come.
func TestAddedTimeKeepsTheDaysLaterDose(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", at(0, 20), twiceDaily)
	r.at(at(0, 25))
	ref, err := AddOwnMedicine(ctx, r.e.v, r.pid, "Sertraline 50 mg", at(0, 27))
	if err != nil {
		t.Fatal(err)
	}
	plan := func(times ...string) *schedule.Plan {
		var cs []schedule.Clock
		for _, s := range times {
			c, _ := schedule.ParseClock(s)
			cs = append(cs, c)
		}
		return &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: cs}}}}
	}
	set := func(now time.Time, p *schedule.Plan) {
		t.Helper()
		if err := SetPlan(ctx, r.e.v, mustLoad(t, r, now).Medicine(r.pid, ref), p, now); err != nil {
			t.Fatal(err)
		}
		r.e.Reload()
		r.at(now)
	}
	set(at(0, 27), plan("00:34", "08:00"))
	for _, now := range []time.Time{at(0, 34), at(1, 4), at(1, 5)} {
		r.at(now)
	}
	set(at(1, 10), plan("01:13", "08:00"))
	r.at(at(1, 13))
	for _, d := range r.e.DueNow() {
		if d.Ref == ref {
			if err := r.e.Take(ctx, d, at(1, 15)); err != nil {
				t.Fatal(err)
			}
		}
	}
	set(at(1, 23), plan("01:13", "01:28", "08:00"))
	r.at(at(1, 28))
	r.at(at(1, 45))
	want := []string{"01:13 taken", "01:28 due", "08:00 upcoming"}
	for _, m := range []*Model{nil, mustLoad(t, r, at(1, 45))} {
		var day []string
		var dss []DoseStatus
		if m == nil {
			dss = r.e.DoseStates(r.pid, at(0, 0), at(24, 0))
		} else {
			dss = m.DoseStates(r.pid, at(0, 0), at(24, 0), at(1, 45))
		}
		for _, ds := range dss {
			if ds.Ref == ref {
				day = append(day, ds.Due.In(lon).Format("15:04")+" "+ds.State)
			}
		}
		if !slices.Equal(day, want) {
			t.Errorf("Today at 01:45: %q, want %q", day, want)
		}
	}
	if ms := r.at(at(8, 0)); len(ms) != 1 {
		t.Errorf("at 08:00: %q, want the 08:00 reminder", titles(ms))
	}
}
