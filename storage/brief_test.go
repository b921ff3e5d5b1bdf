package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
)

// TestBriefMemtable: a brief open (a CLI command that only reads and writes little) gets a
// 1 MiB memtable and a 4 MiB block cache, the desktop 16 and 16 MiB, and an explicit memtable
// size wins over both.
func TestBriefMemtable(t *testing.T) {
	for _, tc := range []struct {
		name        string
		opt         Options
		mem, blocks int64
	}{
		{"desktop", Options{}, 16 << 20, 16 << 20},
		{"brief", Options{Brief: true}, 1 << 20, 4 << 20},
		{"explicit", Options{MemTableSize: 8 << 20}, 8 << 20, 16 << 20},
		{"explicit brief", Options{Brief: true, MemTableSize: 8 << 20}, 8 << 20, 4 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newTestVault(t, tc.opt)
			if got := v.db.Opts().MemTableSize; got != tc.mem {
				t.Errorf("memtable %d KiB, want %d KiB", got>>10, tc.mem>>10)
			}
			if got := v.db.Opts().BlockCacheSize; got != tc.blocks {
				t.Errorf("block cache %d MiB, want %d MiB", got>>20, tc.blocks>>20)
			}
		})
	}
}

// TestBriefOpenHoldsLittle: an open vault holds its memtable's arena (allocated in full when
// Badger opens); a brief open holds a fraction of the desktop one.
func TestBriefOpenHoldsLittle(t *testing.T) {
	held := func(opt Options) uint64 {
		dir := newVaultDir(t)
		openTestVault(t, dir, Options{}).Close() // the database exists
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		v := openTestVault(t, dir, opt)
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(v)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	desktop, brief := held(Options{}), held(Options{Brief: true})
	t.Logf("open vault holds %d KiB (desktop), %d KiB (brief)", desktop>>10, brief>>10)
	if desktop < 16<<20 {
		t.Fatalf("a desktop open holds %d MiB, less than its 16 MiB memtable: the measure is broken", desktop>>20)
	}
	// 1.3 MiB of arena (a 1 MiB memtable), the caches' counters and what the open reads; it
	// was 5.3 MiB of arena with the 4 MiB memtable: a reading command held it all its run.
	if brief > 4<<20 {
		t.Errorf("a brief open holds %d KiB, want at most 4 MiB", brief>>10)
	}
}

// TestBriefOpenAfterLeftMemtable: a process killed with a full 24 MiB memtable (the desktop
// size before 16) leaves its log; neither a brief open nor a desktop one may replay it into a
// smaller memtable (Badger panics: "arena too small"): both open with 24 MiB and find every
// record.
func TestBriefOpenAfterLeftMemtable(t *testing.T) {
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{MemTableSize: replayMemtable})
	b := &Batch{Now: t0}
	for i := range 9000 {
		id := ID{"local", "Observation", fmt.Sprintf("obs-%d", i)}
		b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 2000)})
	}
	b.Profiles = []Profile{{ID: "alice", Name: "Alice", Created: t0}}
	write(t, v, b)
	if !leftMemtables(filepath.Join(dir, dbDirName)) {
		t.Fatal("no memtable log while the vault is open: the test does not exercise the replay")
	}
	want := countRecords(t, v, Query{})
	for _, opt := range []Options{{Brief: true}, {}} {
		// The copy is what a killed process leaves: the memtable's log, not written into tables.
		crashed := filepath.Join(t.TempDir(), "vault")
		copyTree(t, dir, crashed)
		r := openTestVault(t, crashed, opt)
		if got := countRecords(t, r, Query{}); got != want {
			t.Errorf("brief %v: %d records after the open, want %d", opt.Brief, got, want)
		}
		if got := r.db.Opts().MemTableSize; got != replayMemtable {
			t.Errorf("brief %v: memtable %d MiB after a left log, want %d", opt.Brief, got>>20, replayMemtable>>20)
		}
	}
}

// A vault opened brief (1 MiB memtable: Badger takes at most 153 KiB and ~1,600 entries in one
// transaction) still takes a write of any size: the journal's chunks follow Badger's limits
// (they were 768 KiB, and such a write failed with "Txn is too big").
func TestBriefOpenWritesLargeBatch(t *testing.T) {
	v := newTestVault(t, Options{Brief: true})
	b := baseBatch(3000)
	write(t, v, b)
	if got := countRecords(t, v, Query{Profile: "p1"}); got != len(b.Records) {
		t.Errorf("%d records, want %d", got, len(b.Records))
	}
	if _, err := v.DeleteProfile(context.Background(), "p1"); err != nil {
		t.Fatalf("deleting them: %v", err)
	}
}

// TestOpenAfterReadingCommandKilled: a reading command killed part way leaves its memtable's
// log with no entry in it. The next brief open keeps its 1 MiB memtable and 4 MiB block cache:
// it replayed the empty log into the 24 MiB replay memtable and the desktop cache, 3–8 MB more
// for the first command after the kill at 100k (F63, 90–120 MB once).
func TestOpenAfterReadingCommandKilled(t *testing.T) {
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	b := &Batch{Now: t0, Profiles: []Profile{{ID: "alice", Name: "Alice", Created: t0}}}
	for i := range 300 {
		id := ID{"local", "Observation", fmt.Sprintf("obs-%d", i)}
		b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 500)})
	}
	write(t, v, b)
	want := countRecords(t, v, Query{})
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	reading := openTestVault(t, dir, Options{Brief: true})
	if got := countRecords(t, reading, Query{Type: "Observation"}); got != want {
		t.Fatalf("%d records while reading, want %d", got, want)
	}
	// The copy is what the kill leaves: the open vault's files, its memtable log among them.
	crashed := filepath.Join(t.TempDir(), "vault")
	copyTree(t, dir, crashed)
	if m, _ := filepath.Glob(filepath.Join(crashed, dbDirName, "*.mem")); len(m) == 0 {
		t.Fatal("no memtable log in the copy: the test does not exercise the open after a kill")
	}
	if leftMemtables(filepath.Join(crashed, dbDirName)) {
		t.Error("the reading command's empty log counts as memtables to replay")
	}
	r := openTestVault(t, crashed, Options{Brief: true})
	if got := r.db.Opts().MemTableSize; got != briefMemtable {
		t.Errorf("memtable %d KiB after a reading command's log, want %d KiB", got>>10, briefMemtable>>10)
	}
	if got := r.db.Opts().BlockCacheSize; got != 4<<20 {
		t.Errorf("block cache %d MiB after a reading command's log, want 4 MiB", got>>20)
	}
	if got := countRecords(t, r, Query{}); got != want {
		t.Errorf("%d records after the open, want %d", got, want)
	}
	if m, _ := filepath.Glob(filepath.Join(crashed, dbDirName, "*.mem")); len(m) != 1 {
		t.Errorf("%d memtable logs after the open, want 1 (its own)", len(m))
	}
}
