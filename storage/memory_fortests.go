package storage

import (
	"runtime/debug"
	"testing"
)

// EndBulkMemoryForTests ends at once the soft memory limit a bulk write set (bulkWrite), as its
// timer would bulkMemoryIdle after the last large batch, giving the previous limit back. One
// CLI command runs per process, so there its limit never outlives the command that set it; a
// test process runs many, and a test that checks the memory limit (internal/cli's
// TestReadingOpenLimitsMemory) found an earlier test's import's limit still in force, its
// follower setting it again after each collection. It panics outside a test binary.
func EndBulkMemoryForTests() {
	if !testing.Testing() {
		panic("storage.EndBulkMemoryForTests called outside a test binary")
	}
	m := &bulkMem
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.timer != nil {
		m.timer.Stop()
	}
	if m.active {
		debug.SetMemoryLimit(m.prev)
	}
	m.active, m.timer = false, nil
	m.gen++
}
