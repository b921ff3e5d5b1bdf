package storage

import (
	"context"
	"testing"

	"carekeeper/internal/hlc"
)

// F494: a change of the app's exchanged state says what its writer held for the key when it
// made it (Change.After): the other device's change it replaced, or what this device's own
// earlier change, never sent, had started from; nothing held is the zero ChangeID. It is kept
// with the key's version, through Changes, Held and Snapshot, and a remote change's After is
// kept as it came. Records say nothing (nil), and a version written before After was kept
// reads as not known.
func TestChangeSaysWhatItsWriterHeld(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	a, b := newTestVault(t, Options{}), newTestVault(t, Options{})
	for v, d := range map[*Vault]string{a: "dev-a", b: "dev-b"} {
		if err := v.StartChanges(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	p, err := a.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	const key = "remind/plan/x/metformin"
	if err := a.UpdateState(ctx, StateOp{Key: key, Value: []byte(`{"times":["08:00"]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o1", "1a")}}); err != nil {
		t.Fatal(err)
	}
	ch, _, err := a.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var first Change
	for _, c := range ch {
		switch {
		case c.Key == key:
			if c.After == nil || *c.After != (ChangeID{}) {
				t.Errorf("a's first change of %s: After %v, want the zero ChangeID (nothing held)", key, c.After)
			}
			first = c
		case c.After != nil:
			t.Errorf("%s %s: After %v, want nil", c.Kind, c.Key, c.After)
		}
	}
	if _, err := b.ApplyChanges(ctx, ch, lww); err != nil {
		t.Fatal(err)
	}
	// b changes it twice before it sends: the change sent says it started from a's.
	for _, v := range []string{`{"times":["09:00"]}`, `{"times":["09:30"]}`} {
		if err := b.UpdateState(ctx, StateOp{Key: key, Value: []byte(v)}); err != nil {
			t.Fatal(err)
		}
	}
	back, _, err := b.Changes(ctx, 0, 100)
	if err != nil || len(back) != 1 {
		t.Fatalf("b's changes: %v %v", back, err)
	}
	want := ChangeID{Stamp: first.Stamp, Device: "dev-a"}
	if back[0].After == nil || *back[0].After != want {
		t.Errorf("b's change: After %v, want %v", back[0].After, want)
	}
	for name, v := range map[string]*Vault{"b": b} {
		if c, ok, err := v.Held(KindState, key); err != nil || !ok || c.After == nil || *c.After != want {
			t.Errorf("%s Held: %+v %v %v", name, c, ok, err)
		}
	}
	// Taken by a, it is kept as it came (Held, Snapshot).
	if n, err := a.ApplyChanges(ctx, back, lww); err != nil || n != 1 {
		t.Fatalf("a applies b's: %d %v", n, err)
	}
	if c, ok, err := a.Held(KindState, key); err != nil || !ok || c.Device != "dev-b" || c.After == nil || *c.After != want {
		t.Errorf("a Held: %+v %v %v", c, ok, err)
	}
	found := false
	if err := a.Snapshot(ctx, func(c Change) error {
		if c.Key == key {
			found = c.After != nil && *c.After == want
		}
		return nil
	}); err != nil || !found {
		t.Errorf("a's snapshot does not say what b's change started from (%v)", err)
	}
	// Versions as an older CareKeeper wrote them read with After not known; written and read
	// back, each form is the same.
	old := version{stamp: hlc.Stamp{Wall: 5, Logical: 2}, seq: 7, device: "dev-a"}
	for _, ver := range []version{old,
		{stamp: old.stamp, seq: 7, device: "dev-a", after: &ChangeID{}},
		{stamp: old.stamp, deleted: true, device: "dev-b", after: &ChangeID{Stamp: hlc.Stamp{Wall: 3, Logical: 1}, Device: "dev-a"}}} {
		got, err := decodeVersion(ver.encode())
		if err != nil || got.stamp != ver.stamp || got.deleted != ver.deleted || got.seq != ver.seq || got.device != ver.device ||
			(got.after == nil) != (ver.after == nil) || (got.after != nil && *got.after != *ver.after) {
			t.Errorf("version %+v read back as %+v (%v)", ver, got, err)
		}
	}
	if _, err := decodeVersion(append(old.encode(), 0, 1, 2)); err == nil {
		t.Error("a damaged After was read")
	}
}
