package household_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"carekeeper/sync/household"
	"carekeeper/sync/transport/folder"
)

// dirBytes is the size of every file under dir.
func dirBytes(t testing.TB, dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// TestWireNumbers measures, over the real folder transport on a temporary directory, the bytes
// one dose answer adds to the shared folder, and how long a dose answered on one device takes
// to reach the other (their exchanges only: the engine's own delay is not included).
func TestWireNumbers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f, err := folder.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: t0}
	r := newReplica()
	h, err := household.Create(ctx, snapReplica{r}, f, "Home", "laptop", clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r.dev = h.DeviceID()
	a := &device{name: "laptop", r: r, h: h}
	a.r.put("record", "dad", "MedicationRequest/1", "metformin", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, f, "tablet", clock)
	for i := 0; i < 3; i++ {
		a.exchange(t, clock.Now())
		b.exchange(t, clock.Now())
	}
	before := dirBytes(t, dir)
	var total time.Duration
	const n = 20
	for i := 0; i < n; i++ {
		clock.Add(time.Minute)
		a.r.put("dose", "dad", fmt.Sprintf("dose/%d/a/taken", i), `{"answer":"taken","at":"2026-12-03T08:05:00Z"}`, false, clock.Now())
		start := time.Now()
		a.exchange(t, clock.Now())
		rep := b.exchange(t, clock.Now())
		total += time.Since(start)
		if rep.Applied != 1 {
			t.Fatalf("dose %d: %+v", i, rep)
		}
	}
	grown := dirBytes(t, dir) - before
	t.Logf("one dose answer: %d bytes in the shared folder (one segment; its acknowledgement rides along); A's exchange + B's exchange: %v on average",
		grown/n, (total / n).Round(time.Microsecond))
	var idle time.Duration
	for i := 0; i < 20; i++ {
		start := time.Now()
		b.exchange(t, clock.Now())
		idle += time.Since(start)
	}
	t.Logf("an idle exchange (nothing new, %d files in the folder): %v; at one a minute: %v CPU-ish per hour",
		countFiles(dir), (idle / 20).Round(time.Microsecond), (idle / 20 * 60).Round(time.Millisecond))
}

func countFiles(dir string) int {
	n := 0
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// BenchmarkFirstSync100k: a new device's first exchange with a household holding 100,000
// records (FHIR-like JSON values of about 250 bytes) in the folder transport: time, and the peak heap seen.
func BenchmarkFirstSync100k(bm *testing.B) {
	ctx := context.Background()
	for i := 0; i < bm.N; i++ {
		dir := bm.TempDir()
		f, _ := folder.New(dir)
		clock := &fakeClock{t: t0}
		r := newReplica()
		h, err := household.Create(ctx, snapReplica{r}, f, "Home", "laptop", clock.Now())
		if err != nil {
			bm.Fatal(err)
		}
		r.dev = h.DeviceID()
		rng := rand.New(rand.NewPCG(1, 1))
		for k := 0; k < 100_000; k++ {
			v := fmt.Sprintf(`{"resourceType":"Observation","id":"%08x","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"%d-%d"}]},"valueQuantity":{"value":%d.%d,"unit":"mmol/L"},"effectiveDateTime":"2026-%02d-%02dT%02d:%02d:00Z"}`,
				rng.Uint32(), rng.IntN(99999), rng.IntN(9), rng.IntN(20), rng.IntN(10), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60))
			r.put("record", "dad", fmt.Sprintf("Observation/%06d", k), v, false, clock.Now())
		}
		a := &device{name: "laptop", r: r, fs: nil, h: h}
		sendStart := time.Now()
		a.exchange(bm, clock.Now())
		bm.ReportMetric(time.Since(sendStart).Seconds(), "s-first-send")
		bm.ReportMetric(float64(dirBytes(bm, dir))/1e6, "MB-folder")
		b := join(bm, a, f, "tablet", clock)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		stop := make(chan struct{})
		peak := uint64(0)
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
					var m runtime.MemStats
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapAlloc)
				}
			}
		}()
		start := time.Now()
		rep := b.exchange(bm, clock.Now())
		el := time.Since(start)
		close(stop)
		if rep.Applied != 100_000 {
			bm.Fatalf("applied %d", rep.Applied)
		}
		bm.ReportMetric(el.Seconds(), "s-first-sync")
		bm.ReportMetric(float64(peak-min(peak, base))/1e6, "MB-heap-above-vault")
	}
}
