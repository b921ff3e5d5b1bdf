package household_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// F348, the invitation's part: a device joined with an invitation for some people (Anna's
// laptop, given Dad) may share a person it made (share, same-person: bf4741f), but could not
// invite another device of its people: an invitation naming its own Tom was refused with
// "only a device that manages the person … can share them", and the app's "Invite a device…"
// left Tom out. Invite now claims such a person as Share does, and MayShare says which people
// this device may share (the app offers them).
func TestInviteClaimsThePeopleThisDeviceMade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	a.r.put("record", "dad", "Observation/1", "v", false, clock.Now())
	a.r.put("record", "mum", "Observation/2", "v", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, fs, "carer", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	for _, d := range []*device{a, b, a, b} {
		clock.Add(time.Minute)
		d.exchange(t, clock.Now())
	}
	clock.Add(time.Minute)
	b.r.put("record", "tom", "Observation/3", "v", false, clock.Now()) // the carer's own
	b.exchange(t, clock.Now())
	for _, c := range []struct {
		who  string
		want bool
	}{{"dad", true}, {"tom", true}, {"mum", false}, {household.AllProfiles, false}} {
		if got := b.h.MayShare(c.who); got != c.want {
			t.Errorf("MayShare(%s) = %v, want %v", c.who, got, c.want)
		}
	}
	if _, _, err := b.h.Invite(ctx, []household.Grant{{Profile: "dad", Role: household.RoleManage}, {Profile: "tom", Role: household.RoleManage}}, clock.Now()); err != nil {
		t.Fatalf("an invitation for Dad and the carer's own Tom: %v", err)
	}
	if _, _, err := b.h.Invite(ctx, []household.Grant{{Profile: "mum", Role: household.RoleView}}, clock.Now()); err == nil {
		t.Error("an invitation for Mum, whom the carer was never given, was made")
	}
	if r := b.h.Role("tom"); r != household.RoleManage {
		t.Errorf("the carer's role for its own Tom after inviting: %q", r)
	}
}
