package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F477, a choice saved before the fix: "Only as needed" stored as a bare as-needed plan kept
// Sofia's ibuprofen ("every 6 hours as needed") without its spacing, and doses an hour apart
// were logged without a word. Read back, the stored choice keeps the record's spacing: the
// record's own plan when it says only as needed, its as-needed instructions otherwise.
func TestOnlyAsNeededSavedBeforeKeepsTheRecordsSpacing(t *testing.T) {
	for _, tc := range []struct {
		name, dosage   string
		wantOverridden bool
	}{
		{"the record says as needed", `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]}]`, false},
		{"at 08:00 and as needed", `[{"sequence":1,"timing":{"repeat":{"timeOfDay":["08:00:00"]}}},{"sequence":2,"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}}}]`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Sofia")
			ref := addMed(t, v, pid, "ibu", "Children's ibuprofen 100 mg/5 mL", tc.dosage)
			now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
			m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			med := m.Medicine(pid, ref)
			// as written before the fix
			if err := saveOverride(ctx, v, med, Override{Plan: &schedule.Plan{AsNeeded: true, Phases: []schedule.Phase{{AsNeeded: true}}}, Since: now}); err != nil {
				t.Fatal(err)
			}
			if m, err = Load(ctx, v, LoadOptions{Device: time.UTC, Now: now}); err != nil {
				t.Fatal(err)
			}
			med = m.Medicine(pid, ref)
			if got := med.Plan.Limit().MinGap; got != 6*time.Hour || !med.Plan.AsNeeded || med.Overridden != tc.wantOverridden {
				t.Errorf("read back: gap %v, as needed %v, overridden %v (want 6h, true, %v)", got, med.Plan.AsNeeded, med.Overridden, tc.wantOverridden)
			}
		})
	}
}
