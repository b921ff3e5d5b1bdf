package storage

import (
	"bytes"
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
	// absent: the key is known not to be in the vault before this write, so its undo entry
	// says so without reading it. Only a new record's own keys are (newKeys).
	absent bool
}

type opList []op

func (l *opList) set(k, v []byte) { *l = append(*l, op{key: k, val: v}) }
func (l *opList) del(k []byte)    { *l = append(*l, op{key: k, del: true}) }

// setNew adds the write of a key known to be absent from the vault (see op.absent).
func (l *opList) setNew(k, v []byte) { *l = append(*l, op{key: k, val: v, absent: true}) }

// chunkBytes bounds the bytes written per chunk transaction, well below Badger's
// per-transaction limit (15% of the memtable), leaving room for the undo entry. A variable
// only so that a crash test can cut a small write into as many chunks as a large one (F434).
var chunkBytes = 768 << 10

// chunkLimits are the bytes and operations one chunk transaction may hold: chunkBytes, and
// never more than half of what Badger takes in one transaction (15% of the memtable, and as
// many entries as fit its arena's nodes): a vault opened with a small memtable (Options.Brief,
// then 4 MiB: 614 KiB and 6,553 entries) refused a large write's chunks with "Txn is too big".
// The other half is for the undo entry, which holds a key and the old value of each.
func (v *Vault) chunkLimits() (bytes, ops int) {
	return min(chunkBytes, int(v.db.MaxBatchSize()/2)), int(v.db.MaxBatchCount()/2) - 1
}

// An undo entry covers one chunk: for each operation, in order, a presence byte, the key, and
// the previous value.
func appendUndo(b, k, old []byte, present bool) []byte {
	if present {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(k)))
	b = append(b, k...)
	b = binary.AppendUvarint(b, uint64(len(old)))
	return append(b, old...)
}

type undo struct {
	key, old []byte
	present  bool
}

func decodeUndo(b []byte) ([]undo, error) {
	var out []undo
	for len(b) > 0 {
		if b[0] > 1 {
			return nil, errors.New("damaged undo entry")
		}
		u := undo{present: b[0] == 1}
		b = b[1:]
		for _, dst := range []*[]byte{&u.key, &u.old} {
			n, w := binary.Uvarint(b)
			if w <= 0 || uint64(len(b)-w) < n {
				return nil, errors.New("damaged undo entry")
			}
			*dst = b[w : w+int(n)]
			b = b[w+int(n):]
		}
		out = append(out, u)
	}
	return out, nil
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

// testHookUndoRead, when set by a test, is told of every key a journaled write reads for
// its undo entries.
var testHookUndoRead func(k []byte)

// testHookAfterChunk, when set by a test, runs after each chunk commit (crash simulation).
var testHookAfterChunk func(chunk int) error

// singleTxnBytes is how much a batch may write to go in one plain transaction, well under
// Badger's limit of 15% of the memtable.
var singleTxnBytes = 5 << 19 // a variable for the crash test only, as chunkBytes

func (ops opList) size() int {
	n := 0
	for _, o := range ops {
		n += len(o.key) + len(o.val) + 24
	}
	return n
}

// ErrTooLarge is returned for a record Badger cannot hold: an identifier, code or URL making
// a key longer than 65000 bytes, or a resource larger than a value-log file once compressed.
var ErrTooLarge = errors.New("too large to store")

// maxKeyBytes is Badger's limit on the length of a key.
const maxKeyBytes = 65000

// check refuses, naming nothing, what Badger would refuse with an error that dumps the data.
func (ops opList) check(maxValue int64) error {
	for _, o := range ops {
		if len(o.key) > maxKeyBytes {
			return fmt.Errorf("an identifier, code or URL is %w (over %d bytes)", ErrTooLarge, maxKeyBytes)
		}
		if int64(len(o.val)) > maxValue {
			return fmt.Errorf("a resource is %w (%d MiB compressed; at most %d MiB)", ErrTooLarge, len(o.val)>>20, maxValue>>20)
		}
	}
	return nil
}

// apply writes ops atomically: in one transaction when they fit, else through the journal.
func (v *Vault) apply(ctx context.Context, ops opList) error {
	if err := ops.check(v.db.Opts().ValueLogFileSize); err != nil {
		return err
	}
	if err := v.roomFor(ops.size()); err != nil {
		return err
	}
	if ops.size() <= singleTxnBytes && len(ops) < 20000 {
		err := v.db.Update(func(txn *badger.Txn) error {
			for _, o := range ops {
				var err error
				if o.del {
					err = txn.Delete(o.key)
				} else {
					err = txn.Set(o.key, o.val)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if !errors.Is(err, badger.ErrTxnTooBig) {
			if isDiskFull(err) {
				return ErrDiskFull
			}
			if err != nil {
				return fmt.Errorf("writing: %w", err)
			}
			v.compactIfQuiet()
			if ops.deletes() {
				v.gcSoon() // what it replaced or removed may be garbage in the value log
			}
			return nil
		}
	}
	return v.applyJournaled(ctx, ops)
}

// deletes reports whether the list deletes anything (a replaced record's old index keys too).
func (o opList) deletes() bool {
	for _, op := range o {
		if op.del {
			return true
		}
	}
	return false
}

func (v *Vault) applyJournaled(ctx context.Context, ops opList) error {
	defer v.gcSoon() // its undo entries are deleted, whatever happens
	j, err := v.beginJournal()
	if err != nil {
		return err
	}
	if err := j.write(ctx, ops); err != nil {
		return err
	}
	return j.commit()
}

// A journal is one journaled write in progress: its operations may be given in several parts
// (Vault.Write of a large batch builds and writes them part by part, so they are never all in
// memory), and are all or nothing until commit.
type journal struct {
	v      *Vault
	jid    string
	marker []byte
	seq    uint64
	chunk  int
}

// beginJournal writes the marker of a new journaled write.
func (v *Vault) beginJournal() (*journal, error) {
	jid, err := newJournalID()
	if err != nil {
		return nil, fmt.Errorf("starting a write: %w", err)
	}
	// A vault opened read-only (the disk under the reserve) or a disk that filled since: the
	// disk-full error, as every other write says it (F35: a large file's first part said
	// Badger's "No sets or deletes are allowed in a read-only transaction").
	if err := v.roomFor(0); err != nil {
		return nil, err
	}
	marker := key(prefixJournal, jid)
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Set(marker, []byte{1}) }); err != nil {
		if isDiskFull(err) {
			return nil, ErrDiskFull
		}
		return nil, fmt.Errorf("starting a write: %w", err)
	}
	return &journal{v: v, jid: jid, marker: marker}, nil
}

// write writes ops in chunk transactions, each with its undo entry. On an error the journal
// is rolled back (abort) and the error returned: the journal is then finished.
func (j *journal) write(ctx context.Context, ops opList) error {
	v := j.v
	jid := j.jid
	for i := 0; i < len(ops); {
		if err := ctx.Err(); err != nil {
			return v.abort(jid, err)
		}
		txn := v.db.NewTransaction(true)
		var undoBuf []byte
		size := 0
		start := i
		maxBytes, maxOps := v.chunkLimits()
		for ; i < len(ops) && size < maxBytes && i-start < maxOps; i++ {
			o := ops[i]
			var old []byte
			err := ErrNotFound
			if !o.absent {
				if testHookUndoRead != nil {
					testHookUndoRead(o.key)
				}
				old, err = getValue(txn, o.key)
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				txn.Discard()
				return v.abort(jid, err)
			}
			undoBuf = appendUndo(undoBuf, o.key, old, err == nil)
			size += 2*len(o.key) + len(o.val) + len(old) + 32
		}
		err := v.roomFor(size)
		if err == nil {
			err = txn.Set(undoKey(jid, j.seq), undoBuf)
		}
		j.seq++
		for _, o := range ops[start:i] {
			if err != nil {
				break
			}
			if o.del {
				err = txn.Delete(o.key)
			} else {
				err = txn.Set(o.key, o.val)
			}
		}
		if err == nil {
			err = txn.Commit()
		} else {
			txn.Discard()
		}
		if err != nil {
			if isDiskFull(err) {
				return v.abort(jid, ErrDiskFull)
			}
			return v.abort(jid, fmt.Errorf("writing: %w", err))
		}
		v.compactIfQuiet()
		v.afterBulk()
		if testHookAfterChunk != nil {
			if err := testHookAfterChunk(j.chunk); err != nil {
				return err
			}
		}
		j.chunk++
	}
	return nil
}

// commit deletes the marker (the commit point) and then the undo entries.
func (j *journal) commit() error {
	v := j.v
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Delete(j.marker) }); err != nil {
		return v.abort(j.jid, fmt.Errorf("committing: %w", err))
	}
	// No fsync here: after a power loss the marker may come back, and the write is then rolled
	// back at the next open; all or nothing either way. (Doses call Vault.Sync themselves.)
	if err := v.dropUndo(j.jid); err != nil {
		v.log.Warn("cleaning up after a write", "err", err)
	}
	return nil
}

// abort rolls back a journaled write that failed part way and returns cause. When the roll
// back fails too (on a full disk it needs a new memtable, whose space Badger cannot take), the
// next open rolls it back; until then the vault does not open at all on a disk still full
// (recoverJournal: a read-only open cannot undo it, and half a write is never shown), which is
// why a reading command after a large import the disk filled sometimes said the disk was full
// (F53). The person is told so in words; Badger's error (a file path) goes to the log only.
func (v *Vault) abort(jid string, cause error) error {
	if err := v.rollback(jid); err != nil {
		v.log.Warn("undoing an interrupted write failed: it is undone at the next open", "err", err)
		if errors.Is(cause, ErrDiskFull) {
			return fmt.Errorf("%w (what was written is undone once there is room; until then the vault cannot be opened)", cause)
		}
		return fmt.Errorf("%w (what was written is undone the next time the vault is opened)", cause)
	}
	return cause
}

// rollback replays the undo entries of journal jid newest first and removes the journal.
// Each undo entry is restored and deleted in one transaction, so a crash part way through
// leaves the remaining entries to be replayed at the next open.
func (v *Vault) rollback(jid string) error {
	pfx := prefixKey(prefixUndo, jid)
	for {
		var uk, val []byte
		err := v.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx, Reverse: true})
			defer it.Close()
			it.Seek(append(append([]byte{}, pfx...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
			if !it.Valid() {
				return nil
			}
			uk = it.Item().KeyCopy(nil)
			var err error
			val, err = it.Item().ValueCopy(nil)
			return err
		})
		if err != nil {
			return err
		}
		if uk == nil {
			break
		}
		undos, err := decodeUndo(val)
		if err != nil {
			return err
		}
		err = v.db.Update(func(txn *badger.Txn) error {
			for i := len(undos) - 1; i >= 0; i-- {
				u := undos[i]
				var err error
				if u.present {
					err = txn.Set(u.key, u.old)
				} else {
					err = txn.Delete(u.key)
				}
				if err != nil {
					return err
				}
			}
			return txn.Delete(uk)
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
			if i := bytes.IndexByte(k, sep); i > 0 {
				all[string(k[:i])] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if v.readOnly {
		if len(pending) > 0 {
			return ErrDiskFull // rolling back needs space
		}
		return nil // undo entries of finished writes are swept at a later open
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
