package household_test

import (
	"testing"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/sync/household"
)

// heldOp is what a replica holds for a key.
func (r *memReplica) heldOp(kind, key string) (household.Op, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	op, ok := r.data[kind+"\x00"+key]
	return op, ok
}

// checkAfterTravels is F494's part of a transport's run (TestOverWebDAV, TestOverSyncthing,
// TestAfterTravels): a change made on b after a's change of the same key had arrived there
// reaches a saying so (household.Saw: a tells it from a collision), through the engine and
// encrypted like the rest; changes made apart do not. carry moves the files between the two
// (nil: a and b share one store).
func checkAfterTravels(t *testing.T, a, b *device, clock *fakeClock, carry func()) {
	t.Helper()
	const key = "remind/plan/dad/metformin"
	until := func(d *device, want string, other *device) {
		t.Helper()
		for i := 0; ; i++ {
			other.exchange(t, clock.Now())
			if carry != nil {
				carry()
			}
			d.exchange(t, clock.Now())
			if v, _ := d.r.value("state", key); v == want {
				return
			}
			if i == 10 {
				t.Fatalf("%s never got %q", d.name, want)
			}
			if carry != nil {
				carry()
			}
		}
	}
	clock.Add(time.Minute)
	ours := a.r.put("state", "dad", key, "08:00 and 20:00", false, clock.Now())
	if ours.After == nil || *ours.After != (household.OpID{}) {
		t.Fatalf("a's first change: After %v, want nothing held", ours.After)
	}
	until(b, "08:00 and 20:00", a)
	clock.Add(time.Minute)
	theirs := b.r.put("state", "dad", key, "09:00 and 21:00", false, clock.Now())
	until(a, "09:00 and 21:00", b)
	got, _ := a.r.heldOp("state", key)
	if got.ID() != theirs.ID() || got.After == nil || *got.After != ours.ID() || !household.Saw(got, ours) {
		t.Fatalf("b's change on a: %+v (After %v), want After %v: made after a's had arrived", got, got.After, ours.ID())
	}
	// Apart: each changes it before the other's arrives; b's, later, wins and did not see a's.
	clock.Add(time.Minute)
	ours = a.r.put("state", "dad", key, "07:00", false, clock.Now())
	clock.Add(time.Second)
	b.r.put("state", "dad", key, "10:00", false, clock.Now())
	b.exchange(t, clock.Now())
	until(a, "10:00", b)
	got, _ = a.r.heldOp("state", key)
	if household.Saw(got, ours) {
		t.Fatalf("b's change made apart reads as made after a's: %+v (After %v), a's %v", got, got.After, ours.ID())
	}
}

// Saw: a change that says it was made from the held change, or from one after it, saw it; one
// made from an earlier change or from nothing did not, nor one that does not say (an older
// CareKeeper's).
func TestSaw(t *testing.T) {
	held := household.Op{Stamp: hlc.Stamp{Wall: 100, Logical: 2}, Device: "b"}
	for _, c := range []struct {
		after *household.OpID
		saw   bool
	}{
		{&household.OpID{Stamp: held.Stamp, Device: "b"}, true},
		{&household.OpID{Stamp: hlc.Stamp{Wall: 100, Logical: 3}, Device: "a"}, true},
		{&household.OpID{Stamp: held.Stamp, Device: "c"}, true},
		{&household.OpID{Stamp: held.Stamp, Device: "a"}, false},
		{&household.OpID{Stamp: hlc.Stamp{Wall: 99}, Device: "z"}, false},
		{&household.OpID{}, false},
		{nil, false},
	} {
		if got := household.Saw(household.Op{After: c.after}, held); got != c.saw {
			t.Errorf("After %v: Saw %v, want %v", c.after, got, c.saw)
		}
	}
}

// The in-memory folder: what a change's writer held travels with it, and a segment whose ops do
// not say it (an older CareKeeper's) is read with After nil.
func TestAfterTravels(t *testing.T) {
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	checkAfterTravels(t, a, b, clock, nil)
	a.r.mu.Lock()
	a.r.old = true
	a.r.mu.Unlock()
	clock.Add(time.Minute)
	a.r.put("state", "dad", "remind/plan/dad/metformin", "06:00", false, clock.Now())
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if got, _ := b.r.heldOp("state", "remind/plan/dad/metformin"); string(got.Value) != "06:00" || got.After != nil {
		t.Errorf("an older CareKeeper's change on b: %+v (After %v), want 06:00 and After nil", got, got.After)
	}
}
