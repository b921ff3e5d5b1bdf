package sync

import (
	"hash/maphash"

	"carekeeper/storage"
)

// idIndex holds each entry's identity of a file and finds the first entry with an identity:
// a map of the identities' 64-bit hashes (about 20 bytes an entry) instead of one keyed by the
// identities themselves (about 75), for a file of 100,000 resources (F13). An identity whose
// hash an earlier, different identity has is kept in a map of its own.
type idIndex struct {
	seed     maphash.Seed
	ids      []storage.ID       // each entry's identity, in file order
	first    map[uint64]int32   // hash -> first entry with an identity of that hash
	other    map[storage.ID]int // first entry of an identity whose hash was taken
	distinct int
	testHash func(storage.ID) uint64 // a test's hash, to make collisions
}

func newIDIndex() *idIndex {
	return &idIndex{seed: maphash.MakeSeed(), first: map[uint64]int32{}}
}

func (x *idIndex) hash(id storage.ID) uint64 {
	if x.testHash != nil {
		return x.testHash(id)
	}
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteString(id.Source)
	h.WriteByte(0)
	h.WriteString(id.Type)
	h.WriteByte(0)
	h.WriteString(id.ID)
	return h.Sum64()
}

// add appends the next entry's identity.
func (x *idIndex) add(id storage.ID) {
	i := len(x.ids)
	x.ids = append(x.ids, id)
	h := x.hash(id)
	j, taken := x.first[h]
	switch {
	case !taken:
		x.first[h] = int32(i)
	case x.ids[j] == id:
		return // a later copy
	default:
		if x.other == nil {
			x.other = map[storage.ID]int{}
		}
		if _, dup := x.other[id]; dup {
			return
		}
		x.other[id] = i
	}
	x.distinct++
}

// get is the first entry with identity id.
func (x *idIndex) get(id storage.ID) (int, bool) {
	if j, ok := x.first[x.hash(id)]; ok && x.ids[j] == id {
		return int(j), true
	}
	j, ok := x.other[id]
	return j, ok
}

// unique reports that no identity is given twice.
func (x *idIndex) unique() bool { return x.distinct == len(x.ids) }

// clip drops the spare capacity of the identities (appended one by one).
func (x *idIndex) clip() { x.ids = append(make([]storage.ID, 0, len(x.ids)), x.ids...) }
