package household_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

var errKilled = errors.New("killed")

// TestKillAnywhere kills a device (its exchange stops at the n-th write: a file created or the
// state saved) at random moments while it writes and applies segments, then restarts it from
// what was saved. At the end every change is everywhere, once: the devices hold the same data
// and no segment number was used for two different files.
func TestKillAnywhere(t *testing.T) {
	t.Parallel()
	s := seed(t)
	t.Logf("seed %d (HOUSEHOLD_SEED=%d replays it)", s, s)
	rng := rand.New(rand.NewPCG(s, 4))
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	devs := []*device{a, b}

	writes, killAt := 0, 0
	arm := func() { writes, killAt = 0, 1+rng.IntN(8) }
	hit := func() error {
		writes++
		if writes == killAt {
			return errKilled
		}
		return nil
	}
	fs.fail = func(op, name string) error {
		if op == "create" {
			return hit()
		}
		return nil
	}
	kills := 0
	for step := 0; step < 150; step++ {
		clock.Add(time.Duration(rng.IntN(30)) * time.Second)
		d := devs[rng.IntN(len(devs))]
		for k := 0; k < rng.IntN(4); k++ {
			p := []string{"", "dad"}[rng.IntN(2)]
			d.r.put("record", p, fmt.Sprintf("%s/r%d", p, rng.IntN(6)), fmt.Sprintf("v%d", step), rng.IntN(5) == 0, clock.Now())
		}
		arm()
		d.r.failHook = hit
		_, err := d.h.Exchange(ctx, clock.Now())
		d.r.failHook = nil
		if err != nil {
			if !errors.Is(err, errKilled) {
				t.Fatalf("seed %d: %v", s, err)
			}
			kills++
			h, err := household.Open(ctx, d.r, fs) // restart from what was saved
			if err != nil {
				t.Fatalf("seed %d: reopen: %v", s, err)
			}
			d.h = h
		}
	}
	killAt = -1
	for round := 0; round < 3; round++ {
		for _, d := range devs {
			d.exchange(t, clock.Now())
		}
	}
	if kills == 0 {
		t.Fatalf("seed %d: no kill happened", s)
	}
	t.Logf("%d kills", kills)
	if a.r.export() != b.r.export() {
		t.Fatalf("seed %d: not in step after kills:\n%s\n--\n%s", s, a.r.export(), b.r.export())
	}
	for _, d := range devs {
		latest := map[string]household.Op{}
		for _, op := range d.r.log {
			latest[opKey(op)] = op
		}
		for k, op := range latest {
			if got := a.r.data[k]; household.Wins(op, got) {
				t.Fatalf("seed %d: a change was lost", s)
			}
		}
	}
	seqs := map[string]bool{}
	for _, n := range fs.names() {
		if !strings.HasPrefix(n, "d/") {
			continue
		}
		key := n[:strings.LastIndex(n, "/")] + n[len(n)-12:]
		if seqs[key] {
			t.Fatalf("seed %d: two files for one segment number: %s", s, n)
		}
		seqs[key] = true
	}
}

// A device restored from a backup taken before some of its own changes: it gets those changes
// back from its own segments, never reuses a segment number, and the others accept what it
// writes next.
func TestRestoredFromBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	b.r.put("record", "", "n/1", "before the backup", false, clock.Now())
	b.exchange(t, clock.Now())
	a.exchange(t, clock.Now())

	backup := b.r.clone()
	clock.Add(time.Minute)
	b.r.put("record", "", "n/2", "after the backup", false, clock.Now())
	b.exchange(t, clock.Now())

	// The disk dies; the vault comes back from the backup.
	b.r = backup
	h, err := household.Open(ctx, b.r, fs)
	if err != nil {
		t.Fatal(err)
	}
	b.h = h
	clock.Add(time.Minute)
	b.r.put("record", "", "n/3", "after the restore", false, clock.Now())
	b.exchange(t, clock.Now())
	if v, _ := b.r.value("record", "n/2"); v != "after the backup" {
		t.Fatalf("its own change after the backup did not come back: %q", v)
	}
	rep := a.exchange(t, clock.Now())
	if len(rep.Refused) != 0 {
		t.Fatalf("laptop refused: %+v", rep.Refused)
	}
	for _, k := range []string{"n/1", "n/2", "n/3"} {
		if _, ok := a.r.value("record", k); !ok {
			t.Fatalf("laptop lacks %s", k)
		}
	}
	seqs := map[string]bool{}
	for _, n := range fs.names() {
		if strings.HasPrefix(n, "d/") {
			key := n[:strings.LastIndex(n, "/")] + n[len(n)-12:]
			if seqs[key] {
				t.Fatalf("segment number reused: %s", n)
			}
			seqs[key] = true
		}
	}
}

// F239: a change whose segment could not be written (the server refused writes) goes out with
// the next exchange that works, and that exchange counts it: it said "Sent 0 changes" while it
// wrote the very segment holding it.
func TestSentCountsTheChangeLeftWaiting(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	b.exchange(t, clock.Now())
	a.exchange(t, clock.Now())
	clock.Add(time.Minute)
	a.r.put("record", "", "r1", "v1", false, clock.Now())
	fs.fail = func(op, name string) error {
		if op == "create" {
			return errors.New("read-only")
		}
		return nil
	}
	if _, err := a.h.Exchange(ctx, clock.Now()); err == nil {
		t.Fatal("an exchange that could not write succeeded")
	}
	if n, err := a.h.Unsent(ctx, 10); err != nil || n != 1 {
		t.Fatalf("unsent %d (%v), want 1", n, err)
	}
	fs.fail = nil
	clock.Add(time.Minute)
	if rep := a.exchange(t, clock.Now()); rep.Sent != 1 {
		t.Errorf("the exchange that wrote the change left waiting says Sent %d, want 1", rep.Sent)
	}
	if n, err := a.h.Unsent(ctx, 10); err != nil || n != 0 {
		t.Errorf("unsent after %d (%v)", n, err)
	}
}
