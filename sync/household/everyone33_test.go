package household_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// F392 (second part): the desk manages everyone; the carer's laptop made Tom and shared him with
// the desk to manage. An invitation for everyone from the desk gave the new tablet every person
// but Tom (a grant on everyone does not cover a person another device made, F379), though the
// desk may share him. It now gives him by a grant of his own: the new device gets what the
// desk has. A person the desk only views is not its to give.
func TestInvitationForEveryoneGivesThePeopleThisDeviceManages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct {
		role  household.Role
		given bool
	}{{household.RoleManage, true}, {household.RoleView, false}} {
		t.Run(string(c.role), func(t *testing.T) {
			clock := &fakeClock{t: t0}
			fs := newMemFS()
			desk := create(t, fs, clock.Now())
			desk.r.put("record", "dad", "Observation/1", "dad's", false, clock.Now())
			desk.exchange(t, clock.Now())
			laptop := joinSnap(t, desk, fs, "laptop", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
			devs := []*device{desk, laptop}
			round := func() {
				for range 2 {
					for _, d := range devs {
						clock.Add(time.Minute)
						d.exchange(t, clock.Now())
					}
				}
			}
			round()
			laptop.r.put("record", "tom", "Observation/2", "tom's", false, clock.Now())
			if err := laptop.h.Share(ctx, "tom", desk.h.DeviceID(), c.role, clock.Now()); err != nil {
				t.Fatal(err)
			}
			round()
			if v, ok := desk.r.value("record", "Observation/2"); !ok || v != "tom's" {
				t.Fatalf("the desk, given Tom: %q %v", v, ok)
			}
			if got := desk.h.EveryoneGives("tom"); got != c.given {
				t.Errorf("EveryoneGives(tom) on the desk = %v, want %v", got, c.given)
			}
			tablet := joinSnap(t, desk, fs, "tablet", clock)
			devs = append(devs, tablet)
			round()
			if v, ok := tablet.r.value("record", "Observation/1"); !ok || v != "dad's" {
				t.Errorf("the tablet, invited for everyone: dad %q %v", v, ok)
			}
			v, ok := tablet.r.value("record", "Observation/2")
			if got := ok && v == "tom's"; got != c.given {
				t.Errorf("the tablet holds Tom: %v, want %v", got, c.given)
			}
			want := household.RoleNone
			if c.given {
				want = household.RoleManage
			}
			for _, d := range devs {
				if r := d.h.DeviceRole(tablet.h.DeviceID(), "tom"); r != want {
					t.Errorf("%s: the tablet's role on Tom %q, want %q", d.name, r, want)
				}
			}
		})
	}
}
