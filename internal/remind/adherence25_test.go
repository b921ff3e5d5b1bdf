package remind

import (
	"context"
	"testing"
	"time"
)

// A dose whose time came a few minutes ago and is not answered yet is still due (Today says
// so): adherence does not count it as a dose not taken until its due window has closed (F44:
// Medicines said "on time 0%" four minutes after a dose's time).
func TestAdherenceLeavesOutADoseStillDue(t *testing.T) {
	v := openVault(t)
	lon := mustLoc(t, "Europe/London")
	at := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, lon) }
	pid := addPerson(t, v, "Dad")
	ref := addMed(t, v, pid, "m1", "Atorvastatin 40 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`,
		`"dispenseRequest":{"validityPeriod":{"start":"2026-06-01"}}`)
	ctx := context.Background()
	if err := v.UpdateState(ctx, stateOp(seenKeyFor(t, v, pid, ref), at(1, 0, 0).UTC().Format(time.RFC3339Nano))); err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	// 1 June taken on time; 2 June's 08:00 dose is not answered.
	if _, err := RecordDose(ctx, v, m.Medicine(pid, ref), DoseAction{Occurrence: "2026-06-01T08:00", Scheduled: at(1, 8, 0), When: at(1, 8, 5)}); err != nil {
		t.Fatal(err)
	}
	m, _ = Load(ctx, v, LoadOptions{Device: lon})
	for _, c := range []struct {
		name                      string
		now                       time.Time
		scheduled, onTime, missed int
	}{
		{"four minutes after its time", at(2, 8, 4), 1, 1, 0},
		{"at the end of its hour", at(2, 8, 59), 1, 1, 0},
		{"its due window closed", at(2, 9, 0), 2, 1, 1},
		{"the next day", at(3, 7, 0), 2, 1, 1},
	} {
		if st := m.DoseStates(pid, at(2, 0, 0), at(3, 0, 0), c.now); c.now.Before(at(2, 9, 0)) && (len(st) != 1 || st[0].State != DoseDue) {
			t.Fatalf("%s: Today's state %+v, want due", c.name, st)
		}
		tot := m.Adherence(pid, at(1, 0, 0), at(4, 0, 0), c.now, Day).Total
		if tot.Scheduled != c.scheduled || tot.OnTime != c.onTime || tot.Missed != c.missed {
			t.Errorf("%s: %+v, want %d scheduled, %d on time, %d missed", c.name, tot, c.scheduled, c.onTime, c.missed)
		}
	}
	// A dose answered while still due counts at once.
	if _, err := RecordDose(ctx, v, m.Medicine(pid, ref), DoseAction{Occurrence: "2026-06-02T08:00", Scheduled: at(2, 8, 0), When: at(2, 8, 3)}); err != nil {
		t.Fatal(err)
	}
	m, _ = Load(ctx, v, LoadOptions{Device: lon})
	if tot := m.Adherence(pid, at(1, 0, 0), at(4, 0, 0), at(2, 8, 4), Day).Total; tot.Scheduled != 2 || tot.OnTime != 2 {
		t.Errorf("answered while due: %+v, want 2 of 2 on time", tot)
	}
}
