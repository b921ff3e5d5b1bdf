package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// A 2020 order the person confirmed on 3 June got no reminders before that: its earlier doses
// are not "not marked" in adherence (the visit summary once said 882 of 883 doses not marked
// for a medicine confirmed that day). A medicine that was current when confirmed keeps them.
func TestAdherenceStartsAtConfirmation(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(d, h int) time.Time { return time.Date(2026, 6, d, h, 0, 0, 0, lon) }
	for _, c := range []struct {
		authored  string
		scheduled int
	}{
		{"2020-01-01", 6},  // stale until confirmed 3 June 12:00: 3 June 20:00 … 6 June 08:00
		{"2026-05-01", 11}, // current anyway: every dose from 1 June
	} {
		v := openVault(t)
		ctx := context.Background()
		pid := addPerson(t, v, "Mum")
		addRecordMed(t, v, pid, "old", "Lisinopril 10 MG", c.authored)
		ref := "MedicationRequest/old"
		choice := storage.StateOp{Key: health.ChoiceKey(pid, ref), Value: health.EncodeChoice(health.Choice{Taking: true, At: day(3, 12)})}
		if _, err := v.Write(ctx, &storage.Batch{State: []storage.StateOp{choice}}); err != nil {
			t.Fatal(err)
		}
		m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(6, 12)})
		if err != nil {
			t.Fatal(err)
		}
		// A dose taken after confirming (6 June 08:00, at 08:05) does not make the medicine
		// look current before it.
		if _, err := RecordDose(ctx, v, m.Medicine(pid, ref), DoseAction{Occurrence: "2026-06-06T08:00", Scheduled: day(6, 8), When: day(6, 8).Add(5 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if m, err = Load(ctx, v, LoadOptions{Device: lon, Now: day(6, 12)}); err != nil {
			t.Fatal(err)
		}
		if got := m.Adherence(pid, day(1, 0), day(8, 0), day(6, 12), Week).Total; got.Scheduled != c.scheduled || got.Missed != c.scheduled-1 || got.OnTime != 1 {
			t.Errorf("authored %s: %+v, want %d scheduled, one on time", c.authored, got, c.scheduled)
		}
	}
}
