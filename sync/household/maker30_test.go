package household_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// F348: a device joined with an invitation that grants some people could never share a person
// of its own (one it had before joining, or added since): "only a device that manages the
// person … can share them", and no device managed them. A device now manages a person it
// shares whom the household knows nothing of (no key, no grant on them by another device): it
// made them. A person the household knows cannot be claimed so, and a person nobody shares
// stays on its device.
func TestDeviceManagesThePeopleItMade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	a.r.put("record", "dad", "Observation/1", "dad's", false, clock.Now())
	a.r.put("record", "mum", "Observation/2", "mum's", false, clock.Now())
	a.exchange(t, clock.Now())
	b := joinSnap(t, a, fs, "tablet", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	c := join(t, a, fs, "carer", clock, household.Grant{Profile: "dad", Role: household.RoleView})
	clock.Add(time.Minute)
	b.r.put("record", "bob", "Observation/3", "bob's, made on the tablet", false, clock.Now())
	all := []*device{a, b, c, a, b, c}
	round := func() {
		for _, d := range all {
			clock.Add(time.Minute)
			d.exchange(t, clock.Now())
		}
	}
	round()
	if _, ok := a.r.value("record", "Observation/3"); ok {
		t.Fatal("a person the tablet shares with nobody left it")
	}
	clock.Add(time.Minute)
	if err := b.h.Share(ctx, "bob", a.h.DeviceID(), household.RoleManage, clock.Now()); err != nil {
		t.Fatalf("the tablet shares its own person: %v", err)
	}
	round()
	round()
	for _, d := range []*device{a, b} {
		if v, ok := d.r.value("record", "Observation/3"); !ok || v != "bob's, made on the tablet" {
			t.Errorf("%s: bob's record %q %v", d.name, v, ok)
		}
	}
	if got := b.h.Role("bob"); got != household.RoleManage {
		t.Errorf("the tablet's role on bob: %q", got)
	}
	for _, d := range []*device{a, b, c} {
		for _, dv := range d.h.Devices() {
			if dv.ID == b.h.DeviceID() && dv.Roles["bob"] != household.RoleManage && d != c {
				t.Errorf("%s: the tablet's roles %v", d.name, dv.Roles)
			}
		}
	}
	if _, ok := c.r.value("record", "Observation/3"); ok {
		t.Error("the carer, given nothing of bob, holds him")
	}
	// A person the household knows cannot be claimed: mum (the laptop's), dad (viewed).
	for _, p := range []string{"mum", "dad"} {
		if err := c.h.Share(ctx, p, c.h.DeviceID(), household.RoleManage, clock.Now()); !errors.Is(err, household.ErrNotAllowed) {
			t.Errorf("the carer takes manage on %s: %v", p, err)
		}
	}
	if err := b.h.Share(ctx, "mum", b.h.DeviceID(), household.RoleManage, clock.Now()); !errors.Is(err, household.ErrNotAllowed) {
		t.Errorf("the tablet takes manage on mum: %v", err)
	}
	round()
	if got := c.h.Role("dad"); got != household.RoleView {
		t.Errorf("the carer's role on dad: %q", got)
	}
}

// joinSnap is join with a replica that can write snapshots (as the vault's can).
func joinSnap(t *testing.T, admin *device, fs *memFS, name string, clock *fakeClock, grants ...household.Grant) *device {
	t.Helper()
	ctx := context.Background()
	code, _, err := admin.h.Invite(ctx, grants, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r := newReplica()
	done := make(chan error, 1)
	var h *household.Household
	go func() {
		var err error
		h, err = household.Join(ctx, snapReplica{r}, fs, code, name, time.Minute, clock.Now)
		done <- err
	}()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("join %s: %v", name, err)
			}
			r.dev = h.DeviceID()
			return &device{name: name, r: r, fs: fs, h: h}
		default:
		}
		admin.exchange(t, clock.Now())
		runtime.Gosched()
	}
}
