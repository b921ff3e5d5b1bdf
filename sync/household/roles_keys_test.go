package household_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// Keys are made and wrapped only by a device entitled to: one that manages the person
// (household-wide: someone). A modified device that only views Dad wraps his key to a member
// with no role for him, and rotates his key: neither counts anywhere.
func TestKeysOnlyFromManagers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "dad's", false, clock.Now())
	a.r.put("record", "mum", "Observation/m", "mum's", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, a.fs, "carer", clock, household.Grant{Profile: "dad", Role: household.RoleView})
	c := join(t, a, a.fs, "neighbour", clock, household.Grant{Profile: "mum", Role: household.RoleView})
	for _, d := range []*device{a, b, c, a, b, c} {
		d.exchange(t, clock.Now())
	}
	if _, ok := c.r.value("record", "Observation/d"); ok {
		t.Fatal("the neighbour reads Dad before anything")
	}
	dadKey := a.h.CurrentKey("dad")

	clock.Add(time.Minute)
	if err := b.h.ForceWrap(ctx, "dad", c.h.DeviceID(), clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := b.h.ForceRotate(ctx, "dad", clock.Now()); err != nil {
		t.Fatal(err)
	}
	t.Logf("b sent %+v", b.exchange(t, clock.Now()))
	clock.Add(time.Second)
	a.r.put("record", "dad", "Observation/d2", "dad's later", false, clock.Now())
	for _, d := range []*device{a, c, a, c, b} {
		t.Logf("%s %+v %s", d.name, d.exchange(t, clock.Now()), d.h.DebugState())
	}
	if v, ok := c.r.value("record", "Observation/d"); ok {
		t.Fatalf("a key wrapped by a view-only device let the neighbour read Dad: %q", v)
	}
	if v, ok := c.r.value("record", "Observation/d2"); ok {
		t.Fatalf("the neighbour reads Dad's later record: %q", v)
	}
	if got := a.h.CurrentKey("dad"); got != dadKey {
		t.Fatalf("a key made by a view-only device became Dad's current key (%s, was %s)", got, dadKey)
	}
	if v, _ := b.r.value("record", "Observation/d2"); v != "dad's later" {
		t.Fatalf("the carer does not read Dad's later record: %q", v)
	}
}

// A grant undone by an earlier change that arrives late undoes what was done with it: the
// tablet, its manage of Dad taken away (not yet heard), invites a device to manage Dad; the
// carer (who manages everyone and has not heard either) admits it and gives it Dad's key. Once
// the downgrade arrives, the new device is no member anywhere, and Dad's next key is not wrapped
// to it.
func TestLateDowngradeUndoesAdmission(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "dad's", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, a.fs, "tablet", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	c := join(t, a, a.fs, "carer", clock)
	for _, d := range []*device{a, b, c, a, b, c} {
		d.exchange(t, clock.Now())
	}
	clock.Add(time.Minute)
	if err := a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleView, clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Second)
	code, _, err := b.h.Invite(ctx, []household.Grant{{Profile: "dad", Role: household.RoleManage}}, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.exchange(t, clock.Now())
	c.exchange(t, clock.Now())
	d, err := tryJoin(t, c, a.fs, "intruder", code, clock)
	if err != nil {
		t.Fatalf("join: %v", err)
	}
	d.exchange(t, clock.Now())
	if v, _ := d.r.value("record", "Observation/d"); v != "dad's" {
		t.Fatalf("the admitted device does not read Dad yet: %q", v)
	}

	// The downgrade arrives everywhere.
	for range 2 {
		for _, x := range []*device{a, b, c, d} {
			x.exchange(t, clock.Now())
		}
	}
	for _, x := range []*device{a, b, c} {
		for _, dev := range x.h.Devices() {
			if dev.ID == d.h.DeviceID() {
				t.Errorf("%s still lists the device admitted on the undone grant", x.name)
			}
		}
	}
	clock.Add(time.Second)
	a.r.put("record", "dad", "Observation/d3", "dad's after", false, clock.Now())
	for range 2 {
		for _, x := range []*device{a, b, c, d} {
			x.exchange(t, clock.Now())
		}
	}
	if v, ok := d.r.value("record", "Observation/d3"); ok {
		t.Fatalf("the device admitted on the undone grant reads Dad's new record: %q", v)
	}
	if v, _ := c.r.value("record", "Observation/d3"); v != "dad's after" {
		t.Fatalf("the carer: %q", v)
	}
}

// A modified device that once managed Dad, now only viewing him, re-publishes in a snapshot a
// change it invented under the laptop's name, stamped after it stopped managing him: nobody
// takes it (a snapshot's contents pass the same check by stamps as a segment's).
func TestSnapshotFromFormerManagerRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "dad's", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, a.fs, "tablet", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	c := join(t, a, a.fs, "carer", clock)
	for _, d := range []*device{a, b, c, a, b, c} {
		d.exchange(t, clock.Now())
	}
	clock.Add(time.Minute)
	if err := a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleView, clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{a, b, c} {
		d.exchange(t, clock.Now())
	}
	clock.Add(time.Minute)
	invented := household.Op{Kind: "record", Profile: "dad", Key: "Observation/d", Value: []byte("invented"),
		Stamp: b.h.Stamp(clock.Now()), Device: a.h.DeviceID()}
	if err := b.h.ForgeSnapshot(ctx, "dad", []household.Op{invented}, clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{a, c} {
		d.exchange(t, clock.Now())
		if v, _ := d.r.value("record", "Observation/d"); v != "dad's" {
			t.Errorf("%s took a change re-published by a device that no longer manages Dad: %q", d.name, v)
		}
	}
}
