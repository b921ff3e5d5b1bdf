package storage

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// quietWaiters are the goroutines Badger and ristretto keep while a quiet vault (the app, the
// daemon) is open, each of which waits on channels only: none holds a ticker or timer, so an
// idle vault wakes nothing. (ristretto's Cache.processItems has the TTL sweep's ticker in its
// select; the vault stops that ticker after opening, TestCacheCleanupStopped.) A goroutine of
// Badger's or ristretto's that is not listed fails TestQuietVaultGoroutinesWaitWithoutTimers:
// look at what it waits on before adding it (issue 13: no periodic wake-up faster than once a
// minute; Badger's cache monitor and size walk ran a one-minute ticker each).
var quietWaiters = []string{
	"github.com/dgraph-io/badger/v4.(*DB).doWrites",
	"github.com/dgraph-io/badger/v4.(*publisher).listenForUpdates",
	"github.com/dgraph-io/badger/v4.(*valueLog).waitOnGC",
	"github.com/dgraph-io/badger/v4.(*vlogThreshold).listenForValueThresholdUpdate",
	"github.com/dgraph-io/badger/v4.Open.func5", // the memtable flusher: db.flushMemtable
	"github.com/dgraph-io/badger/v4/y.(*WaterMark).process",
	"github.com/dgraph-io/ristretto/v2.(*Cache[...]).processItems",
	"github.com/dgraph-io/ristretto/v2.(*defaultPolicy[...]).processItems",
}

// TestQuietVaultGoroutinesWaitWithoutTimers: with a quiet vault open, written to and left
// idle, every goroutine of Badger's and ristretto's is one that waits on channels only. It
// failed with Badger's DB.monitorCache and DB.updateSize (a one-minute ticker each, for
// metrics the vault turns off).
func TestQuietVaultGoroutinesWaitWithoutTimers(t *testing.T) {
	before := map[string]int{} // left by earlier tests (a vault a full-disk test could not close)
	for _, e := range goroutineEntries() {
		before[e]++
	}
	v := openTestVault(t, newVaultDir(t), Options{Quiet: true, MemTableSize: 4 << 20})
	b := &Batch{Now: t0, Profiles: []Profile{{ID: "alice", Name: "Alice", Created: t0}}}
	for i := range 50 {
		id := ID{"local", "Observation", fmt.Sprintf("obs-%d", i)}
		b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 500)})
	}
	write(t, v, b)
	if n := countRecords(t, v, Query{}); n != 50 {
		t.Fatalf("%d records, want 50", n)
	}
	// A goroutine that returns at once (a loop the vault's options turn off) may not have
	// run yet: give it the chance, without a clock.
	var others []string
	for range 1000 {
		others = others[:0]
		seen := map[string]int{}
		for _, e := range goroutineEntries() {
			seen[e]++
			if seen[e] <= before[e] {
				continue
			}
			if (strings.Contains(e, "dgraph-io/badger") || strings.Contains(e, "dgraph-io/ristretto")) && !slices.Contains(quietWaiters, e) {
				others = append(others, e)
			}
		}
		if len(others) == 0 {
			break
		}
		runtime.Gosched()
	}
	for _, e := range others {
		t.Errorf("a quiet vault runs %s, not known to wait without a timer", e)
	}
}

// goroutineEntries lists the function each goroutine started in.
func goroutineEntries() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		entry := ""
		for _, l := range strings.Split(strings.TrimSpace(g), "\n")[1:] {
			if !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "created by ") {
				entry = l // the last function of the stack: where the goroutine started
			}
		}
		if i := strings.LastIndexByte(entry, '('); i > 0 {
			entry = entry[:i]
		}
		out = append(out, entry)
	}
	return out
}
