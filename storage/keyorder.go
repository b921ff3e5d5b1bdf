package storage

import (
	"bytes"
	"context"
	"errors"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"carekeeper/internal/fhirjson"
)

// keyOrderRecords is the number of records from which Write first finds the stored copies of
// a batch's records in key order (unchangedInKeyOrder) rather than one lookup per record in
// the batch's order. A variable for tests.
//
// A file's order is not the vault's key order, so one lookup per record read a different
// 64 KiB table block each time, two per record (its identity, then its record), each
// decompressed anew: the block cache (16 MiB) holds a fraction of a 100,000-resource vault.
// A re-import of such a file that changed nothing cost more CPU and memory than the import
// (F61). Walking the keys in order reads each block once.
var keyOrderRecords = 1000

// keyOrderSkip is how many keys a key-order walk steps over before it seeks instead: a seek
// reads its block again, a step within a block does not.
const keyOrderSkip = 32

// sortedKeys are keys cut from one buffer, each with the index of the record it is for.
type sortedKeys struct {
	buf  []byte
	ends []int32 // key n is buf[ends[n-1]:ends[n]]
	recs []int32 // the record of key n
}

// grow makes room for n more keys of about size bytes in all.
func (s *sortedKeys) grow(n, size int) {
	s.buf = slices.Grow(s.buf, size)
	s.ends = slices.Grow(s.ends, n)
	s.recs = slices.Grow(s.recs, n)
}

// identityKeySize is the length of id's identity key.
func identityKeySize(id ID) int {
	return len(prefixIdentity) + len(id.Source) + len(id.Type) + len(id.ID) + 2
}

// addIdentity adds the identity key of id, for record rec.
func (s *sortedKeys) addIdentity(rec int, id ID) {
	s.buf = appendID(append(s.buf, prefixIdentity...), id)
	s.end(rec)
}

// addRecord adds the record key of id in profile at date, for record rec.
func (s *sortedKeys) addRecord(rec int, profile, date []byte, id ID) {
	s.buf = append(append(s.buf, prefixRecord...), profile...)
	s.buf = append(append(append(s.buf, sep), date...), sep)
	s.buf = appendID(s.buf, id)
	s.end(rec)
}

// appendID appends the identity's part of a key: source, type and id.
func appendID(b []byte, id ID) []byte {
	b = append(append(b, id.Source...), sep)
	b = append(append(b, id.Type...), sep)
	return append(b, id.ID...)
}

func (s *sortedKeys) end(rec int) {
	s.ends = append(s.ends, int32(len(s.buf)))
	s.recs = append(s.recs, int32(rec))
}

func (s *sortedKeys) key(n int) []byte {
	a := int32(0)
	if n > 0 {
		a = s.ends[n-1]
	}
	return s.buf[a:s.ends[n]]
}

// order returns the positions of the keys in key order.
func (s *sortedKeys) order() []int32 {
	ord := make([]int32, len(s.ends))
	for n := range ord {
		ord[n] = int32(n)
	}
	slices.SortFunc(ord, func(a, b int32) int { return bytes.Compare(s.key(int(a)), s.key(int(b))) })
	return ord
}

// walk visits, in key order, the keys of s the vault holds, with their items. It steps
// through the keys between two of them when they are few (the blocks read stay in use) and
// seeks past many. Unless the last key it sought was held, it asks the database for a key
// before seeking it (txn.Get, which the tables' bloom filters answer for a key they do not
// hold without reading a block) and passes over a key the vault does not hold without a seek.
// A seek reads a block of every level, decompressed: a new import's identities, scoped to a
// person the vault holds ~100,000 records of, cost one such seek each (16 µs a resource at
// 100,000, a third of the import; docs/footprint.md); asking first costs a held key a lookup
// more, so while the keys sought are held (a re-import) the walk seeks without asking. The
// first key is sought: when the vault holds no key from it on, as for a new file's
// identities, that one seek ends the walk.
//
// The table pages the walk maps are given back as it goes (resident.go), as a scan's are: a
// walk through a 100,000-resource vault's records maps most of its tables.
func (v *Vault) walkKeys(ctx context.Context, txn *badger.Txn, s *sortedKeys, visit func(rec int, item *badger.Item) error) error {
	ord := s.order()
	if len(ord) == 0 {
		return nil
	}
	first, last := s.key(int(ord[0])), s.key(int(ord[len(ord)-1]))
	n := 0
	for n < len(first) && n < len(last) && first[n] == last[n] {
		n++
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: slices.Clone(first[:n])})
	defer it.Close()
	from := first // where the walk was at the last release
	defer func() { v.maps.releaseRange(from, last) }()
	it.Seek(first)
	behind := false // the iterator is far before the key
	ask := true     // ask for the key before seeking it: the last key sought was not held
	for c, o := range ord {
		if c%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		k := s.key(int(o))
		if c > 0 && c%releaseEvery == 0 {
			v.maps.releaseRange(from, k)
			from = k
		}
		for step := 0; !behind && it.Valid() && bytes.Compare(it.Item().Key(), k) < 0; step++ {
			if step == keyOrderSkip {
				behind = true
				break
			}
			it.Next()
		}
		sought := behind
		if behind {
			if ask {
				switch _, err := txn.Get(k); {
				case errors.Is(err, badger.ErrKeyNotFound):
					continue // the iterator stays where it is
				case err != nil:
					return err
				}
			}
			it.Seek(k)
			behind = false
		}
		if !it.Valid() {
			return nil // every key left is past the vault's last
		}
		item := it.Item()
		held := bytes.Equal(item.Key(), k)
		if sought {
			ask = !held
		}
		if held {
			if err := visit(int(s.recs[o]), item); err != nil {
				return err
			}
		}
	}
	return nil
}

// unchangedInKeyOrder finds which records of kept (indexes in b) the vault holds exactly as
// given, reading their identities and then their stored copies in key order, and counts them
// unchanged in res. It returns the records left to write, and which of those the vault does
// not hold at all (to be written without a lookup: missing, extended). It decides as
// writeRecord does, on the metadata alone: no stored resource is decompressed.
func (v *Vault) unchangedInKeyOrder(ctx context.Context, txn *badger.Txn, b *Batch, kept []int, missing []bool, res *Result) ([]int, []bool, error) {
	idOf := func(i int) ID {
		if b.Lazy != nil {
			id, _ := b.Lazy.Key(i)
			return id
		}
		return b.Records[i].ID
	}
	look := kept
	if missing != nil {
		look = slices.DeleteFunc(slices.Clone(kept), func(i int) bool { return missing[i] })
	}
	s := &sortedKeys{}
	size := 0
	for _, i := range look {
		size += identityKeySize(idOf(i))
	}
	s.grow(len(look), size)
	for _, i := range look {
		s.addIdentity(i, idOf(i))
	}
	// Every record looked up is missing until its identity is found.
	found := make([]bool, b.size())
	recKeys := &sortedKeys{}
	// A record key is its identity key less the prefix, with its profile and date before:
	// about a quarter longer.
	recKeys.grow(len(look), size+size/4)
	err := v.walkKeys(ctx, txn, s, func(i int, item *badger.Item) error {
		return item.Value(func(val []byte) error {
			profile, date, ok := bytes.Cut(val, []byte{sep})
			if !ok {
				return errBadEnvelope
			}
			found[i] = true
			recKeys.addRecord(i, profile, date, idOf(i))
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	unchanged := make([]bool, b.size())
	err = v.walkKeys(ctx, txn, recKeys, func(i int, item *badger.Item) error {
		return item.Value(func(env []byte) error {
			old, _, err := decodeMeta(env)
			if err != nil {
				return err
			}
			unchanged[i] = v.storedAsGiven(b, i, &old)
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	if missing == nil {
		missing = make([]bool, b.size())
	}
	left := kept[:0:0]
	for _, i := range kept {
		switch {
		case unchanged[i]:
			res.Unchanged++
			continue
		case !missing[i] && !found[i]:
			missing[i] = true
		}
		left = append(left, i)
	}
	return left, missing, nil
}

// storedAsGiven reports whether record i of b is stored as old says exactly as the batch
// gives it: writeRecord would count it unchanged and write nothing.
func (v *Vault) storedAsGiven(b *Batch, i int, old *Meta) bool {
	if b.Lazy != nil {
		_, hash := b.Lazy.Key(i)
		// A lazy record has no card mark and is not deleted (LazyRecords).
		return bytes.Equal(old.Hash, hash) && old.Deleted.IsZero() &&
			samePrecision(old.Precision, b.Lazy.Precision(i))
	}
	r := &b.Records[i].Meta
	return bytes.Equal(old.Hash, r.Hash) && old.Deleted.Equal(r.Deleted) &&
		(r.Card == nil || sameMark(old.Card, r.Card)) && samePrecision(old.Precision, r.Precision) &&
		sameHome(old.Home, r.Home)
}

// sameHome reports that a record stored with the home mark old (Meta.Home), given again with
// given, need not be written again for it: a record stored before the mark was kept gets it.
// (A lazy record is judged without it: a large file imported again leaves it as stored.)
func sameHome(old, given bool) bool { return old || !given }

// samePrecision reports that a record stored with precision old, given again with given,
// need not be written again for it.
func samePrecision(old, given fhirjson.Precision) bool {
	return old == given || given == fhirjson.PrecisionUnknown
}
