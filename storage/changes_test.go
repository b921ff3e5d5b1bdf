package storage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"carekeeper/internal/hlc"
)

// lww is the household's merge rule (household.Wins): the later (stamp, device) wins.
func lww(a, b Change) bool {
	if c := a.Stamp.Compare(b.Stamp); c != 0 {
		return c > 0
	}
	if a.Device != b.Device {
		return a.Device > b.Device
	}
	if a.Deleted != b.Deleted {
		return a.Deleted
	}
	return string(a.Value) > string(b.Value)
}

// fakeChangeClock makes the vault's physical time a counter moving 1 ms a read.
func fakeChangeClock(t *testing.T) {
	var ms atomic.Int64
	ms.Store(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC).UnixMilli())
	old := changeNow
	changeNow = func() time.Time { return time.UnixMilli(ms.Add(1)) }
	t.Cleanup(func() { changeNow = old })
}

// dumpShared is everything in the database a household must agree on: all but the
// household's own keys ("h" 0 ...) and the device's own state.
func dumpShared(tb testing.TB, v *Vault) map[string]string {
	out := dumpDB(tb, v)
	for k := range out {
		if strings.HasPrefix(k, string(prefixHH)) ||
			(strings.HasPrefix(k, string(prefixState)) && !IsExchangedState(k[len(prefixState):])) {
			delete(out, k)
		}
	}
	return out
}

func householdKeys(tb testing.TB, v *Vault) int {
	n := 0
	for k := range dumpDB(tb, v) {
		if strings.HasPrefix(k, string(prefixHH)) {
			n++
		}
	}
	return n
}

func obsRecord(t testing.TB, profile, id, value string) Record {
	t.Helper()
	rec, err := NewRecord(profile, ID{Source: AppSource, Type: "Observation", ID: id},
		resource("Observation", id, `,"effectiveDateTime":"2026-11-0`+value[:1]+`","valueString":"`+value+`"`))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestNoHouseholdLogsNothing(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	p, err := v.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o1", "1a")}, State: []StateOp{{Key: "remind/plan/" + p.ID + "/x", Value: []byte("{}")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.DeleteProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if n := householdKeys(t, v); n != 0 {
		t.Errorf("%d household keys written without a household", n)
	}
	if _, _, err := v.Changes(ctx, 0, 10); !errors.Is(err, ErrNoHousehold) {
		t.Errorf("Changes without a household: %v", err)
	}
}

func TestChangesCaptureExistingAndCoalesce(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	p, err := v.AddProfile("Dad", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	plan := "remind/plan/" + p.ID + "/MedicationRequest%2Fm1"
	if _, err := v.Write(ctx, &Batch{
		Records: []Record{obsRecord(t, p.ID, "o1", "1a")},
		State:   []StateOp{{Key: plan, Value: []byte(`{"a":1}`)}, {Key: "remind/seen/" + p.ID + "/m1", Value: []byte("x")}, {Key: "portal/p/1", Value: []byte("{}")}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := v.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := v.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatalf("starting again: %v", err)
	}
	if err := v.StartChanges(ctx, "dev-b"); err == nil {
		t.Fatal("started as a second device")
	}
	got, cur, err := v.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, c := range got {
		kinds[c.Kind+" "+c.Key] = string(c.Value)
		if c.Device != "dev-a" || c.Stamp.IsZero() {
			t.Errorf("change %s %s: device %q stamp %v", c.Kind, c.Key, c.Device, c.Stamp)
		}
	}
	want := []string{KindProfile + " " + p.ID, KindRecord + " " + RecordKey(ID{AppSource, "Observation", "o1"}), KindState + " " + plan}
	if len(got) != len(want) {
		t.Fatalf("changes after start: %v, want %v", kinds, want)
	}
	for _, w := range want {
		if _, ok := kinds[w]; !ok {
			t.Errorf("missing change %q (have %v)", w, kinds)
		}
	}

	// Two edits of one record and a reopen: one change, carrying the last value.
	for _, val := range []string{"1b", "1c"} {
		if _, err := v.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o1", val)}}); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	v = openTestVault(t, dir, Options{})
	got, cur2, err := v.Changes(ctx, cur, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.Contains(string(got[0].Value), "1c") || cur2 <= cur {
		t.Fatalf("after two edits: %d changes, cursor %d→%d", len(got), cur, cur2)
	}
	if again, _, _ := v.Changes(ctx, cur2, 100); len(again) != 0 {
		t.Errorf("%d changes after the last cursor", len(again))
	}
	// Leaving the household removes its keys; the records stay.
	if err := v.StopChanges(); err != nil {
		t.Fatal(err)
	}
	if n := householdKeys(t, v); n != 0 {
		t.Errorf("%d household keys left", n)
	}
	if _, err := v.Get(ID{AppSource, "Observation", "o1"}); err != nil {
		t.Errorf("record gone with the household: %v", err)
	}
}

func TestApplyChangesNotLoggedAndIdempotent(t *testing.T) {
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
	if _, err := a.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o1", "1a")}, Deleted: nil}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write(ctx, &Batch{Now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Deleted: []ID{{AppSource, "Observation", "o1"}}}); err != nil {
		t.Fatal(err)
	}
	ch, _, err := a.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n, err := b.ApplyChanges(ctx, ch, lww)
	if err != nil || n != len(ch) {
		t.Fatalf("apply: %d of %d, %v", n, len(ch), err)
	}
	if n, err := b.ApplyChanges(ctx, ch, lww); err != nil || n != 0 {
		t.Errorf("applying again took %d, %v", n, err)
	}
	if back, _, _ := b.Changes(ctx, 0, 100); len(back) != 0 {
		t.Errorf("remote changes entered the log: %d", len(back))
	}
	if d := diffDumps(dumpShared(t, a), dumpShared(t, b)); d != "" {
		t.Errorf("vaults differ:\n%s", d)
	}
	rec, err := b.Get(ID{AppSource, "Observation", "o1"})
	if err != nil || rec.Meta.Deleted.IsZero() {
		t.Errorf("the deletion mark did not travel: %v", err)
	}
	// A later local edit on b beats a's: its clock has seen a's stamps.
	if _, err := b.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o1", "1z")}}); err != nil {
		t.Fatal(err)
	}
	back, _, _ := b.Changes(ctx, 0, 100)
	if len(back) != 1 || back[0].Stamp.Compare(ch[len(ch)-1].Stamp) <= 0 {
		t.Fatalf("b's edit: %d changes", len(back))
	}
}

func TestDeletedPersonIsFinal(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	a, b := newTestVault(t, Options{}), newTestVault(t, Options{})
	for v, d := range map[*Vault]string{a: "dev-a", b: "dev-b"} {
		if err := v.StartChanges(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := a.AddProfile("Dad", "")
	first, cur, _ := a.Changes(ctx, 0, 100)
	if _, err := b.ApplyChanges(ctx, first, lww); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeleteProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	tomb, _, _ := a.Changes(ctx, cur, 100)
	// b adds a record for Dad after a deleted him (a later stamp): the deletion still wins,
	// whichever arrives first.
	if _, err := b.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o2", "2a")}}); err != nil {
		t.Fatal(err)
	}
	late, _, _ := b.Changes(ctx, 0, 100)
	if _, err := b.ApplyChanges(ctx, tomb, lww); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApplyChanges(ctx, late, lww); err != nil {
		t.Fatal(err)
	}
	if d := diffDumps(dumpShared(t, a), dumpShared(t, b)); d != "" {
		t.Errorf("vaults differ:\n%s", d)
	}
	if _, err := b.Profile(p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted person still on b: %v", err)
	}
}

func TestApplyChangesRefusesDamaged(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	if err := v.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	st := hlc.Stamp{Wall: 1}
	for _, c := range []Change{
		{Kind: KindState, Key: "portal/p/1", Value: []byte("{}"), Stamp: st, Device: "x"},
		{Kind: KindRecord, Key: "a/b", Value: []byte("{}"), Stamp: st, Device: "x"},
		{Kind: KindRecord, Key: RecordKey(ID{"s", "Observation", "1"}), Profile: "p", Value: []byte(`{"p":"q","r":{}}`), Stamp: st, Device: "x"},
		{Kind: KindProfile, Key: "p1", Value: []byte(`{"id":"p2"}`), Stamp: st, Device: "x"},
		{Kind: KindState, Key: "remind/plan/p/x", Stamp: st, Device: "x"},
	} {
		if _, err := v.ApplyChanges(ctx, []Change{c}, lww); !errors.Is(err, ErrBadChange) {
			t.Errorf("%s %q: %v, want ErrBadChange", c.Kind, c.Key, err)
		}
	}
	if n := len(dumpShared(t, v)); n != 1 { // the schema version
		t.Errorf("a refused change wrote %d keys", n)
	}
}

// TestHouseholdConvergence is the conformance property: devices edit, delete and answer
// doses while changes reach the others late, in any order, in pieces and twice; once every
// change has reached every device, the vaults hold the same data.
func TestHouseholdConvergence(t *testing.T) {
	fakeChangeClock(t)
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Logf("seed %d", seed)
			converge(t, seed)
		})
	}
}

func converge(t *testing.T, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 14))
	const devices = 3
	vs := make([]*Vault, devices)
	published := make([][]Change, devices) // each device's changes as sent
	cursors := make([]uint64, devices)
	for i := range vs {
		vs[i] = newTestVault(t, Options{})
		if err := vs[i].StartChanges(ctx, fmt.Sprintf("dev-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// A person everyone knows, and one that gets deleted.
	dad, _ := vs[0].AddProfile("Dad", "")
	mum, _ := vs[1].AddProfile("Mum", "")
	people := []string{dad.ID, mum.ID, SharedProfile}
	send := func(i int) {
		ch, cur, err := vs[i].Changes(ctx, cursors[i], 1+rng.IntN(8))
		if err != nil {
			t.Fatal(err)
		}
		cursors[i] = cur
		published[i] = append(published[i], ch...)
	}
	receive := func(r int, all bool) {
		var pick []Change
		for d := range published {
			if d == r {
				continue
			}
			for _, c := range published[d] {
				if all || rng.IntN(3) == 0 {
					pick = append(pick, c)
				}
			}
		}
		rng.Shuffle(len(pick), func(i, j int) { pick[i], pick[j] = pick[j], pick[i] })
		for len(pick) > 0 {
			n := min(len(pick), 1+rng.IntN(5))
			if _, err := vs[r].ApplyChanges(ctx, pick[:n], lww); err != nil {
				t.Fatal(err)
			}
			pick = pick[n:]
		}
	}
	for step := 0; step < 120; step++ {
		d := rng.IntN(devices)
		v := vs[d]
		p := people[rng.IntN(len(people))]
		if _, err := v.Profile(p); p != SharedProfile && err != nil {
			continue // nobody writes for a person their device has deleted
		}
		id := fmt.Sprint("o", rng.IntN(6))
		switch rng.IntN(9) {
		case 0, 1:
			val := fmt.Sprintf("%d-%d-%d", 1+rng.IntN(8), d, step)
			if _, err := v.Write(ctx, &Batch{Now: changeNow(), Records: []Record{obsRecord(t, p, id, val)}}); err != nil {
				t.Fatal(err)
			}
		case 2:
			if _, err := v.Write(ctx, &Batch{Now: changeNow(), Deleted: []ID{{AppSource, "Observation", id}}}); err != nil {
				t.Fatal(err)
			}
		case 3: // a dose answer: its own id on every device
			dose, err := NewRecord(p, ID{AppSource, "MedicationAdministration", fmt.Sprintf("d%d-%d", d, step)},
				resource("MedicationAdministration", fmt.Sprintf("d%d-%d", d, step), `,"status":"completed"`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Write(ctx, &Batch{Now: changeNow(), Records: []Record{dose}}); err != nil {
				t.Fatal(err)
			}
		case 4:
			k := "remind/settings/" + p
			op := StateOp{Key: k, Value: []byte(fmt.Sprintf(`{"label":"%d-%d"}`, d, step))}
			if rng.IntN(4) == 0 {
				op = StateOp{Key: k, Delete: true}
			}
			if err := v.UpdateState(ctx, op, StateOp{Key: "remind/seen/" + p + "/x", Value: []byte(fmt.Sprint(step))}); err != nil {
				t.Fatal(err)
			}
		case 5:
			if pr, err := v.Profile(dad.ID); err == nil {
				pr.Name = fmt.Sprint("Dad ", d, step)
				if _, err := v.Write(ctx, &Batch{Profiles: []Profile{*pr}}); err != nil {
					t.Fatal(err)
				}
			}
		case 6:
			if step > 80 && d == 1 {
				if _, err := v.DeleteProfile(ctx, mum.ID); err != nil && !errors.Is(err, ErrNotFound) {
					t.Fatal(err)
				}
			}
		case 7:
			send(d)
		case 8:
			receive(d, false)
		}
	}
	for i := range vs {
		for {
			before := len(published[i])
			send(i)
			if len(published[i]) == before {
				break
			}
		}
	}
	for i := range vs {
		receive(i, true)
	}
	base := dumpShared(t, vs[0])
	for i := 1; i < devices; i++ {
		if d := diffDumps(base, dumpShared(t, vs[i])); d != "" {
			t.Fatalf("seed %d: device 0 and %d differ:\n%s", seed, i, d)
		}
		checkConsistency(t, vs[i])
	}
}

// A joining vault receives before it starts its log: what it received is not logged as its
// own, what it had before is.
func TestJoinReceivesBeforeStart(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	a, b := newTestVault(t, Options{}), newTestVault(t, Options{})
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	p, _ := a.AddProfile("Dad", "")
	own, _ := b.AddProfile("Mum", "")
	ch, _, _ := a.Changes(ctx, 0, 100)
	if n, err := b.ApplyChanges(ctx, ch, lww); err != nil || n != 1 {
		t.Fatalf("apply before start: %d, %v", n, err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	got, _, _ := b.Changes(ctx, 0, 100)
	if len(got) != 1 || got[0].Key != own.ID {
		t.Errorf("b's log after joining: %+v, want only its own person (not %s)", got, p.ID)
	}
}

// A logged local write signals Changed; a remote apply does not. Writer names the device of
// a key's current value.
func TestChangedSignalAndWriter(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	a, b := newTestVault(t, Options{}), newTestVault(t, Options{})
	p, _ := a.AddProfile("Dad", "")
	select {
	case <-a.Changed():
		t.Fatal("signalled without a household")
	default:
	}
	if _, _, ok := a.Writer(KindProfile, p.ID); ok {
		t.Error("a writer without a household")
	}
	for v, d := range map[*Vault]string{a: "dev-a", b: "dev-b"} {
		if err := v.StartChanges(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Write(ctx, &Batch{Records: []Record{obsRecord(t, p.ID, "o1", "1a")}}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.Changed():
	default:
		t.Fatal("a logged write did not signal")
	}
	ch, _, _ := a.Changes(ctx, 0, 100)
	if _, err := b.ApplyChanges(ctx, ch, lww); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.Changed():
		t.Fatal("a remote apply signalled")
	default:
	}
	if d, at, ok := b.Writer(KindRecord, RecordKey(ID{AppSource, "Observation", "o1"})); !ok || d != "dev-a" || at.IsZero() {
		t.Errorf("writer on b: %q %v %v", d, at, ok)
	}
}

// A snapshot is everything a vault holds as changes: applied to a new vault it gives the same
// data, a deleted person staying deleted.
func TestSnapshotRebuildsTheVault(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	a, b, c := newTestVault(t, Options{}), newTestVault(t, Options{}), newTestVault(t, Options{})
	for v, d := range map[*Vault]string{a: "dev-a", b: "dev-b", c: "dev-c"} {
		if err := v.StartChanges(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	dad, _ := a.AddProfile("Dad", "")
	mum, _ := b.AddProfile("Mum", "")
	if _, err := a.Write(ctx, &Batch{Records: []Record{obsRecord(t, dad.ID, "o1", "1a")}, State: []StateOp{{Key: "remind/settings/" + dad.ID, Value: []byte(`{}`)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write(ctx, &Batch{Records: []Record{obsRecord(t, mum.ID, "o2", "2a")}}); err != nil {
		t.Fatal(err)
	}
	fromB, _, _ := b.Changes(ctx, 0, 100)
	if _, err := a.ApplyChanges(ctx, fromB, lww); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeleteProfile(ctx, mum.ID); err != nil {
		t.Fatal(err)
	}
	var snap []Change
	if err := a.Snapshot(ctx, func(ch Change) error { snap = append(snap, ch); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, ch := range snap {
		if ch.Stamp.IsZero() || ch.Device == "" {
			t.Errorf("snapshot change %s %s without its stamp or writer", ch.Kind, ch.Key)
		}
	}
	if _, err := c.ApplyChanges(ctx, snap, lww); err != nil {
		t.Fatal(err)
	}
	if d := diffDumps(dumpShared(t, a), dumpShared(t, c)); d != "" {
		t.Errorf("rebuilt from a snapshot, the vault differs:\n%s", d)
	}
	if _, err := c.Profile(mum.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the deleted person came back: %v", err)
	}
}

// A person this device may only view: their records, doses, person, schedules and medicine
// choices cannot be changed here (remote changes still apply); other people's can, and the
// choice survives a reopen.
func TestViewOnlyRefusesLocalEdits(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	dad, _ := v.AddProfile("Dad", "")
	mum, _ := v.AddProfile("Mum", "")
	if err := v.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	if err := v.SetViewOnly(ctx, []string{dad.ID}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v = openTestVault(t, dir, Options{})
	for name, err := range map[string]error{
		"record": func() error {
			_, err := v.Write(ctx, &Batch{Records: []Record{obsRecord(t, dad.ID, "o1", "1a")}})
			return err
		}(),
		"schedule": v.UpdateState(ctx, StateOp{Key: "remind/plan/" + dad.ID + "/x", Value: []byte("{}")}),
		// "medicines stop" on a view device marked Dad's medicine stopped here only: its
		// reminders and caregiver alerts ended on this device while the others kept them.
		"medicine choice": v.UpdateState(ctx, StateOp{Key: "health/medicine/" + dad.ID + "/x", Value: []byte("{}")}),
		"person":          func() error { _, err := v.DeleteProfile(ctx, dad.ID); return err }(),
	} {
		if !errors.Is(err, ErrViewOnly) {
			t.Errorf("%s of a viewed person: %v, want ErrViewOnly", name, err)
		}
	}
	if _, err := v.Write(ctx, &Batch{Records: []Record{obsRecord(t, mum.ID, "o2", "2a")}}); err != nil {
		t.Errorf("a managed person's record: %v", err)
	}
	// Bookkeeping of the viewed person (reminder marks) is not an edit.
	if err := v.UpdateState(ctx, StateOp{Key: "remind/occ/" + dad.ID + "/x", Value: []byte("{}")}); err != nil {
		t.Errorf("reminder bookkeeping: %v", err)
	}
	// What the household sends about them still applies.
	remote := Change{Kind: KindRecord, Profile: dad.ID, Key: RecordKey(ID{AppSource, "Observation", "o3"}), Stamp: hlc.Stamp{Wall: time.Now().UnixMilli()}, Device: "dev-a"}
	remote.Value = []byte(`{"p":"` + dad.ID + `","m":{"t":"2026-12-01T00:00:00Z","h":null},"r":` + string(resource("Observation", "o3", "")) + `}`)
	if n, err := v.ApplyChanges(ctx, []Change{remote}, lww); err != nil || n != 1 {
		t.Errorf("a remote change of the viewed person: %d, %v", n, err)
	}
	if err := v.SetViewOnly(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(ctx, &Batch{Records: []Record{obsRecord(t, dad.ID, "o1", "1a")}}); err != nil {
		t.Errorf("after manage was given back: %v", err)
	}
}

// Starting a household on a vault larger than one piece logs every key once, in order.
func TestStartChangesInPieces(t *testing.T) {
	fakeChangeClock(t)
	ctx := context.Background()
	v := newTestVault(t, Options{})
	p, _ := v.AddProfile("Dad", "")
	const n = startPiece*2 + 17
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = obsRecord(t, p.ID, fmt.Sprint("o", i), "1a")
	}
	if _, err := v.Write(ctx, &Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	if err := v.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var last hlc.Stamp
	cursor := uint64(0)
	for {
		ch, next, err := v.Changes(ctx, cursor, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch) == 0 {
			break
		}
		for _, c := range ch {
			if seen[c.Key] {
				t.Fatalf("%s logged twice", c.Key)
			}
			if c.Stamp.Compare(last) <= 0 {
				t.Fatalf("stamps out of order at %s", c.Key)
			}
			seen[c.Key], last = true, c.Stamp
		}
		cursor = next
	}
	if len(seen) != n+1 {
		t.Errorf("%d keys logged, want %d records and the person", len(seen), n+1)
	}
}

// A record travels byte for byte: its `<`, `>`, `&` (every FHIR narrative div has them) and
// U+2028 are not rewritten as \u003c … on the way (encoding/json escapes them in a RawMessage
// unless told not to), so two devices in step export the same bytes and re-importing the file
// on the receiving device changes nothing (F67).
func TestChangesKeepResourceBytes(t *testing.T) {
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
	id := ID{Source: AppSource, Type: "Observation", ID: "o1"}
	rec, err := NewRecord(p.ID, id, resource("Observation", "o1",
		`,"effectiveDateTime":"2026-11-01","valueString":"<5 & >1 `+"\u2028"+`","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">a &amp; <b>b</b></div>"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write(ctx, &Batch{Records: []Record{rec}}); err != nil {
		t.Fatal(err)
	}
	ch, _, err := a.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ApplyChanges(ctx, ch, lww); err != nil {
		t.Fatal(err)
	}
	got, err := b.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Resource) != string(rec.Resource) {
		t.Errorf("the record changed on the way:\n got %s\nwant %s", got.Resource, rec.Resource)
	}
}
