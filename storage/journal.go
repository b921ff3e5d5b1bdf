package storage

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// A journaled write makes a set of operations larger than one Badger transaction atomic.
//
//  1. One transaction writes the marker j/<jid>.
//  2. Chunk transactions each write, for every operation, an undo entry J/<jid>/<seq> holding the
//     key's previous value (or its absence) and then the operation itself.
//  3. One transaction deletes the marker: this is the commit point.
//  4. The undo entries are deleted (leftovers without a marker are swept at open).
//
// On open, a marker that is still there means the write was interrupted: its undo entries are
// replayed newest first, then the marker is deleted, leaving the vault exactly as before.
// Replaying is idempotent, so a crash during recovery is recovered at the next open.

type op struct {
	key, val []byte
	del      bool
}

type opList []op

func (l *opList) set(k, v []byte) { *l = append(*l, op{key: k, val: v}) }
func (l *opList) del(k []byte)    { *l = append(*l, op{key: k, del: true}) }

// chunkBytes bounds the bytes written per chunk transaction, well below Badger's
// per-transaction limit (15% of the memtable).
const chunkBytes = 1 << 20

const (
	undoAbsent  = 0
	undoPresent = 1
)

func encodeUndo(k []byte, old []byte, present bool) []byte {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(k)+len(old))
	if present {
		b = append(b, undoPresent)
	} else {
		b = append(b, undoAbsent)
	}
	b = binary.AppendUvarint(b, uint64(len(k)))
	b = append(b, k...)
	return append(b, old...)
}

func decodeUndo(b []byte) (k, old []byte, present bool, err error) {
	if len(b) < 2 || b[0] > undoPresent {
		return nil, nil, false, errors.New("damaged undo entry")
	}
	n, w := binary.Uvarint(b[1:])
	if w <= 0 || uint64(len(b)-1-w) < n {
		return nil, nil, false, errors.New("damaged undo entry")
	}
	k = b[1+w : 1+w+int(n)]
	return k, b[1+w+int(n):], b[0] == undoPresent, nil
}

func undoKey(jid string, seq uint64) []byte {
	k := key(prefixUndo, jid)
	k = append(k, sep)
	return binary.BigEndian.AppendUint64(k, seq)
}

func newJournalID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// testHookAfterChunk, when set by a test, runs after each chunk commit (crash simulation).
var testHookAfterChunk func(chunk int) error

func (v *Vault) applyJournaled(ctx context.Context, ops opList) error {
	jid, err := newJournalID()
	if err != nil {
		return fmt.Errorf("starting a write: %w", err)
	}
	marker := key(prefixJournal, jid)
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Set(marker, []byte{1}) }); err != nil {
		return fmt.Errorf("starting a write: %w", err)
	}
	var seq uint64
	chunk := 0
	for i := 0; i < len(ops); {
		if err := ctx.Err(); err != nil {
			return v.abort(jid, err)
		}
		txn := v.db.NewTransaction(true)
		size := 0
		for ; i < len(ops) && size < chunkBytes; i++ {
			o := ops[i]
			old, err := getValue(txn, o.key)
			present := err == nil
			if err != nil && !errors.Is(err, ErrNotFound) {
				txn.Discard()
				return v.abort(jid, err)
			}
			if err := txn.Set(undoKey(jid, seq), encodeUndo(o.key, old, present)); err != nil {
				txn.Discard()
				return v.abort(jid, fmt.Errorf("writing: %w", err))
			}
			seq++
			if o.del {
				err = txn.Delete(o.key)
			} else {
				err = txn.Set(o.key, o.val)
			}
			if err != nil {
				txn.Discard()
				return v.abort(jid, fmt.Errorf("writing: %w", err))
			}
			size += 2*len(o.key) + len(o.val) + len(old) + 32
		}
		if err := txn.Commit(); err != nil {
			return v.abort(jid, fmt.Errorf("writing: %w", err))
		}
		if testHookAfterChunk != nil {
			if err := testHookAfterChunk(chunk); err != nil {
				return err
			}
		}
		chunk++
	}
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Delete(marker) }); err != nil {
		return v.abort(jid, fmt.Errorf("committing: %w", err))
	}
	if err := v.db.Sync(); err != nil {
		return fmt.Errorf("syncing: %w", err)
	}
	if err := v.dropUndo(jid); err != nil {
		v.log.Warn("cleaning up after a write", "err", err)
	}
	return nil
}

// abort rolls back a journaled write that failed part way and returns cause.
func (v *Vault) abort(jid string, cause error) error {
	if err := v.rollback(jid); err != nil {
		return fmt.Errorf("%w (and rolling back failed: %v; it will be retried at the next open)", cause, err)
	}
	return cause
}

// rollback replays the undo entries of journal jid newest first and removes the journal.
func (v *Vault) rollback(jid string) error {
	pfx := prefixKey(prefixUndo, jid)
	for {
		// Collect a chunk of undo entries from the newest end.
		type undo struct {
			k, uk, old []byte
			present    bool
		}
		var batch []undo
		size := 0
		err := v.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx, Reverse: true, PrefetchValues: true})
			defer it.Close()
			seek := append(append([]byte{}, pfx...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
			for it.Seek(seek); it.Valid() && size < chunkBytes; it.Next() {
				val, err := it.Item().ValueCopy(nil)
				if err != nil {
					return err
				}
				k, old, present, err := decodeUndo(val)
				if err != nil {
					return err
				}
				batch = append(batch, undo{k: k, uk: it.Item().KeyCopy(nil), old: old, present: present})
				size += len(val) + 64
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		err = v.db.Update(func(txn *badger.Txn) error {
			for _, u := range batch {
				var err error
				if u.present {
					err = txn.Set(u.k, u.old)
				} else {
					err = txn.Delete(u.k)
				}
				if err == nil {
					err = txn.Delete(u.uk)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Delete(key(prefixJournal, jid)) }); err != nil {
		return err
	}
	return v.db.Sync()
}

// dropUndo deletes the undo entries of a committed journal.
func (v *Vault) dropUndo(jid string) error {
	return v.dropPrefix(prefixKey(prefixUndo, jid))
}

func (v *Vault) dropPrefix(pfx []byte) error {
	for {
		var keys [][]byte
		err := v.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
			defer it.Close()
			for it.Rewind(); it.Valid() && len(keys) < 10000; it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		if err := v.db.Update(func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
}

// recoverJournal rolls back interrupted writes and sweeps undo entries of committed ones.
func (v *Vault) recoverJournal() error {
	var pending []string
	all := map[string]bool{}
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixJournal})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			pending = append(pending, string(it.Item().Key()[len(prefixJournal):]))
		}
		it2 := txn.NewIterator(badger.IteratorOptions{Prefix: prefixUndo})
		defer it2.Close()
		for it2.Rewind(); it2.Valid(); it2.Next() {
			k := it2.Item().Key()[len(prefixUndo):]
			if i := indexByte(k, sep); i > 0 {
				all[string(k[:i])] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, jid := range pending {
		v.log.Warn("rolling back a write that was interrupted")
		if err := v.rollback(jid); err != nil {
			return err
		}
		delete(all, jid)
	}
	for jid := range all {
		if err := v.dropUndo(jid); err != nil {
			return err
		}
	}
	return nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
