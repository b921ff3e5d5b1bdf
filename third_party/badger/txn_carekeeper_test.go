package badger

import (
	"bytes"
	"fmt"
	"testing"
)

// CareKeeper's transaction writes: Set's and Delete's entries are cut from a slab, the pending
// writes are keyed by the entries' own key bytes, and the committed keys with their timestamps
// are cut from one allocation. Every key set, set twice, deleted or set after a delete within
// one transaction reads back as upstream's transaction wrote it, across slabs of every size,
// and a Set allocates less than one object on average (upstream: the entry and the map's key
// string, two for every Set).
func TestTxnWritesFromSlabs(t *testing.T) {
	opt := DefaultOptions(t.TempDir()).WithLogger(nil)
	db, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 1500 // more than one slab of the largest size
	key := func(i int) []byte { return []byte(fmt.Sprintf("key%05d", i)) }
	val := func(i, round int) []byte { return []byte(fmt.Sprintf("value %d of round %d", i, round)) }
	if err := db.Update(func(txn *Txn) error {
		for i := range n {
			if err := txn.Set(key(i), val(i, 1)); err != nil {
				return err
			}
		}
		for i := 0; i < n; i += 3 { // set again: the later value wins
			if err := txn.Set(key(i), val(i, 2)); err != nil {
				return err
			}
		}
		for i := 1; i < n; i += 3 { // deleted
			if err := txn.Delete(key(i)); err != nil {
				return err
			}
		}
		for i := 1; i < n; i += 6 { // set after its delete
			if err := txn.Set(key(i), val(i, 3)); err != nil {
				return err
			}
		}
		// The transaction reads its own writes.
		item, err := txn.Get(key(3))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if !bytes.Equal(v, val(3, 2)) {
				return fmt.Errorf("pending key 3: %q", v)
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	want := func(i int) []byte {
		switch {
		case i%3 == 0:
			return val(i, 2)
		case i%6 == 1:
			return val(i, 3)
		case i%3 == 1:
			return nil
		}
		return val(i, 1)
	}
	if err := db.View(func(txn *Txn) error {
		for i := range n {
			item, err := txn.Get(key(i))
			if w := want(i); w == nil {
				if err != ErrKeyNotFound {
					return fmt.Errorf("key %d: deleted, read %v", i, err)
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("key %d: %w", i, err)
			}
			if !bytes.Equal(item.Key(), key(i)) {
				return fmt.Errorf("key %d read as %q", i, item.Key())
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if !bytes.Equal(v, want(i)) {
				return fmt.Errorf("key %d: %q, want %q", i, v, want(i))
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	keys := make([][]byte, 256)
	for i := range keys {
		keys[i] = key(i)
	}
	txn := db.NewTransaction(true)
	defer txn.Discard()
	round := 0
	allocs := testing.AllocsPerRun(4, func() {
		round++
		for _, k := range keys {
			if err := txn.Set(append(k[:len(k):len(k)], byte(round)), k); err != nil {
				t.Fatal(err)
			}
		}
	})
	// The appended keys are 256 allocations a run, the map's growth a few more.
	if perSet := (allocs - float64(len(keys))) / float64(len(keys)); perSet >= 1 {
		t.Errorf("%.2f allocations a Set besides its key (upstream: 2)", perSet)
	}
}
