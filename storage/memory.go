package storage

import (
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Bulk imports and the Go heap. Badger's table builders allocate and drop buffers of several
// MiB while a large import is flushed and compacted; with the collector's default pacing the
// heap grows to about twice its live size in between (a 100,000-resource import peaked near
// 600 MB of RSS). While large batches are being written, the vault therefore sets the Go
// runtime's soft memory limit to bulkMemoryLimit, and restores the previous limit once no
// large batch has been written for bulkMemoryIdle. A limit the process set lower, or one set
// with the GOMEMLIMIT environment variable, is left alone. When the limit is restored, the
// memory the bulk write freed is returned to the system. The limit is soft: when the live
// heap is larger the collector does not thrash (the runtime caps its CPU share).

const (
	bulkMemoryLimit   = 200 << 20 // lower limits slowed 100k imports 2-3× (GC all the time)
	bulkMemoryIdle    = 10 * time.Second
	bulkMemoryRecords = 256 // batches with at least this many records count as bulk
)

var bulkMem struct {
	mu     sync.Mutex
	active bool
	prev   int64
	gen    int
	timer  *time.Timer
}

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
		debug.SetMemoryLimit(bulkMemoryLimit)
		m.active = true
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
