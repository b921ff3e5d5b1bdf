package storage

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
)

// poolTickers counts the goroutines of Badger's table-builder allocator pools: each wakes its
// process every 2 s (z.AllocatorPool.freeupAllocators).
func poolTickers() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte("z.(*AllocatorPool).freeupAllocators("))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// waitPoolTickers waits (without a clock: a closed pool's goroutine is on its way out) until
// at most want pool goroutines are left, and returns how many are.
func waitPoolTickers(want int) int {
	n := poolTickers()
	for i := 0; n > want && i < 1000; i++ {
		runtime.Gosched()
		n = poolTickers()
	}
	return n
}

// TestQuietVaultHasNoPoolTicker: a quiet vault (the app, the daemon) runs without Badger's
// table-builder allocator pool, whose 2-second ticker was the last periodic wake-up of an
// idle vault — also after a crash left memtables to replay, and while it flushes, compacts
// and closes. Other vaults keep the pool (their background compactions may build tables at
// any time).
func TestQuietVaultHasNoPoolTicker(t *testing.T) {
	base := waitPoolTickers(0)
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{Quiet: true, MemTableSize: 6 << 20})
	if v.tables.p != nil {
		t.Error("the quiet vault still has Badger's table allocator pool")
	}
	if n := waitPoolTickers(base); n != base {
		t.Errorf("%d allocator pool tickers run with a quiet vault open, want %d", n, base)
	}
	// Writes that flush memtables and compact level 0 (Flatten), without a pool.
	for r := range 5 {
		b := &Batch{Now: t0, Profiles: []Profile{{ID: "alice", Name: "Alice", Created: t0}}}
		for i := range 3000 {
			id := ID{"local", "Observation", fmt.Sprintf("obs-%d-%d", r, i)}
			b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 2000)})
		}
		write(t, v, b)
	}
	want := countRecords(t, v, Query{})
	if want != 5*3000 {
		t.Fatalf("%d records, want %d", want, 5*3000)
	}
	if !leftMemtables(filepath.Join(dir, dbDirName)) {
		t.Fatal("no memtable log while the vault is open: the test does not exercise the replay")
	}
	crashed := filepath.Join(t.TempDir(), "vault")
	copyTree(t, dir, crashed)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	r := openTestVault(t, crashed, Options{Quiet: true})
	if got := countRecords(t, r, Query{}); got != want {
		t.Errorf("%d records after replaying the left memtables, want %d", got, want)
	}
	if r.tables.p != nil {
		t.Error("the quiet vault opened after a crash still has Badger's table allocator pool")
	}
	if n := waitPoolTickers(base); n != base {
		t.Errorf("%d allocator pool tickers run with a quiet vault open after a crash, want %d", n, base)
	}
	checkConsistency(t, r)

	// A desktop vault keeps the pool (and its ticker) while open.
	d := openTestVault(t, newVaultDir(t), Options{})
	if d.tables.p == nil || poolTickers() != base+1 {
		t.Errorf("a desktop vault: pool %v, %d tickers (want %d)", d.tables.p != nil, poolTickers(), base+1)
	}
}
