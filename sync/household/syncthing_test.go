package household_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
	"carekeeper/sync/household"
	"carekeeper/sync/transport/folder"
)

// TestOverSyncthing pairs two devices and exchanges through two real Syncthing instances, each
// device writing only its own folder copy; both edit the same record while apart, and the
// devices end in step (the engine's temp files and its index never confuse the household).
func TestOverSyncthing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := engines.StartSyncthing(t, 2, engines.SyncthingOptions{})
	f0, err := folder.New(st.Folders[0])
	if err != nil {
		t.Fatal(err)
	}
	f1, err := folder.New(st.Folders[1])
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: t0}
	r := newReplica()
	h, err := household.Create(ctx, r, f0, "Home", "laptop", clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r.dev = h.DeviceID()
	a := &device{name: "laptop", r: r, h: h}
	a.r.put("record", "dad", "Observation/1", "first", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, f1, "tablet", clock) // the code's files travel through Syncthing both ways
	sync := func() {
		if err := st.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		a.exchange(t, clock.Now())
		sync()
		b.exchange(t, clock.Now())
		sync()
	}
	if v, _ := b.r.value("record", "Observation/1"); v != "first" {
		t.Fatalf("tablet has %q", v)
	}
	// Apart: both edit the same record and answer the same dose differently.
	if err := st.SetConnected(ctx, 1, false); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Minute)
	a.r.put("record", "dad", "Observation/1", "laptop's edit", false, clock.Now())
	a.r.put("dose", "dad", "dose/08:00/laptop/taken", "taken", false, clock.Now())
	clock.Add(time.Second)
	b.r.put("record", "dad", "Observation/1", "tablet's later edit", false, clock.Now())
	b.r.put("dose", "dad", "dose/08:00/tablet/skipped", "skipped", false, clock.Now())
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if err := st.SetConnected(ctx, 1, true); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		sync()
		a.exchange(t, clock.Now())
		b.exchange(t, clock.Now())
	}
	if a.r.export() != b.r.export() {
		t.Fatalf("not in step through Syncthing:\n%s\n--\n%s", a.r.export(), b.r.export())
	}
	if v, _ := a.r.value("record", "Observation/1"); v != "tablet's later edit" {
		t.Fatalf("the later edit did not win: %q", v)
	}
	for _, k := range []string{"dose/08:00/laptop/taken", "dose/08:00/tablet/skipped"} {
		if _, ok := a.r.value("dose", k); !ok {
			t.Fatalf("dose answer %s lost", k)
		}
	}
	// Delivery time including the engine (scan triggered at once, as the daemon would not:
	// Syncthing's watcher adds its own delay).
	var total time.Duration
	const n = 5
	for i := 0; i < n; i++ {
		clock.Add(time.Minute)
		a.r.put("dose", "dad", fmt.Sprintf("dose/%d/laptop/taken", i), "taken", false, clock.Now())
		start := time.Now()
		a.exchange(t, clock.Now())
		if err := st.Scan(ctx, 0); err != nil {
			t.Fatal(err)
		}
		for {
			if rep := b.exchange(t, clock.Now()); rep.Applied == 1 {
				break
			}
			if time.Since(start) > time.Minute {
				t.Fatal("dose not delivered within a minute")
			}
			time.Sleep(20 * time.Millisecond)
		}
		total += time.Since(start)
	}
	t.Logf("dose answered on A → applied on B through Syncthing (scan triggered): mean %v", (total / n).Round(time.Millisecond))
	checkAfterTravels(t, a, b, clock, sync) // F494
}
