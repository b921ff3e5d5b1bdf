package household_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

func countSegments(fs *memFS, dev string) int {
	n := 0
	for _, f := range fs.names() {
		if strings.HasPrefix(f, "d/"+dev+"/") {
			n++
		}
	}
	return n
}

// After a snapshot that every device acknowledged, the writer's older segments are removed,
// and a device that joins afterwards still gets everything (from the snapshot).
func TestSnapshotCompaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	mr := newReplica()
	h, err := household.Create(ctx, snapReplica{mr}, fs, "Home", "laptop", clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	mr.dev = h.DeviceID()
	a := &device{name: "laptop", r: mr, fs: fs, h: h}
	b := join(t, a, fs, "tablet", clock)
	for i := 0; i < 20; i++ {
		clock.Add(time.Minute)
		a.r.put("record", "dad", fmt.Sprintf("Observation/%d", i%7), fmt.Sprintf("v%d", i), i%5 == 4, clock.Now())
		a.exchange(t, clock.Now())
	}
	b.r.put("record", "", "settings/x", "from the tablet", false, clock.Now())
	b.exchange(t, clock.Now())
	a.exchange(t, clock.Now())
	// Three more segments the tablet has not seen yet.
	for i := 0; i < 3; i++ {
		clock.Add(time.Minute)
		a.r.put("record", "dad", "Observation/late", fmt.Sprintf("late %d", i), false, clock.Now())
		a.exchange(t, clock.Now())
	}
	before := countSegments(fs, a.h.DeviceID())

	if err := b.h.Snapshot(ctx, clock.Now()); !errors.Is(err, household.ErrNoSnapshot) {
		t.Fatalf("snapshot of a replica that cannot list: %v", err)
	}
	if err := a.h.Snapshot(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	// What the tablet acknowledged goes; the three it has not seen stay, with the snapshot.
	a.exchange(t, clock.Now())
	mid := countSegments(fs, a.h.DeviceID())
	if mid >= before || mid < 3+1 {
		t.Fatalf("compaction before the acknowledgements: %d → %d segments", before, mid)
	}
	clock.Add(time.Minute)
	b.r.put("record", "", "settings/y", "ack carrier", false, clock.Now())
	b.exchange(t, clock.Now()) // reads the snapshot, acknowledges everything
	a.exchange(t, clock.Now()) // reads the acknowledgement, compacts
	after := countSegments(fs, a.h.DeviceID())
	if after >= mid {
		t.Fatalf("no compaction: %d segments before, %d after", before, after)
	}
	t.Logf("laptop's segments: %d before the snapshot, %d, then %d after compaction", before, mid, after)

	c := join(t, a, fs, "new phone", clock)
	c.exchange(t, clock.Now())
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	c.exchange(t, clock.Now())
	if c.r.export() != a.r.export() || a.r.export() != b.r.export() {
		t.Fatalf("new device not in step after compaction:\n%s\n--\n%s", c.r.export(), a.r.export())
	}
}
