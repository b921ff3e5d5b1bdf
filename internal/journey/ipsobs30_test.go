package journey

import (
	"context"
	"fmt"
	"testing"
	"time"
	"unsafe"
)

// The Bundle's index of the readings a summary lists holds 16 bytes a reading (perf30: 24
// before, 7.2 MB for 300,000 watch readings, held while the Bundle is written), and its flags
// still say which readings are the person's and which are in the Bundle.
func TestObsIndexAtItsSize(t *testing.T) {
	if n := unsafe.Sizeof(obsEntry{}); n != 16 {
		t.Errorf("an entry of the index is %d bytes, want 16", n)
	}
	ctx := context.Background()
	v, p := newPerson(t, "Watch Wearer")
	start := utc("2025-01-01T00:00:00Z")
	const n = 300
	var batch []string
	for i := range n {
		at := start.Add(time.Duration(i) * 5 * time.Minute).Format(time.RFC3339)
		batch = append(batch, observation(fmt.Sprintf("hr-%d", i), "8867-4", "Heart rate", float64(60+i%40), "/min", at, ""))
	}
	writeAt(t, v, p, "carekeeper-test-watch", start, batch...)
	s, err := BuildSummary(ctx, v, p, utc("2024-01-01T00:00:00Z"), utc("2025-06-01T00:00:00Z"), utc("2026-03-01T12:00:00Z"), LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if s.observations == nil {
		t.Fatal("BuildSummary kept the observations")
	}
	x, err := s.observations.index(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.list) != n {
		t.Errorf("the index lists %d readings, want %d", len(x.list), n)
	}
	b := &bundler{s: s, set: s.data.Set, obs: x}
	for i := range x.list {
		e := &x.list[i]
		if !e.found() || e.in() {
			t.Fatalf("reading %d: found %v, in the Bundle %v before it was included", i, e.found(), e.in())
		}
		k := x.key(e)
		if b.include(k) == "" || !e.in() || b.url(k) == "" || !x.has(k) {
			t.Fatalf("reading %v: not included", k)
		}
	}
}
