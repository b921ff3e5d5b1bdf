package storage

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"carekeeper/internal/secret"
)

// TestBulkMemoryLimit: a large batch lowers the soft memory limit, a limit already lower is
// kept, and the previous limit comes back when the timer fires.
func TestBulkMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	orig := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(orig)
	fire := func() {
		bulkMem.mu.Lock()
		tm := bulkMem.timer
		bulkMem.mu.Unlock()
		if tm == nil {
			return
		}
		tm.Reset(0)
		for { // wait for the restore (the timer's function takes the lock)
			runtime.Gosched()
			bulkMem.mu.Lock()
			active := bulkMem.active
			bulkMem.mu.Unlock()
			if !active {
				return
			}
		}
	}
	// Forget what earlier tests' large batches set up.
	bulkMem.mu.Lock()
	if bulkMem.timer != nil {
		bulkMem.timer.Stop()
	}
	bulkMem.active, bulkMem.timer = false, nil
	bulkMem.gen++
	bulkMem.mu.Unlock()
	debug.SetMemoryLimit(1 << 40)
	bulkWrite()
	if got, floor := debug.SetMemoryLimit(-1), bulkFloor(secret.KDFMemory()); got < floor || got > bulkMemoryLimit {
		t.Errorf("limit during a bulk write %d, want %d-%d", got, floor, bulkMemoryLimit)
	}
	// The limit follows the live heap after each collection: 30 % and 16 MiB above it, within bounds.
	live := make([]byte, 100<<20)
	want := bulkLimit(100 << 20)
	got := debug.SetMemoryLimit(-1)
	for i := 0; i < 1000 && got < want; i++ {
		runtime.GC()
		runtime.Gosched()
		got = debug.SetMemoryLimit(-1)
	}
	if got < want || got > bulkMemoryLimit {
		t.Errorf("limit with a live heap of 100 MiB: %d, want %d-%d", got, want, bulkMemoryLimit)
	}
	runtime.KeepAlive(live)
	live = nil
	for i := 0; i < 1000 && got >= want; i++ {
		runtime.GC()
		runtime.Gosched()
		got = debug.SetMemoryLimit(-1)
	}
	if got >= want {
		t.Errorf("limit once the live heap is small again: %d, want it lowered", got)
	}
	bulkWrite() // re-arming keeps the remembered limit
	fire()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("limit after the bulk write %d, want it restored", got)
	}
	// Regression: the memory a bulk write freed stayed with the process after it (an app
	// that had imported kept ~100 MB). It is returned when the limit is restored.
	garbage := make([]byte, 64<<20)
	for i := range garbage {
		garbage[i] = 1
	}
	garbage = nil
	runtime.GC() // as the collections during an import free what it dropped
	bulkWrite()
	fire()
	free := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(free)
	if n := free[0].Value.Uint64(); n > 16<<20 {
		t.Errorf("after the bulk write %d MiB of freed heap is still held", n>>20)
	}

	debug.SetMemoryLimit(64 << 20)
	bulkWrite()
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Errorf("a lower limit was changed to %d", got)
	}
}

// TestDrainTablePool: the vault finds Badger's pool of table-builder allocators, and draining
// it releases the memory a returned allocator kept (before, the pool kept what the level-0
// builds had grown to for the whole of a bulk import).
func TestDrainTablePool(t *testing.T) {
	v := newTestVault(t, Options{})
	if v.tables.p == nil {
		t.Fatal("Badger's table allocator pool was not found (badger.DB.allocPool renamed or retyped?): bulk imports would keep its memory")
	}
	a := v.tables.p.Get(1, "test")
	a.Allocate(8 << 20)
	v.tables.p.Return(a)
	v.tables.drain()
	b := v.tables.p.Get(1, "test")
	defer b.Release()
	if got := b.Allocated(); got >= 8<<20 {
		t.Fatalf("after drain the pool still hands out an allocator holding %d bytes", got)
	}
}

// A compaction's table builders each hold their table uncompressed until it is written, so the
// size of the tables Badger builds bounds an import's heap. Badger sizes the tables of each
// level below the base level TableSizeMultiplier times those of the level above; with its
// default (2) the tables, and a large import's peak heap, grew with the vault's depth. The
// largest table any level gets must stay the base size, however deep the vault grows.
func TestTableSizeSameAtEveryLevel(t *testing.T) {
	v := newTestVault(t, Options{})
	o := v.db.Opts()
	size := o.BaseTableSize
	for level := 1; level < o.MaxLevels; level++ {
		// levels below the base level (at most all but the first two): Badger's levelTargets
		if level > 1 {
			size *= int64(o.TableSizeMultiplier)
		}
		if size > 512<<10 {
			t.Fatalf("tables at level %d of a deep vault are %d bytes: more than 512 KiB, so a compaction's builders hold more the larger the vault", level, size)
		}
	}
}

// TestCacheCleanupStopped: the vault finds the TTL-sweep tickers of Badger's block and index
// caches (each woke the process every 2.5 s for nothing: Badger sets no TTLs). Every other
// storage test reads through the caches with their sweeps stopped.
func TestCacheCleanupStopped(t *testing.T) {
	v := newTestVault(t, Options{Quiet: true})
	if n := stopCacheCleanup(v.db); n != 2 {
		t.Fatalf("found %d of the 2 cache sweep tickers (badger.DB.blockCache/indexCache or ristretto's cleanupTicker renamed?): the open vault wakes every 2.5 s", n)
	}
	if v.db.BlockCacheMetrics() == nil || v.db.IndexCacheMetrics() == nil {
		t.Fatal("the block and index caches are gone")
	}
}

// TestBulkLimitRoom: the bulk limit leaves room above a large live heap, not 30 % only (a
// 100,000-resource import's ~50 MB live heap was collected every ~7 MB allocated). In a
// process that derived a key (Argon2id's 64 MiB) it is never below 64 MiB; unlocked (no key
// derived) its floor is 32 MiB and a small live heap gets a third of itself as room, at least
// 8 MiB (the 13 Synthea bundles' import peaked at the 64 MiB floor: 66 MB of RSS).
func TestBulkLimitRoom(t *testing.T) {
	for _, c := range []struct {
		live  uint64
		floor int64
		want  int64
	}{
		{0, bulkMemoryFloor, bulkMemoryFloor},
		{30 << 20, bulkMemoryFloor, bulkMemoryFloor}, // one file's import: the floor, as before
		{50 << 20, bulkMemoryFloor, 50<<20*13/10 + 16<<20},
		{100 << 20, bulkMemoryFloor, 146 << 20},
		{1 << 30, bulkMemoryFloor, bulkMemoryLimit},
		// Unlocked.
		{0, bulkMemoryUnlockedFloor, 32 << 20},
		{18 << 20, bulkMemoryUnlockedFloor, 32 << 20},
		{30 << 20, bulkMemoryUnlockedFloor, 30<<20*13/10 + 10<<20}, // the 13 bundles' import
		{60 << 20, bulkMemoryUnlockedFloor, 60<<20*13/10 + 16<<20},
		{100 << 20, bulkMemoryUnlockedFloor, 146 << 20},
		{1 << 30, bulkMemoryUnlockedFloor, bulkMemoryLimit},
	} {
		if got := bulkLimitOver(c.live, c.floor); got != c.want {
			t.Errorf("live heap %d MiB, floor %d MiB: limit %d MiB, want %d MiB", c.live>>20, c.floor>>20, got>>20, c.want>>20)
		}
	}
	for _, c := range []struct{ kdf, want int64 }{
		{0, bulkMemoryUnlockedFloor},        // no key derived: 'carekeeper unlock' kept it
		{64 << 20, bulkMemoryFloor},         // the default Argon2id memory
		{256 << 20, bulkMemoryFloor},        // stronger settings: not higher
		{16 << 20, bulkMemoryUnlockedFloor}, // test settings
	} {
		if got := bulkFloor(c.kdf); got != c.want {
			t.Errorf("Argon2id of %d MiB: floor %d MiB, want %d MiB", c.kdf>>20, got>>20, c.want>>20)
		}
	}
}

// TestReadingLimitRoom: a command that reads is limited to its live heap, a quarter and 4 MiB
// more (perf30: with 8 MiB, `summary --fhir` of 300,000 watch readings, a live heap of ~40–52
// MB beside ~16–18 MB of the binary's own pages, passed 90 MB of peak RSS in some runs).
func TestReadingLimitRoom(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, readMemoryFloor},
		{40 << 20, readMemoryFloor}, // 54 MiB: the floor
		{48 << 20, 64 << 20},
		{100 << 20, 129 << 20},
	} {
		if got := readLimit(c.live); got != c.want {
			t.Errorf("live heap %d MiB: limit %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}

// TestReadingMemoryLimit: LimitReadingMemory sets the soft limit to its floor for a small live
// heap, follows a larger live heap (a larger vault's reading is not collected all the time),
// restores the previous limit, and leaves a lower limit or $GOMEMLIMIT alone.
func TestReadingMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	orig := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(orig)
	// Forget what earlier tests' large batches set up (their tuner sets the limit after
	// each collection until their timer restores it).
	bulkMem.mu.Lock()
	if bulkMem.timer != nil {
		bulkMem.timer.Stop()
	}
	bulkMem.active, bulkMem.timer = false, nil
	bulkMem.gen++
	bulkMem.mu.Unlock()
	debug.SetMemoryLimit(1 << 40)
	runtime.GC()
	restore := LimitReadingMemory()
	if got := debug.SetMemoryLimit(-1); got != readMemoryFloor {
		t.Errorf("limit with a small live heap %d, want the floor %d", got, readMemoryFloor)
	}
	if LimitReadingMemory()(); debug.SetMemoryLimit(-1) != readMemoryFloor {
		t.Error("a second call's restore undid the first's limit")
	}
	live := make([]byte, 100<<20)
	want := readLimit(100 << 20)
	got := debug.SetMemoryLimit(-1)
	for i := 0; i < 1000 && got < want; i++ {
		runtime.GC()
		runtime.Gosched()
		got = debug.SetMemoryLimit(-1)
	}
	if got < want {
		t.Errorf("limit with a live heap of 100 MiB: %d, want at least %d", got, want)
	}
	runtime.KeepAlive(live)
	restore()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("limit after restore %d, want the previous one", got)
	}
	runtime.GC() // a tuner left running would change the limit now
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("limit after restore and a collection %d, want the previous one", got)
	}

	debug.SetMemoryLimit(32 << 20)
	LimitReadingMemory()()
	if got := debug.SetMemoryLimit(-1); got != 32<<20 {
		t.Errorf("a lower limit was changed to %d", got)
	}
	debug.SetMemoryLimit(1 << 40)
	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = LimitReadingMemory()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with $GOMEMLIMIT the limit was changed to %d", got)
	}
	restore()
}
