package storage

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
)

// A full disk.
//
// Badger writes its memtable log (.mem, 2×MemTableSize), value log (.vlog) and tables through
// memory-mapped files that it creates sparse: the disk space behind a page is taken only when
// the page is first written. When the disk cannot supply it, the kernel sends SIGBUS, which
// kills the process with a stack trace, mostly on Badger's own goroutines where nothing can
// recover it. Badger (patched, third_party/badger) gives each new log and table file, and its
// DISCARD file, their whole space with fallocate when it creates them, so a disk that fills says
// ENOSPC then (a write, a memtable switch or the open fails with ErrDiskFull) rather than a
// SIGBUS later; an open that fails so releases every file, map and goroutine it had. A flush
// of a full memtable that meets a full disk while the vault is open is retried less and less
// often (up to every minute), logged once, and succeeds once space returns. And
// CareKeeper never lets Badger write on a nearly full disk:
//
//   - A vault is opened for writing only when the disk has openReserve free (its new memtable
//     log and value log, each given its whole space at creation, then the write reserve: room
//     for the next memtable log, a flush and a compaction; 128 MiB with the desktop profile).
//     Otherwise it is opened read-only (Badger's ReadOnly mode creates, maps and writes
//     nothing), so reading commands and screens work on a full disk; every write then fails
//     with ErrDiskFull, and nothing was changed.
//   - Every write checks, before it starts, that the reserve and twice its own size are free.
//   - Should the disk fill anyway (another program filling it at the same moment) while Badger
//     opens, the fault is turned into ErrDiskFull (debug.SetPanicOnFault) rather than a crash.
//   - Close writes the memtable into a table only when the disk has room for it (closeDB);
//     otherwise the memtable's log, which already holds every write, is left for the next
//     open to replay, everything else is released (the same process can open the vault
//     again), and Close says ErrDiskFull.
//
// A vault left by a crash may need Badger to truncate its logs before it can be read; that
// needs a read-write open, so such a vault reports ErrDiskFull until space is freed.

// writeReserve is the free space a vault open for writing keeps: room for the next memtable's
// log (2×MemTableSize, which Badger (patched) takes whole with fallocate when it creates it),
// the flush of the full one and a compaction.
func (o Options) writeReserve() uint64 {
	m := o.MemTableSize
	if m == 0 {
		m = replayMemtable // a memtable log left by a crash may be this large
	}
	return uint64(2*m) + 16<<20
}

// openReserve is the free space a vault needs to open for writing: Badger creates a memtable
// log and a value log at once, each given its whole space (2×MemTableSize, 2×ValueLogFileSize),
// and the write reserve stays after them.
func (o Options) openReserve() uint64 {
	return o.writeReserve() + uint64(2*o.memTableSize()) + 2*valueLogFileSize
}

// valueLogFileSize is vault.go's WithValueLogFileSize.
const valueLogFileSize = 16 << 20

func (o Options) memTableSize() int64 {
	switch {
	case o.MemTableSize != 0:
		return o.MemTableSize
	case o.Brief:
		return briefMemtable
	}
	return desktopMemtable
}

// freeSpace is the space available to us on the disk holding dir (diskFree, or a test's).
var freeSpace = diskFree

// roomFor returns ErrDiskFull when a write of about n bytes would eat into the reserve, when
// the vault is open read-only because the disk was full, or while Badger cannot write its
// memtable into a table for want of space (its flush is retried in the background: a disk
// quota, which the free space does not show, or another program filling the disk).
func (v *Vault) roomFor(n int) error {
	if v.readOnly {
		return ErrDiskFull
	}
	if isDiskFull(v.db.FlushError()) {
		// Badger retries the flush less and less often (up to every minute): asked now, the
		// flush is done at once if space was freed, and the next write goes through.
		v.db.RetryFlush()
		return ErrDiskFull
	}
	free, err := freeSpace(v.dir)
	if err != nil {
		return nil // unknown: Badger's own errors will tell
	}
	if free < v.reserve+2*uint64(n) {
		return ErrDiskFull
	}
	return nil
}

// faults counts the faults openBadger turned into errors (tests check the path was taken).
var faults atomic.Int64

// openBadger opens the database; a fault while Badger writes its mapped files during Open
// (SIGBUS: the disk could not supply a page) is returned as ErrDiskFull.
func openBadger(o badger.Options) (db *badger.DB, err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			var re interface{ Addr() uintptr }
			if e, ok := r.(error); ok && errors.As(e, &re) {
				faults.Add(1)
				db, err = nil, ErrDiskFull
				return
			}
			// Badger panics synchronously on some option errors; never let one escape.
			db, err = nil, fmt.Errorf("opening the database: %v", r)
		}
	}()
	return badger.Open(o)
}

// flushRoom is the free space Close needs to write the memtable into a level-0 table: the
// memtable's size (the table holds its entries, compressed) and 4 MiB for the manifest and
// the directories.
func flushRoom(memTableSize int64) uint64 { return uint64(memTableSize) + 4<<20 }

// closeDB closes the database. Badger's Close writes the memtable into a table through a
// mapped file, in its flush goroutine, where a fault (the disk could not supply a page) kills
// the process with a stack trace and nothing can recover it. So on a disk without room for
// that table (another program filled it while the vault was open) the database is closed
// without the flush (Badger patched: CloseLeavingMemtables): the memtable's log, which holds
// every write, is synced and left in place, the next open replays it (space.go's first
// point: read-only until space is freed), and the answer is ErrDiskFull — nothing was lost.
// Everything else is released as by a plain Close (files, maps, goroutines, Badger's
// directory lock), so the same process can open the vault again: a retry, or the app's next
// unlock.
func (v *Vault) closeDB() error {
	if !v.readOnly {
		if free, err := freeSpace(v.dir); err == nil && free < flushRoom(v.db.Opts().MemTableSize) {
			v.log.Warn("the disk is full: leaving the vault's memtable log for the next open", "free", free)
			if err := v.db.CloseLeavingMemtables(); err != nil && !isDiskFull(err) {
				return fmt.Errorf("closing the database: %w", err)
			}
			return ErrDiskFull
		}
	}
	// The disk may still fill during the flush (another program writing): Badger (patched,
	// third_party/badger) then reserves the table's space with fallocate, which says ENOSPC
	// where the mapping faulted, and leaves the memtable and its log as above.
	return diskFullError(v.db.Close())
}

// diskFullError returns ErrDiskFull, alone, for a "no space" error however wrapped (the
// one line a person needs), else err.
func diskFullError(err error) error {
	if isDiskFull(err) {
		return ErrDiskFull
	}
	return err
}

// Writable returns nil when a small write could go through now, else ErrDiskFull: the disk is
// (nearly) full, or the vault was opened read-only because it was. For saying so where
// nothing is written (the household's status: every exchange fails then, and the failure
// itself cannot be recorded, F402).
func (v *Vault) Writable() error { return v.roomFor(0) }
