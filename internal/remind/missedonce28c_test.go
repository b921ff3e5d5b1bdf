package remind

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// F241: Today lists the engine's missed doses (shown, never answered: Engine.Missed) and the
// day's doses missed before reminders started for their medicine (DoseStatus.Early). A dose
// that was shown is the engine's, never also Early: 'Missed: 00:34' was listed twice. Here the
// plan was set by an older CareKeeper (no plans before it kept: reminders for it count from
// its change, 10:00): 08:00 was notified at 08:00 under the record's plan and left unanswered.
func TestMissedDoseListedOnce(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", at(7, 0), twiceDaily)
	if ms := r.at(at(8, 0)); len(ms) != 1 {
		t.Fatalf("at 08:00: %q, want one reminder", titles(ms))
	}
	r.at(at(9, 30))
	m := mustLoad(t, r, at(10, 0))
	med := m.Medicine(r.pid, r.ref)
	c8, _ := schedule.ParseClock("08:00")
	c21, _ := schedule.ParseClock("21:00")
	plan := schedule.Plan{Phases: []schedule.Phase{{Dose: "1 tablet", Timing: schedule.Timing{TimeOfDay: []schedule.Clock{c8, c21}}}}}
	b, _ := json.Marshal(Override{Plan: &plan, Since: at(10, 0).UTC()})
	if err := r.e.v.UpdateState(ctx, storage.StateOp{Key: planKey(r.pid, med.ID), Value: b}); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	for now := at(10, 0); !now.After(at(21, 30)); now = now.Add(30 * time.Minute) {
		r.at(now)
	}
	var missed []string
	for _, d := range r.e.Missed() {
		missed = append(missed, "shown "+d.Due.In(lon).Format("15:04"))
	}
	for _, ds := range r.e.DoseStates(r.pid, at(0, 0), at(24, 0)) {
		if ds.State == DoseMissed && ds.Early {
			missed = append(missed, "early "+ds.Due.In(lon).Format("15:04"))
		}
	}
	if want := []string{"shown 08:00"}; !slices.Equal(missed, want) {
		t.Errorf("Today's Missed: %q, want %q (once)", missed, want)
	}
}
