package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// F193 (the part left): a dose answered before any reminder ran (from the command line), then
// the times set by hand: the 08:00 dose kept was no longer counted, the count starting when
// the reminders first saw the medicine. The doses kept count, before and after the change.
func TestAdherenceKeepsTheDoseAnsweredBeforeTheTimesChanged(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(1, 12, 0), twiceDaily)
	ctx := context.Background()
	v := r.v.(*storage.Vault)
	med := r.e.Model().Medicines(r.pid)[0]
	if _, err := RecordDose(ctx, v, med, DoseAction{Profile: r.pid, Ref: r.ref, Occurrence: "2026-06-01T08:00",
		Scheduled: day(1, 8, 0), When: day(1, 8, 5)}); err != nil {
		t.Fatal(err)
	}
	plan := schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: []schedule.Clock{7 * 60, 19 * 60}}}}}
	if err := SetPlan(ctx, v, med, &plan, day(1, 12, 0)); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	r.at(day(2, 0, 0))
	a := r.e.Model().Adherence(r.pid, day(1, 0, 0), day(2, 0, 0), day(2, 0, 0), Day)
	if len(a.Meds) != 1 {
		t.Fatalf("adherence of %d medicines", len(a.Meds))
	}
	if got := a.Meds[0].Total; got.Scheduled != 2 || got.OnTime != 1 || got.Missed != 1 {
		t.Errorf("1 Jun: %d scheduled, %d on time, %d no answer; want 08:00 taken (the times before) and 19:00 no answer", got.Scheduled, got.OnTime, got.Missed)
	}
}
