package remind

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A caregiver alert on a device that may only view the person does not ask to answer the dose
// there (it cannot: Today says answers come from the devices that manage them); on a device that
// manages them it does.
func TestAlertTextOnViewOnlyDevice(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	for _, tc := range []struct {
		name     string
		viewOnly bool
		want     string
	}{
		{"manages", false, "Open CareKeeper to see or answer."},
		{"views only", true, "Open CareKeeper to see it; answers come from the devices that manage them."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			dad := addPerson(t, v, "Dad")
			addMed(t, v, dad, "m1", "Metformin 500 mg", twiceDaily)
			s, _ := LoadSettings(v, dad)
			s.Zone = "Europe/London"
			if err := SaveSettings(ctx, v, dad, s); err != nil {
				t.Fatal(err)
			}
			if tc.viewOnly {
				if err := v.StartChanges(ctx, "dev-b"); err != nil {
					t.Fatal(err)
				}
				if err := v.SetViewOnly(ctx, []string{dad}); err != nil {
					t.Fatal(err)
				}
			}
			m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(9, 0)})
			if err != nil {
				t.Fatal(err)
			}
			al := m.Alerts(day(9, 0))
			if len(al) != 1 || !strings.HasSuffix(al[0].Text.Body, tc.want) {
				t.Fatalf("alert %+v, want its body to end %q", al, tc.want)
			}
		})
	}
}
