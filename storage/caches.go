package storage

import (
	"reflect"
	"time"
	"unsafe"

	badger "github.com/dgraph-io/badger/v4"
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
