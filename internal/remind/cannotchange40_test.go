package remind

import (
	"context"
	"testing"
	"time"
)

// F525 item 1: on Liam's laptop, which only views Margaret, `medicines` (and the app's
// Medicines row) said "once a day at bedtime (22:00 is CareKeeper's time: change it)" where
// the change is refused ("this computer may only view this person's records"), and so on a
// device whose share of her was withdrawn. There the plan says CareKeeper's time without
// "change it"; a device that manages her still offers it.
func TestPlanWordsOnADeviceThatCannotChangeThem(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	const daily = `[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	const twice = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	for _, tc := range []struct {
		name   string
		role   string // "manage", "view", "withdrawn"
		dosage string
		want   string
	}{
		{"manages", "manage", daily, "once a day (07:30 is CareKeeper's time: change it)"},
		{"views only", "view", daily, "once a day (07:30 is CareKeeper's time)"},
		{"views only, two times", "view", twice, "twice a day (07:30 and 18:30 are CareKeeper's times)"},
		{"share withdrawn", "withdrawn", daily, "once a day (07:30 is CareKeeper's time)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			mum := addPerson(t, v, "Mum")
			addMed(t, v, mum, "m1", "Donepezil 10 mg", tc.dosage)
			s, _ := LoadSettings(v, mum)
			s.Zone = "Europe/London"
			if err := SaveSettings(ctx, v, mum, s); err != nil {
				t.Fatal(err)
			}
			if tc.role != "manage" {
				if err := v.StartChanges(ctx, "dev-b"); err != nil {
					t.Fatal(err)
				}
			}
			switch tc.role {
			case "view":
				if err := v.SetViewOnly(ctx, []string{mum}); err != nil {
					t.Fatal(err)
				}
			case "withdrawn":
				if err := v.SetNotShared(ctx, map[string]time.Time{mum: time.Date(2026, 12, 7, 22, 3, 0, 0, time.UTC)}); err != nil {
					t.Fatal(err)
				}
			}
			m, err := Load(ctx, v, LoadOptions{Device: lon, Now: time.Date(2026, 12, 8, 9, 0, 0, 0, lon)})
			if err != nil {
				t.Fatal(err)
			}
			if meds := m.Medicines(mum); len(meds) != 1 || meds[0].Describe != tc.want {
				var got []string
				for _, med := range meds {
					got = append(got, med.Describe)
				}
				t.Errorf("plan words %q, want %q", got, tc.want)
			}
		})
	}
}
