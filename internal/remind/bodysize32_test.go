package remind

import (
	"context"
	"testing"
	"time"
)

// A dose answered without an amount is recorded with the plan's dose, unless that is a rule
// by body size: a child's "15 mg/kg" was recorded as the amount given (F407).
func TestDoseByBodySizeIsNotRecordedAsTheAmountGiven(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		dose, unit, want string
	}{
		{"15", "mg/kg", ""},
		{"250", "mg/m2", ""},
		{"7.5", "mL", "7.5 mL"},
		{"1", "tablet", "1 tablet"},
	} {
		v := openVault(t)
		pid := addPerson(t, v, "Lily")
		ref := addMed(t, v, pid, "m1", "Ibuprofen 100 mg/5 mL oral suspension",
			`[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":`+tc.dose+`,"unit":"`+tc.unit+`"}}]}]`)
		when := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: when})
		if err != nil {
			t.Fatal(err)
		}
		med := m.Medicine(pid, ref)
		if _, err := RecordDose(ctx, v, med, DoseAction{Profile: pid, Ref: ref, When: when}); err != nil {
			t.Fatal(err)
		}
		if m, err = Load(ctx, v, LoadOptions{Device: time.UTC, Now: when}); err != nil {
			t.Fatal(err)
		}
		ds := m.Doses[med.Key()]
		if len(ds) != 1 || ds[0].Amount != tc.want {
			t.Errorf("plan dose %s %s: recorded %+v, want the amount %q", tc.dose, tc.unit, ds, tc.want)
		}
	}
}
