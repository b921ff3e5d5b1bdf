package storage

import (
	"bytes"
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// ProfilesOf returns the profile holding each record ("" where there is none), in one read
// transaction.
func (v *Vault) ProfilesOf(ids []ID) ([]string, error) {
	l, err := v.Lookup(ids)
	if err != nil {
		return nil, err
	}
	return l.Profiles, nil
}

// A Lookup is what the vault held of some identities at one moment: the importer asks it of
// every record of a file to choose the identities it writes, then hands it to Write with the
// batch (Batch.Looked) so that Write does not look up again what it found missing.
type Lookup struct {
	IDs      []ID     // the identities asked
	Profiles []string // the profile holding each ("" where there is none)
	v        *Vault
	readTs   uint64 // Badger's read timestamp of the lookup: the vault as it was then
}

// Lookup finds the profile holding each record ("" where there is none) in one read
// transaction, and keeps when it looked.
func (v *Vault) Lookup(ids []ID) (*Lookup, error) {
	l := &Lookup{IDs: ids, Profiles: make([]string, len(ids)), v: v}
	err := v.db.View(func(txn *badger.Txn) error {
		l.readTs = txn.ReadTs()
		if len(ids) >= keyOrderRecords {
			return l.inKeyOrder(txn)
		}
		for i, id := range ids {
			p, _, err := locate(txn, id)
			switch {
			case err == nil:
				l.Profiles[i] = p
			case !errors.Is(err, badger.ErrKeyNotFound) && !errors.Is(err, ErrNotFound):
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// knownMissing returns, for each record of b, whether b.Looked found no holder of exactly
// its identity, when that answer still holds in txn: the Lookup is this vault's and nothing
// has been committed since it looked (the read timestamps are equal; every write of a
// record holds writeMu, which the caller holds, so the answer then holds for the whole
// write). Anything else (no Lookup, another vault's, a write since, indexes that do not
// name the record's identity) gives nil: every record is looked up.
func (v *Vault) knownMissing(txn *badger.Txn, b *Batch) []bool {
	l := b.Looked
	if l == nil || l.v != v || l.readTs != txn.ReadTs() || len(b.LookedAt) != len(b.Records) {
		return nil
	}
	missing := make([]bool, len(b.Records))
	for i, k := range b.LookedAt {
		if k >= 0 && int(k) < len(l.IDs) && l.IDs[k] == b.Records[i].ID && l.Profiles[k] == "" {
			missing[i] = true
		}
	}
	return missing
}

// inKeyOrder finds the holders of a large Lookup's identities walking their keys in order
// (walkKeys): one lookup per identity in the file's order read a table block per identity.
func (l *Lookup) inKeyOrder(txn *badger.Txn) error {
	s := &sortedKeys{}
	size := 0
	for _, id := range l.IDs {
		size += identityKeySize(id)
	}
	s.grow(len(l.IDs), size)
	for i, id := range l.IDs {
		s.addIdentity(i, id)
	}
	names := map[string]string{} // one string per profile
	return l.v.walkKeys(context.Background(), txn, s, func(i int, item *badger.Item) error {
		return item.Value(func(val []byte) error {
			p, _, ok := bytes.Cut(val, []byte{sep})
			if !ok {
				return errBadEnvelope
			}
			name, ok := names[string(p)]
			if !ok {
				name = string(p)
				names[name] = name
			}
			l.Profiles[i] = name
			return nil
		})
	})
}
