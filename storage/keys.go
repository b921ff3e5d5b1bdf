package storage

import "bytes"

// Key layout. Parts are separated by a zero byte, which cannot occur in FHIR ids, types or
// profile ids (the import rejects ids with control characters).
//
//	m 0 schema                                  -> schema version (decimal)
//	P 0 profile                                 -> Profile (JSON)
//	r 0 profile 0 date 0 source 0 type 0 id     -> envelope (meta + zstd resource); date is the
//	                                               main clinical date in UTC RFC 3339 or "", so a
//	                                               person's records are in timeline order
//	x 0 source 0 type 0 id                      -> profile 0 date (identity index)
//	y 0 profile 0 type 0 source 0 id            -> date           (type index)
//	c 0 profile 0 code 0 date 0 source 0 type 0 id -> ""          (result-series index, code is system|code)
//	i 0 type 0 system|value 0 source 0 id       -> profile        (identifier index)
//	u 0 fullUrl                                 -> source 0 type 0 id (fullUrl index)
//	t 0 profile 0 date 0 source 0 type 0 id     -> file, deleted time (timeline index: dated
//	                                               records only; schema 2)
//	j 0 journal                                 -> marker of a journaled write in progress
//	J 0 journal 0 seq                           -> undo entry
//	D 0 profile                                 -> marker: the person is deleted, their records
//	                                               are being removed (profiles.go)
//
// The shared profile "_" holds resources outside any patient's compartment (Organization,
// Practitioner, Location, Medication, ...), kept once for every profile that refers to them.
const sep = 0

// SharedProfile is the pseudo-profile of resources shared between people.
const SharedProfile = "_"

var (
	prefixSchema   = []byte("m\x00schema")
	prefixProfile  = []byte("P\x00")
	prefixRecord   = []byte("r\x00")
	prefixIdentity = []byte("x\x00")
	prefixType     = []byte("y\x00")
	prefixCode     = []byte("c\x00")
	prefixIdent    = []byte("i\x00")
	prefixFullURL  = []byte("u\x00")
	prefixJournal  = []byte("j\x00")
	prefixUndo     = []byte("J\x00")
	prefixState    = []byte("s\x00")
	prefixTimeline = []byte("t\x00")
	prefixDeleting = []byte("D\x00")
)

func key(prefix []byte, parts ...string) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p) + 1
	}
	k := make([]byte, 0, n)
	k = append(k, prefix...)
	for i, p := range parts {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

// prefixKey is key(...) followed by a separator, for prefix scans.
func prefixKey(prefix []byte, parts ...string) []byte {
	k := key(prefix, parts...)
	if len(parts) > 0 {
		k = append(k, sep)
	}
	return k
}

func splitKey(k, prefix []byte) []string {
	parts := bytes.Split(k[len(prefix):], []byte{sep})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}

// keySlab cuts keys from one allocation: keys made together (a record's index entries) that
// live as long as each other, until the write holding them commits. A key that does not fit
// what is left starts a new allocation.
type keySlab []byte

// room makes sure the slab has n bytes free, taking a new chunk of at least 16 KiB if not
// (a batch's records share one slab: writeRecord).
func (s *keySlab) room(n int) {
	if cap(*s)-len(*s) < n {
		*s = make([]byte, 0, max(n, 16<<10))
	}
}

// key is key(prefix, parts...) cut from the slab, with no room after it.
func (s *keySlab) key(prefix []byte, parts ...string) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p) + 1
	}
	if cap(*s)-len(*s) < n {
		*s = make([]byte, 0, max(n, 256))
	}
	b := *s
	start := len(b)
	b = append(b, prefix...)
	for i, p := range parts {
		if i > 0 {
			b = append(b, sep)
		}
		b = append(b, p...)
	}
	*s = b
	return b[start:len(b):len(b)]
}
