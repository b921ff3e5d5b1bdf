package storage

import (
	"context"
	"fmt"
	"time"
)

// Flush writes what the vault holds in memory (its memtable) to level-0 tables now. For
// benchmarks, which measure a write together with the flush of what it wrote: without it, a
// write pays a flush only when it happens to fill the memtable.
func (v *Vault) Flush() error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.db.FlushMemtable(); err != nil {
		return fmt.Errorf("writing the vault's memtable: %w", err)
	}
	return nil
}

// Settle flushes the memtable and waits until no compaction is running or due (or ctx ends):
// for benchmarks, so that a measured write starts from the same state in a small and a large
// vault and pays for no work an earlier write left.
func (v *Vault) Settle(ctx context.Context) error {
	if err := v.Flush(); err != nil {
		return err
	}
	if v.quiet { // nothing compacts in the background: what a write would start runs now
		v.writeMu.Lock()
		v.compactIfQuiet()
		v.writeMu.Unlock()
		return nil
	}
	for !v.db.CompactionIdle() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// FlushesPerCompaction is how many flushed small writes (each a level-0 table under an eighth
// of the memtable) make a level-0 compaction due: a benchmark that flushes after each such
// write and then settles pays one such compaction in that many writes.
func (v *Vault) FlushesPerCompaction() int {
	o := v.db.Opts()
	if o.NumLevelZeroSmallTables > o.NumLevelZeroTables {
		return o.NumLevelZeroSmallTables
	}
	return o.NumLevelZeroTables
}
