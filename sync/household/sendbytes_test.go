package household_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"testing"
	"time"
)

// Scanned documents travel: the state a device saves while it sends (its outbox of sealed
// segments) stays far under the vault's 16 MiB limit on one value, however many large records
// one exchange sends. Six 4 MB documents made one 30 MiB state, which the vault refused at
// every exchange, so nothing the device did reached the others again (F93).
func TestLargeRecordsSendInRoundsOfBoundedState(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	b.exchange(t, clock.Now())
	for i := range 6 {
		doc := make([]byte, 3<<20)
		rand.Read(doc)
		a.r.put("record", "dad", fmt.Sprintf("DocumentReference/%d", i), base64.StdEncoding.EncodeToString(doc), false, clock.Now())
	}
	a.r.put("record", "dad", "Observation/1", "glucose 5.4", false, clock.Now())
	if rep := a.exchange(t, clock.Now()); rep.Sent != 7 {
		t.Fatalf("sent %d, want 7", rep.Sent)
	}
	if a.r.most > 8<<20 {
		t.Errorf("a state of %d MiB was saved (the vault holds at most 16 MiB in one value)", a.r.most>>20)
	}
	b.exchange(t, clock.Now())
	if a.r.export() != b.r.export() {
		t.Fatal("not in step")
	}
	// A snapshot (every SnapshotEvery segments) holds everything: saved in pieces too.
	a.r.most = 0
	if err := a.h.Snapshot(context.Background(), clock.Now()); err != nil {
		t.Fatal(err)
	}
	if a.r.most > 8<<20 {
		t.Errorf("the snapshot saved a state of %d MiB", a.r.most>>20)
	}
	clock.Add(time.Minute)
	a.r.put("record", "dad", "Observation/1", "glucose 5.6", false, clock.Now())
	a.exchange(t, clock.Now())
	c := join(t, a, fs, "phone", clock)
	c.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if a.r.export() != b.r.export() || a.r.export() != c.r.export() {
		t.Fatal("not in step after the snapshot")
	}
}
