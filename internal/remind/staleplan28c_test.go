package remind

import (
	"context"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// The medicine's settings are saved with the medicine as the Medicines screen read it, which
// may be from before the last change of its times (another Save, the command line, another
// device): the plan kept for the day until now is the plan in force, as stored, not the one read
// then. Sertraline 00:34/08:00 (00:34 shown, unanswered), 01:13/08:00 set at 01:10, then
// 01:13/01:28/08:00 set at 01:23 from a reading of 01:05: at 01:25 the day is 01:13 due, 01:28
// and 08:00 later — 01:13 (of the plan of 01:10) was lost and 00:34 read 'due'. (00:34, still due
// at 01:10, is the dose moved to 01:13: F419.)
func TestSetPlanKeepsThePlanInForceAsStored(t *testing.T) {
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
	if err := SetPlan(ctx, r.e.v, mustLoad(t, r, at(0, 27)).Medicine(r.pid, ref), plan("00:34", "08:00"), at(0, 27)); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	for _, now := range []time.Time{at(0, 28), at(0, 34), at(1, 4), at(1, 5)} {
		r.at(now)
	}
	read := mustLoad(t, r, at(1, 5)).Medicine(r.pid, ref) // the Medicines screen's reading
	if err := SetPlan(ctx, r.e.v, mustLoad(t, r, at(1, 10)).Medicine(r.pid, ref), plan("01:13", "08:00"), at(1, 10)); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	r.at(at(1, 10))
	r.at(at(1, 13))
	if err := SetPlan(ctx, r.e.v, read, plan("01:13", "01:28", "08:00"), at(1, 23)); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	r.at(at(1, 23))
	r.at(at(1, 25))
	var day []string
	for _, ds := range r.e.DoseStates(r.pid, at(0, 0), at(24, 0)) {
		if ds.Ref == ref {
			day = append(day, ds.Due.In(lon).Format("15:04")+" "+ds.State)
		}
	}
	if want := []string{"01:13 due", "01:28 upcoming", "08:00 upcoming"}; !slices.Equal(day, want) {
		t.Errorf("Today at 01:25: %q, want %q", day, want)
	}
}
