package household_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// A device that only reads (it sends nothing for hours) is seen by the others at its
// exchanges: a heartbeat of 64 bytes at most every 15 minutes, one file at a time. A forged
// heartbeat moves nothing.
func TestReaderLooksSeen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "dad's", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, a.fs, "viewer", clock, household.Grant{Profile: "dad", Role: household.RoleView})
	for _, d := range []*device{a, b, a, b} {
		d.exchange(t, clock.Now())
	}
	lastSeen := func() time.Time {
		for _, d := range a.h.Devices() {
			if d.ID == b.h.DeviceID() {
				return d.LastSeen
			}
		}
		t.Fatal("no viewer")
		return time.Time{}
	}
	bdir := "d/" + b.h.DeviceID()
	for i := 1; i <= 4; i++ {
		clock.Add(50 * time.Minute)
		if rep := b.exchange(t, clock.Now()); rep.Sent != 0 {
			t.Fatalf("the viewer sent %d", rep.Sent)
		}
		a.exchange(t, clock.Now())
		if got := lastSeen(); clock.Now().Sub(got) > time.Minute {
			t.Fatalf("after %d exchanges of a reader: last seen %v, now %v", i, got, clock.Now())
		}
	}
	ents, err := a.fs.List(ctx, bdir)
	if err != nil {
		t.Fatal(err)
	}
	var beats []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name, ".seen") {
			beats = append(beats, e.Name)
			if e.Size != 64 {
				t.Errorf("a heartbeat of %d bytes", e.Size)
			}
		}
	}
	if len(beats) != 1 {
		t.Fatalf("heartbeats in the viewer's folder: %v", beats)
	}
	// Forged: a later time without the viewer's signature.
	was := lastSeen()
	forged := fmt.Sprintf("%s/%013d.seen", bdir, clock.Now().Add(time.Minute).UnixMilli())
	if err := a.fs.Create(ctx, forged, make([]byte, 64)); err != nil {
		t.Fatal(err)
	}
	clock.Add(2 * time.Minute)
	a.exchange(t, clock.Now())
	if got := lastSeen(); !got.Equal(was) {
		t.Fatalf("a forged heartbeat moved last seen from %v to %v", was, got)
	}
}
