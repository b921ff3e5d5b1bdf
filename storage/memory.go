package storage

import (
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"carekeeper/internal/secret"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
)

// Bulk imports and the Go heap. Badger's table builders allocate and drop buffers of several
// MiB while a large import is flushed and compacted; with the collector's default pacing the
// heap grows to about twice its live size in between (a 100,000-resource import peaked near
// 600 MB of RSS). While large batches are being written, the vault therefore sets the Go
// runtime's soft memory limit to what the work needs: the live heap, 30 % and 16 MiB more, at least
// bulkMemoryFloor and at most bulkMemoryLimit, followed after every collection (memLimit.follow);
// in a process that derived no key, less (bulkLimitOver, bulkFloor). It
// restores the previous limit once no large batch has been written for bulkMemoryIdle. A
// limit the process set lower, or one set with the GOMEMLIMIT environment variable, is left
// alone. When the limit is restored, the memory the bulk write freed is returned to the
// system. The limit is soft: when the live heap is larger the collector does not thrash (the
// runtime caps its CPU share).
//
// Why follow the live heap: with a fixed 200 MiB limit the 13 Synthea bundles' import (a
// live heap of ~50 MB, 31 of it the memtable's arena) let the heap double to ~100 MB and
// peaked at 119 MB of RSS, 36 above the unlock's 83; a fixed low limit made the collector
// run all the time once a 100,000-resource import's live heap passed it.

const (
	bulkMemoryLimit   = 200 << 20 // lower limits slowed 100k imports 2-3× (GC all the time)
	bulkMemoryFloor   = 64 << 20  // the limit is never set lower once the process held Argon2id's 64 MiB (bulkFloor)
	bulkMemoryRoom    = 16 << 20  // above the live heap's 30 %, so a large live heap is not collected every few MB
	bulkMemoryIdle    = 10 * time.Second
	bulkMemoryRecords = 256 // batches with at least this many records count as bulk

	// Unlocked (no key derived in the process: 'carekeeper unlock' kept the key), the floor
	// is lower and the room follows a small live heap: a third of it, at least
	// bulkMemorySmallRoom, at most bulkMemoryRoom. The floor of 64 MiB was set for a process
	// whose peak was already the unlock's 64 MiB of Argon2id; without it, the 13 Synthea
	// bundles' import (a live heap of ~30–38 MB, 21 of it the memtable's arena, mostly
	// untouched) let its heap grow to the floor and peaked at 66–69 MB of RSS
	// (docs/footprint.md, session 34).
	bulkMemoryUnlockedFloor = 32 << 20
	bulkMemorySmallRoom     = 8 << 20
)

// memLimit is a soft memory limit set for a while (a bulk write, a reading command) and
// followed after each collection.
type memLimit struct {
	mu     sync.Mutex
	active bool
	prev   int64 // the limit before it was set
	epoch  int   // of the tuner: one per activation
}

// follow sets the limit to limit(live heap) after each collection while this activation
// (epoch) lasts: a finalizer runs once per collection and arms the next.
func (m *memLimit) follow(epoch int, limit func(live uint64) int64) {
	type sentinel struct{ _ [16]byte }
	s := &sentinel{}
	runtime.SetFinalizer(s, func(*sentinel) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if !m.active || m.epoch != epoch {
			return
		}
		debug.SetMemoryLimit(limit(liveHeap()))
		go m.follow(epoch, limit) // a new sentinel for the next collection
	})
}

// liveHeap is the live heap the last collection found.
func liveHeap() uint64 {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	return live[0].Value.Uint64()
}

var bulkMem struct {
	memLimit
	gen   int
	timer *time.Timer
}

// bulkLimit is the soft memory limit for a live heap of live bytes: 30 % and bulkMemoryRoom
// above it. The limit counts all of the runtime's memory, not the heap alone, so with 30 %
// only, a 100,000-resource import's live heap of ~50 MB (memtable arenas, table builders)
// left the collector ~7 MB to allocate between collections: ~410 collections in that import
// (its cost per resource grew with the vault: the bench's 100k ÷ 1k). With the room: ~190,
// for ~4 MB more peak RSS. Small imports stay at the floor.
func bulkLimit(live uint64) int64 { return bulkLimitOver(live, bulkFloor(secret.KDFMemory())) }

// bulkLimitOver is bulkLimit with the given floor. Above bulkMemoryUnlockedFloor the room is
// bulkMemoryRoom whatever the live heap (a limit at the floor leaves more anyway); below it,
// a third of the live heap within bulkMemorySmallRoom–bulkMemoryRoom (the same from a live
// heap of 48 MiB up).
func bulkLimitOver(live uint64, floor int64) int64 {
	room := int64(bulkMemoryRoom)
	if floor <= bulkMemoryUnlockedFloor {
		room = min(max(int64(live)/3, bulkMemorySmallRoom), bulkMemoryRoom)
	}
	if bulkTight.Load() > 0 {
		return min(max(int64(live)+room, floor), bulkMemoryLimit)
	}
	return min(max(int64(live)*13/10+room, floor), bulkMemoryLimit)
}

// bulkFloor is the bulk limit's floor in a process whose largest key derivation used kdf
// bytes (secret.KDFMemory): bulkMemoryFloor once it held Argon2id's 64 MiB (a lower limit
// would not lower its peak), bulkMemoryUnlockedFloor when it derived no key.
func bulkFloor(kdf int64) int64 {
	return min(max(kdf, bulkMemoryUnlockedFloor), bulkMemoryFloor)
}

// bulkTight counts the lazy batches being written (one large file read as it is written,
// Batch.Lazy): while there are any, the limit is bulkMemoryRoom above the live heap, without
// the 30 % (a 100,000-resource NDJSON file: see docs/footprint.md, "One large NDJSON file").
var bulkTight atomic.Int32

// BulkPlanning notes that a large file is being read and planned for import: the bulk memory
// limit holds from now rather than from its write. A 100,000-resource Bundle, parsed whole
// (a live heap of ~175 MB), let the heap grow to 264 MB before its write began (F61).
func BulkPlanning() { bulkWrite() }

// bulkWrite notes that a large batch is being written.
func bulkWrite() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	m := &bulkMem
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.active {
		m.prev = debug.SetMemoryLimit(-1) // reads the current limit
		if m.prev <= bulkMemoryLimit {
			return
		}
		debug.SetMemoryLimit(bulkLimit(liveHeap()))
		m.active = true
		m.epoch++
		go m.follow(m.epoch, bulkLimit)
	}
	m.gen++
	gen := m.gen
	if m.timer != nil {
		m.timer.Stop()
	}
	m.timer = time.AfterFunc(bulkMemoryIdle, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.gen != gen || !m.active {
			return // a later batch re-armed the timer
		}
		debug.SetMemoryLimit(m.prev)
		// What the bulk write left (tens of MB of freed memtables and table buffers) goes back
		// to the system now; the runtime would otherwise keep most of it for the rest of the
		// run (the app in the tray after an import).
		debug.FreeOSMemory()
		m.active, m.timer = false, nil
	})
}

// Badger builds every table (a memtable flush, each compaction's output) in memory with an
// allocator from a pool of eight, and a returned allocator keeps the memory it grew to: one
// that built a level-0 table from a full memtable holds several times the memtable. The pool
// frees one allocator only after two seconds without a table being built, so during a bulk
// import it never does, and the pool alone held ~175 MB of a 100,000-resource import's heap.
// The pool is not an option of Badger's; allocPool finds it in the DB (a test checks that it
// still does), and drainTablePool takes what it holds and releases it (the pool's own Get and
// the allocator's Release are safe to call from any goroutine). Builders still at work keep
// their allocators; the next drain releases them once they are returned.
type tablePool struct{ p *z.AllocatorPool }

func allocPool(db *badger.DB) tablePool {
	f := reflect.ValueOf(db).Elem().FieldByName("allocPool")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*z.AllocatorPool]() {
		return tablePool{}
	}
	return tablePool{(*z.AllocatorPool)(unsafe.Pointer(f.Pointer()))}
}

// poolSize is the size of Badger's pool (db.go: z.NewAllocatorPool(8)).
const poolSize = 8

func (t tablePool) drain() {
	if t.p == nil {
		return
	}
	for range poolSize {
		t.p.Get(1, "drain").Release()
	}
}

// afterBulk gives back what a bulk write left behind: the table builders' pooled
// allocators and the resident pages of the tables written (resident.go).
func (v *Vault) afterBulk() {
	v.tables.drain()
	v.maps.release()
}

// Commands that read and the Go heap. A command that reads (the CLI's commands other than
// import and sync) unlocks first, and the unlock's Argon2id touches 64 MiB that
// internal/secret returns to the system at once: its peak RSS, ~81 MB at 100,000
// resources, is the floor of every such command (64 MiB, the binary's pages, the runtime).
// What the command holds after it must stay below that. The collector's percentage alone
// (GOGC) does not bound it: the heap it lets grow counts only objects, not the spans they
// leave partly empty, nor freed memory the runtime keeps until its background scavenger
// returns it, nor memory allocated while a collection runs, which on a loaded machine runs
// long. `summary --fhir` at 100,000 resources (a live heap of ~37 MB) peaked at
// 84–105 MB over runs, its collector running at 30 % (docs/footprint.md). LimitReadingMemory
// sets the runtime's soft memory limit, which counts all of the runtime's memory and makes
// it return freed memory as it goes, to readMemoryFloor, or 25 % and readMemoryRoom above the
// live heap when that is larger (so a larger vault's reading is never collected all the
// time), followed after every collection.
//
// The room was 8 MiB: `summary --fhir` of one person's 300,000 watch readings (a live heap
// of ~40–52 MB while its PDF and Bundle are made, beside ~16–18 MB of the binary's own
// pages that the limit does not count) then peaked at 83–96 MB over runs, over 90 in some;
// with 4 MiB (and its index of listed readings at 16 bytes a reading) 78.6–80.7 MB, for ~15 %
// more collections (docs/footprint.md, "Every reading command under 90 MB in every run").
const (
	readMemoryFloor = 56 << 20 // the floor's 64 MiB of Argon2id less the table pages a scan keeps resident (~8 MB)
	readMemoryRoom  = 4 << 20
)

var readMem memLimit

func readLimit(live uint64) int64 {
	return max(int64(live)+int64(live)/4+readMemoryRoom, readMemoryFloor)
}

// LimitReadingMemory sets the soft memory limit for a command that reads, until the returned
// function restores the previous one. A limit the process set lower, or one set with the
// GOMEMLIMIT environment variable, is left alone (the returned function then does nothing).
func LimitReadingMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	m := &readMem
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active {
		return func() {}
	}
	limit := readLimit(liveHeap())
	prev := debug.SetMemoryLimit(-1)
	if prev <= limit {
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	m.active, m.prev = true, prev
	m.epoch++
	epoch := m.epoch
	go m.follow(epoch, readLimit)
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.active && m.epoch == epoch {
			debug.SetMemoryLimit(m.prev)
			m.active = false
		}
	}
}
