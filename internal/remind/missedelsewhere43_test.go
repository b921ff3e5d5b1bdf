package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F581: Ólafur's Boston laptop (manages his mother Guðrún, Reykjavík) reminded her 00:22
// bisoprolol; her own laptop answered it taken at 00:27. Then her times were changed on the
// Boston laptop (00:22 → 00:44). At 01:00 the Boston Today listed "00:22 … taken · answered by
// Fartölva Guðrúnar" and, below it, the same dose under Missed with Take now; 'today' had no
// missed dose. The dose log (the household's answers) says it was answered: it is never missed,
// nor due, whatever the reminder state this device kept of it. The same after the next dose,
// with no change of times.
func TestDoseAnsweredElsewhereIsNeverMissedHere(t *testing.T) {
	for _, moved := range []bool{true, false} {
		name := "times kept"
		if moved {
			name = "times moved after"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			rvk, bos := mustLoc(t, "Atlantic/Reykjavik"), mustLoc(t, "America/New_York")
			day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, rvk) }
			a, b := openVault(t), openVault(t) // her laptop, his
			if err := a.StartChanges(ctx, "dev-a"); err != nil {
				t.Fatal(err)
			}
			if err := b.StartChanges(ctx, "dev-b"); err != nil {
				t.Fatal(err)
			}
			mum := addPerson(t, a, "Guðrún")
			ref := addMed(t, a, mum, "m1", "Bisoprolol 2.5 mg",
				`[{"timing":{"repeat":{"timeOfDay":["00:22:00","08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`)
			s, _ := LoadSettings(a, mum)
			s.Zone = "Atlantic/Reykjavik"
			if err := SaveSettings(ctx, a, mum, s); err != nil {
				t.Fatal(err)
			}
			var ca uint64
			exchange(t, a, b, &ca)
			clk := &fakeClock{now: day(0, 5)}
			e := New(b, newRecorder(), Options{Clock: clk, Device: func() *time.Location { return bos }})
			if err := e.Start(ctx); err != nil {
				t.Fatal(err)
			}
			e.Step(ctx)
			clk.Set(day(0, 22))
			e.Step(ctx) // reminded here
			// Taken on her laptop at 00:27; heard here.
			m, err := Load(ctx, a, LoadOptions{Device: rvk, Now: day(0, 27)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := RecordDose(ctx, a, m.Medicine(mum, ref), DoseAction{Profile: mum, Ref: ref, Occurrence: "2026-06-01T00:22",
				Scheduled: day(0, 22), When: day(0, 27)}); err != nil {
				t.Fatal(err)
			}
			exchange(t, a, b, &ca)
			e.Reload()
			clk.Set(day(0, 28))
			e.Step(ctx)
			at := day(8, 5) // after the next dose: 00:22 is past its window
			if moved {
				m, err := Load(ctx, b, LoadOptions{Device: bos, Now: day(0, 33)})
				if err != nil {
					t.Fatal(err)
				}
				plan := schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: []schedule.Clock{44, 8 * 60}}}}}
				if err := SetPlan(ctx, b, m.Medicine(mum, ref), &plan, day(0, 33)); err != nil {
					t.Fatal(err)
				}
				e.Reload()
				at = day(1, 0)
			}
			clk.Set(at)
			e.Step(ctx)
			for _, ds := range e.DoseStates(mum, day(0, 0), day(0, 30)) {
				if ds.Due.Equal(day(0, 22)) && ds.State != DoseTaken {
					t.Errorf("00:22: %s, want taken (the dose log's answer)", ds.State)
				}
			}
			for _, r := range e.Missed() {
				if r.Due.Equal(day(0, 22)) {
					t.Errorf("Missed lists the 00:22 dose taken on her laptop at 00:27: %s", r.Title)
				}
			}
			for _, r := range e.DueNow() {
				if r.Due.Equal(day(0, 22)) {
					t.Errorf("DueNow lists the 00:22 dose taken on her laptop at 00:27: %s", r.Title)
				}
			}
		})
	}
}
