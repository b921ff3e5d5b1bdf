package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F49: moving today's dose time (a once-a-day plan set to 18:46, notified and not answered,
// then moved to 18:55 at 18:57) leaves one dose today. Since F164 it is the one at the old
// time, still due: the day's doses before the change are the plan's then in force, the new
// plan's count from the change (18:55 had passed). A dose of an earlier day under the old
// plan stays missed.
func TestMovingTodaysDoseLeavesOneDose(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(3, 12, 0), twiceDaily)
	set := func(at time.Time, clock string) {
		t.Helper()
		cl, err := schedule.ParseClock(clock)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Load(ctx, r.e.v, LoadOptions{Device: lon})
		if err != nil {
			t.Fatal(err)
		}
		plan := schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: []schedule.Clock{cl}}}}}
		if err := SetPlan(ctx, r.e.v, m.Medicine(r.pid, r.ref), &plan, at); err != nil {
			t.Fatal(err)
		}
		r.clk.Set(at)
		r.e.Reload()
		r.e.Step(ctx)
	}
	set(day(3, 12, 0), "18:46")
	for _, at := range []time.Time{day(3, 18, 46), day(3, 19, 0), day(4, 18, 46), day(4, 18, 50)} {
		r.at(at) // notified on the 3rd and the 4th, never answered
	}
	set(day(4, 18, 57), "18:55")
	r.at(day(4, 18, 58))
	var missed []string
	for _, m := range r.e.Missed() {
		missed = append(missed, m.Occurrence)
	}
	if len(missed) != 1 || missed[0] != "2026-12-03T18:46" {
		t.Errorf("missed after the move: %v, want only yesterday's 2026-12-03T18:46", missed)
	}
	due := r.e.DueNow()
	if len(due) != 1 || due[0].Occurrence != "2026-12-04T18:46" {
		var got []string
		for _, d := range due {
			got = append(got, d.Occurrence)
		}
		t.Errorf("due now after the move: %v, want 2026-12-04T18:46", got)
	}
}
