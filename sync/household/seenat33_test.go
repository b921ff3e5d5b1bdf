package household_test

import (
	"testing"
	"time"

	"carekeeper/sync/household"
)

// A device's last seen is when it last wrote to the household, not when its newest change was
// made: a laptop that changed Dad's record offline at 09:00 and synced at 12:00 was last
// heard from "3 hours ago" on the others right after that sync (its segment's changes are
// stamped 09:00; a heartbeat is written only by an exchange that sends nothing).
func TestLastSeenIsWhenTheDeviceSynced(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "dad's", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, a.fs, "desk", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	for _, d := range []*device{a, b, a, b} {
		d.exchange(t, clock.Now())
	}
	clock.Add(48 * time.Hour) // the invitation is over, and said so
	for _, d := range []*device{a, b, a, b, a, b} {
		d.exchange(t, clock.Now())
	}
	a.r.put("record", "dad", "Observation/e", "changed offline", false, clock.Now())
	clock.Add(3 * time.Hour)
	if rep := a.exchange(t, clock.Now()); rep.Sent != 1 {
		t.Fatalf("the laptop sent %d changes, want 1", rep.Sent)
	}
	b.exchange(t, clock.Now())
	for _, d := range b.h.Devices() {
		if d.ID == a.h.DeviceID() {
			if got := clock.Now().Sub(d.LastSeen); got > time.Minute {
				t.Fatalf("right after its sync, the laptop is last seen %v ago", got)
			}
			return
		}
	}
	t.Fatal("no laptop among the devices")
}
