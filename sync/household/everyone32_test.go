package household_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// F379: a carer's laptop (joined for dad) invited her own phone for her own Tom: the desk,
// which manages everyone, got Tom too, and nobody chose it. A role on every person covers the
// household's people as the device that gave it holds them, not a person another device made:
// Tom goes only to the devices chosen for him, until he is shared with the desk.
func TestEveryoneDoesNotCoverAnotherDevicesPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	desk := create(t, fs, clock.Now())
	desk.r.put("record", "dad", "Observation/1", "dad's", false, clock.Now())
	desk.exchange(t, clock.Now())
	laptop := joinSnap(t, desk, fs, "laptop", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	for _, d := range []*device{desk, laptop} {
		clock.Add(time.Minute)
		d.exchange(t, clock.Now())
	}
	clock.Add(time.Minute)
	laptop.r.put("record", "tom", "Observation/2", "tom's", false, clock.Now())
	phone := join(t, laptop, fs, "phone", clock, household.Grant{Profile: "tom", Role: household.RoleManage})
	all := []*device{desk, laptop, phone, desk, laptop, phone}
	round := func() {
		for _, d := range all {
			clock.Add(time.Minute)
			d.exchange(t, clock.Now())
		}
	}
	round()
	if v, ok := phone.r.value("record", "Observation/2"); !ok || v != "tom's" {
		t.Errorf("the phone, invited for Tom: %q %v", v, ok)
	}
	if _, ok := desk.r.value("record", "Observation/2"); ok {
		t.Error("the desk, managing everyone, holds Tom, whom nobody shared with it")
	}
	for _, d := range []*device{desk, laptop, phone} {
		if r := d.h.DeviceRole(desk.h.DeviceID(), "tom"); r != household.RoleNone {
			t.Errorf("%s: the desk's role on Tom %q", d.name, r)
		}
		if r := d.h.DeviceRole(desk.h.DeviceID(), "dad"); r != household.RoleManage {
			t.Errorf("%s: the desk's role on dad %q", d.name, r)
		}
	}
	if err := desk.h.Share(ctx, "tom", desk.h.DeviceID(), household.RoleManage, clock.Now()); !errors.Is(err, household.ErrNotAllowed) {
		t.Errorf("the desk gives itself Tom: %v", err)
	}
	if rs := laptop.h.Readers("tom"); len(rs) != 1 || rs[0].ID != phone.h.DeviceID() || rs[0].Everyone {
		t.Errorf("the laptop's readers of Tom: %+v", rs)
	}
	if rs := laptop.h.Readers("dad"); len(rs) != 1 || rs[0].ID != desk.h.DeviceID() || !rs[0].Everyone || rs[0].Role != household.RoleManage {
		t.Errorf("the laptop's readers of dad: %+v", rs)
	}
	if desk.h.EveryoneCovers("tom") || !desk.h.EveryoneCovers("dad") || !laptop.h.EveryoneCovers("tom") {
		t.Error("EveryoneCovers: an invitation for everyone from the desk would give Tom, or the laptop's would not")
	}
	// The desk's grant on everyone used to give it Tom: withdrawn there, with no stamp.
	if at, ok := desk.h.Withdrawn()["tom"]; !ok || !at.IsZero() {
		t.Errorf("the desk's withdrawn Tom: %v %v", at, ok)
	}
	// Shared with it explicitly, the desk holds him.
	clock.Add(time.Minute)
	if err := laptop.h.Share(ctx, "tom", desk.h.DeviceID(), household.RoleView, clock.Now()); err != nil {
		t.Fatal(err)
	}
	round()
	if v, ok := desk.r.value("record", "Observation/2"); !ok || v != "tom's" {
		t.Errorf("the desk, given Tom: %q %v", v, ok)
	}
	if _, ok := desk.h.Withdrawn()["tom"]; ok || desk.h.Role("tom") != household.RoleView {
		t.Errorf("the desk, given Tom: withdrawn, or role %q", desk.h.Role("tom"))
	}
}
