package badger

import "github.com/dgraph-io/badger/v4/y"

// CareKeeper: FlushMemtable and CompactionIdle let a benchmark measure a write together with
// the flush of exactly what it wrote, from a tree with no compaction running or due (storage's
// Vault.Settle and Vault.Flush; internal/bench's import probes).

// FlushMemtable writes the memtable, and those waiting to be flushed, to level-0 tables now
// and returns when they are there. Writes wait meanwhile. (DropPrefix's flush, without the
// drop.)
func (db *DB) FlushMemtable() error {
	if db.opt.ReadOnly {
		return ErrReadOnlyTxn
	}
	f, err := db.prepareToDrop()
	if err != nil {
		return err
	}
	defer f()
	db.lock.Lock()
	defer db.lock.Unlock()
	db.imm = append(db.imm, db.mt)
	for len(db.imm) > 0 {
		mt := db.imm[0]
		if !mt.sl.Empty() {
			if err := db.handleMemTableFlush(mt, nil); err != nil {
				db.imm = db.imm[:len(db.imm)-1] // the memtable stays the current one
				return err
			}
		}
		mt.DecrRef()
		db.imm = db.imm[1:]
	}
	if db.mt, err = db.newMemTable(); err != nil {
		return y.Wrapf(err, "cannot create new mem table")
	}
	return nil
}

// CompactionIdle reports whether no compaction is running and none is due.
func (db *DB) CompactionIdle() bool {
	db.lc.cstatus.RLock()
	running := len(db.lc.cstatus.tables) > 0
	db.lc.cstatus.RUnlock()
	return !running && len(db.lc.pickCompactLevels(nil)) == 0
}
