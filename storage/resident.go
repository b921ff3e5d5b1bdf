package storage

import (
	"bytes"
	"reflect"
	"sync"
	"unsafe"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/badger/v4/y"
)

// Badger writes every table it builds (a memtable flush, each compaction's output) through a
// shared memory map of the new file and reads tables through those maps for as long as they
// are open, so every table written stays in the process's resident set: after a
// 100,000-resource import the whole LSM (~48 MB) was resident, and a large Apple Health
// import's resident set grew with its vault. The data is in the file and the system's page
// cache; the process needs none of it resident. After bulk writes the vault tells the system
// it does not need those pages now (madvise MADV_DONTNEED on each table's map: a shared file
// map, so nothing is lost, and a later read faults the page back in from the page cache, as a
// read through pread would find it there).
//
// Badger has no option for this and no exported list of its tables' maps; tableMaps finds the
// level handlers in the DB (a test fails if an upgrade renames them) and takes a reference to
// each table under the level's read lock, as Badger's own iterators do, so no table is closed
// and unmapped while its pages are released.
type tableMaps struct {
	levels []levelRef
}

type levelRef struct {
	mu     *sync.RWMutex
	tables *[]*table.Table
}

func findTableMaps(db *badger.DB) tableMaps {
	lc := reflect.ValueOf(db).Elem().FieldByName("lc")
	if !lc.IsValid() || lc.Kind() != reflect.Pointer || lc.IsNil() {
		return tableMaps{}
	}
	levels := lc.Elem().FieldByName("levels")
	if !levels.IsValid() || levels.Kind() != reflect.Slice {
		return tableMaps{}
	}
	var out tableMaps
	for i := range levels.Len() {
		h := levels.Index(i)
		if h.Kind() != reflect.Pointer || h.IsNil() {
			return tableMaps{}
		}
		hs := h.Elem()
		mu, ok := hs.Type().FieldByName("RWMutex")
		if !ok || mu.Type != reflect.TypeFor[sync.RWMutex]() || !mu.Anonymous {
			return tableMaps{}
		}
		tf := hs.FieldByName("tables")
		if !tf.IsValid() || tf.Type() != reflect.TypeFor[[]*table.Table]() {
			return tableMaps{}
		}
		out.levels = append(out.levels, levelRef{
			mu:     (*sync.RWMutex)(unsafe.Pointer(hs.Field(mu.Index[0]).UnsafeAddr())),
			tables: (*[]*table.Table)(unsafe.Pointer(tf.UnsafeAddr())),
		})
	}
	return out
}

// release lets the system take back the resident pages of every open table; it returns how
// many tables it went through.
func (m tableMaps) release() int { return m.releaseRange(nil, nil) }

// releaseRange is release for the tables that may hold keys in [lo, hi] (Badger's keys
// without their version; nil lo or hi leaves that end open): those a scan that went from lo
// to hi read. Each madvise costs a system call whether or not the table has pages resident,
// and a scan through the 100,000-resource vault released its ~70 tables every 512 records.
func (m tableMaps) releaseRange(lo, hi []byte) int {
	n := 0
	for _, l := range m.levels {
		l.mu.RLock()
		ts := append([]*table.Table(nil), *l.tables...)
		for _, t := range ts {
			t.IncrRef()
		}
		l.mu.RUnlock()
		for _, t := range ts {
			outside := (lo != nil && bytes.Compare(y.ParseKey(t.Biggest()), lo) < 0) ||
				(hi != nil && bytes.Compare(y.ParseKey(t.Smallest()), hi) > 0)
			if !outside && !t.IsInmemory && t.MmapFile != nil && len(t.Data) > 0 {
				dontNeed(t.Data)
				n++
			}
			t.DecrRef() //nolint:errcheck // only fails deleting a table compacted away meanwhile, which Badger logs
		}
	}
	return n
}
