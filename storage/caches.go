package storage

import (
	"reflect"
	"time"
	"unsafe"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"
)

// Badger's block and index caches are ristretto caches, and each runs a ticker every 2.5 s
// to drop entries whose TTL has passed. Badger never gives a cached block or index a TTL, so
// the sweep never finds anything: it only wakes the process 24 times a minute per cache,
// the app in the tray and the reminder daemon included (issue 13: no periodic wake-ups faster
// than once a minute). Neither Badger nor ristretto has an option for it (ristretto's
// TtlTickerDurationInSec is not passed on by Badger), so stopCacheCleanup finds the two
// tickers in the DB and stops them; the caches work as before (sets, gets and evictions run
// on ristretto's own goroutine, not on the ticker). It returns how many it stopped: a test
// fails if a Badger or ristretto upgrade renames them.
func stopCacheCleanup(db *badger.DB) int {
	stopped := 0
	dbv := reflect.ValueOf(db).Elem()
	for _, name := range []string{"blockCache", "indexCache"} {
		c := dbv.FieldByName(name)
		if !c.IsValid() || c.Kind() != reflect.Pointer || c.IsNil() || c.Elem().Kind() != reflect.Struct {
			continue
		}
		t := c.Elem().FieldByName("cleanupTicker")
		if !t.IsValid() || t.Type() != reflect.TypeFor[*time.Ticker]() || t.IsNil() {
			continue
		}
		(*time.Ticker)(unsafe.Pointer(t.Pointer())).Stop()
		stopped++
	}
	return stopped
}

// Badger's pool of table-builder allocators (memory.go) runs a ticker every 2 s for its
// whole life, to free one pooled allocator when no table was built since the last tick: the
// last periodic wake-up of an idle vault (~30 a minute; the app in the tray and the daemon
// woke 192 and 146 times a minute with it). Its ticker is a local variable of the pool's
// goroutine, and the pool is not an option of Badger's. What Badger does allow is no pool:
// z's pool methods are nil-safe, so with none each table builder allocates its own buffer
// and frees it when the table is written (what the pool's drain does anyway after a bulk
// write). detachTablePool sets badger.DB.allocPool to nil and closes the pool, which ends its
// goroutine and ticker. It returns whether it did: a test fails if a Badger upgrade renames
// the field.
//
// The field is read, without a lock, wherever Badger starts a table: a memtable flush, a
// compaction, a stream write. So the vault detaches the pool only while none can start or
// run: right after opening a quiet vault (no compactors) that had no memtable to replay (a
// replayed memtable is flushed in the background during Open). Every later flush starts from
// a write made after this, through Badger's channels (ordered after it), and a quiet vault's
// compactions are its own Flatten calls.
func detachTablePool(db *badger.DB) bool {
	f := reflect.ValueOf(db).Elem().FieldByName("allocPool")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*z.AllocatorPool]() || f.IsNil() {
		return false
	}
	field := (**z.AllocatorPool)(unsafe.Pointer(f.UnsafeAddr()))
	pool := *field
	*field = nil
	pool.Release() // ends its goroutine; Badger's Close releases a nil pool (a no-op)
	return true
}
