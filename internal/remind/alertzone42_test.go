package remind

import (
	"context"
	"testing"
	"time"
)

// F565: a caregiver alert is read alone. On a computer whose clock is not the person's it says
// whose time and this computer's, as the dose reminder does: the daughter's Los Angeles laptop
// was told "No answer yet for Dad's 06:10 medicines" at 13:16 her time.
func TestAlertOnAnotherClockSaysWhoseTime(t *testing.T) {
	ctx := context.Background()
	tokyo, la := mustLoc(t, "Asia/Tokyo"), mustLoc(t, "America/Los_Angeles")
	// a day already past on every clock: a medicine is missed only from when it was first seen
	day := func(h, m int) time.Time { return time.Date(2026, 6, 2, h, m, 0, 0, tokyo) }
	v := openVault(t)
	dad := addPerson(t, v, "Dad")
	addMed(t, v, dad, "m1", "Warfarin 1 mg", twiceDaily)
	s, _ := LoadSettings(v, dad)
	s.Private, s.AlertAfterMinutes, s.Zone = true, 30, "Asia/Tokyo"
	if err := SaveSettings(ctx, v, dad, s); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		device *time.Location
		want   string
	}{
		{la, "No answer yet for Dad's 08:00 Tokyo time (1 Jun, 16:00 here) medicines"},
		{tokyo, "No answer yet for Dad's 08:00 medicines"},
	} {
		m, err := Load(ctx, v, LoadOptions{Device: tc.device, Now: day(8, 30)})
		if err != nil {
			t.Fatal(err)
		}
		if al := m.Alerts(day(8, 30)); len(al) != 1 || al[0].Text.Title != tc.want {
			t.Errorf("device %s: alerts %+v, want the title %q", tc.device, al, tc.want)
		}
	}
}
