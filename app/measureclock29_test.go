package app

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F243 (the part left): in Add measurement, changing Person from Ana (Auckland, 01:00 on 6
// Dec) to Lou (Los Angeles, 04:00 on 5 Dec) kept Ana's date and time: the hint named Lou's
// clock, the time stayed hers. The date and time now move to now on the new person's clock,
// unless the person typed their own, which stay.
func TestAddMeasurement_PersonChangedMovesNowToTheirClock(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Ana", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Lou", "m2", "Aspirin 100 mg", twiceDaily})
	rig.clock.setZone(kolkata)
	u := rig.u
	for name, zone := range map[string]string{"Ana": "Pacific/Auckland", "Lou": "America/Los_Angeles"} {
		st, err := remind.LoadSettings(u.vault, rig.people[name])
		if err != nil {
			t.Fatal(err)
		}
		st.Zone = zone
		if err := remind.SaveSettings(context.Background(), u.vault, rig.people[name], st); err != nil {
			t.Fatal(err)
		}
	}
	choose := func(d *measureDialog, name string) {
		for i, pr := range u.shell.people {
			if pr.ID == rig.people[name] {
				d.person.SetSelectedIndex(i)
			}
		}
	}
	shown := func(d *measureDialog) string {
		if d.date.Date == nil {
			return "no date " + d.clock.Text
		}
		return d.date.Date.Format("2 Jan") + " " + d.clock.Text
	}
	d := u.shell.openMeasureOf(rig.people["Ana"], "weight")
	if got := shown(d); got != "6 Dec 01:00" {
		t.Fatalf("opens at %s, want 6 Dec 01:00 (Auckland)", got)
	}
	choose(d, "Lou")
	if got := shown(d); got != "5 Dec 04:00" {
		t.Errorf("Lou chosen: %s, want 5 Dec 04:00 (Los Angeles)", got)
	}
	choose(d, "Ana")
	if got := shown(d); got != "6 Dec 01:00" {
		t.Errorf("Ana again: %s, want 6 Dec 01:00", got)
	}
	// A time typed is the person's: it stays.
	d.clock.SetText("08:00")
	choose(d, "Lou")
	if got := shown(d); got != "6 Dec 08:00" {
		t.Errorf("typed 08:00, then Lou: %s, want 6 Dec 08:00 kept", got)
	}
	d.dialog.Hide()
}
