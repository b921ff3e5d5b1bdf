package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// sharedOnlyOf returns the ops that remove the shared records (SharedProfile) that only
// person's records refer to, directly or through other such records, and how many they are
// (F277: deleting Rex left his HIV medicine, clinic and clinic room behind as nobody's
// records, in every export and backup, on every device he was shared with). A shared record
// that another person's record refers to stays, and so does every shared record it refers to;
// a shared record that no one's record refers to (one imported on its own) is not the
// person's and stays. Run in the transaction that deletes the person, so the records go with
// the person or not at all; each device of a household works it out from what it holds.
func sharedOnlyOf(txn *badger.Txn, person string) (opList, int, error) {
	type shared struct {
		key  []byte
		meta Meta
	}
	cands := map[ID]*shared{}
	var queue []ID
	readMeta := func(it *badger.Item) (Meta, error) {
		var m Meta
		err := it.Value(func(env []byte) error {
			var err error
			m, _, err = decodeMeta(env)
			return err
		})
		if err != nil {
			return m, fmt.Errorf("reading a record: %w", err)
		}
		return m, nil
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixKey(prefixRecord, person)})
	for it.Rewind(); it.Valid(); it.Next() {
		m, err := readMeta(it.Item())
		if err != nil {
			it.Close()
			return nil, 0, err
		}
		queue = append(queue, m.Links...)
	}
	it.Close()
	for len(queue) > 0 {
		id := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if cands[id] != nil {
			continue
		}
		profile, date, err := locate(txn, id)
		if errors.Is(err, ErrNotFound) || (err == nil && profile != SharedProfile) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		k := recordKey(profile, date, id)
		item, err := txn.Get(k)
		if err != nil {
			return nil, 0, fmt.Errorf("reading a shared record: %w", err)
		}
		m, err := readMeta(item)
		if err != nil {
			return nil, 0, err
		}
		cands[id] = &shared{key: k, meta: m}
		queue = append(queue, m.Links...)
	}
	if len(cands) == 0 {
		return nil, 0, nil
	}

	// Every other record (another person's, or a shared one not among the candidates) keeps
	// what it refers to; a kept candidate keeps what it refers to in turn.
	kept := map[ID]bool{}
	it = txn.NewIterator(badger.IteratorOptions{Prefix: prefixRecord})
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		parts := splitKey(k, prefixRecord)
		if len(parts) != 5 || parts[0] == person {
			continue
		}
		if parts[0] == SharedProfile && cands[ID{parts[2], parts[3], parts[4]}] != nil {
			continue
		}
		m, err := readMeta(it.Item())
		if err != nil {
			it.Close()
			return nil, 0, err
		}
		for _, l := range m.Links {
			if cands[l] != nil && !kept[l] {
				kept[l] = true
				queue = append(queue, l)
			}
		}
	}
	it.Close()
	for len(queue) > 0 {
		id := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, l := range cands[id].meta.Links {
			if cands[l] != nil && !kept[l] {
				kept[l] = true
				queue = append(queue, l)
			}
		}
	}

	var ops opList
	n := 0
	for id, c := range cands {
		if kept[id] {
			continue
		}
		n++
		ops.del(c.key)
		delIndexes(txn, &ops, SharedProfile, id, &c.meta, false)
	}
	return ops, n, nil
}

// SharedOnlyOf counts the shared records that deleting the person would remove with them:
// those only their records refer to (for the question before a delete).
func (v *Vault) SharedOnlyOf(ctx context.Context, person string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := v.db.View(func(txn *badger.Txn) error {
		var err error
		_, n, err = sharedOnlyOf(txn, person)
		return err
	})
	return n, err
}
