package fhirjson

import (
	"bytes"
	"hash/maphash"
)

// keySet holds the keys of one object being parsed, to refuse a key that appears twice
// (RFC 8259 leaves the meaning of duplicates open: encoding/json keeps the last, other readers
// the first, so what one program shows could differ from what another stores). Keys are
// compared decoded ("a" and "\u0061" are the same key). Small objects compare spans in place;
// objects with many keys switch to a map of the decoded keys' 64-bit hashes to where the key
// is in the input (16 bytes a key, no copy of it: a map of the keys themselves held ~100 bytes
// a key, and a hostile resource of one object with 2 million keys peaked at 277 MB, F84).
type keySet struct {
	small [48]span
	esc   uint64 // bit i: small[i] has escapes
	n     int
	big   map[uint64]keyRef   // hash of a decoded key -> the first key with that hash
	other map[string]struct{} // decoded keys whose hash an earlier, different key has
}

// keyRef is the input span of a key's content (a file is at most MaxFileBytes: 32 bits).
type keyRef struct{ a, b uint32 }

var keySeed = maphash.MakeSeed()

// keyHash is the hash of a decoded key (a variable for tests, to make every key collide).
var keyHash = func(key []byte) uint64 { return maphash.Bytes(keySeed, key) }

// add records key k (an input span of the key's content) and reports whether it is new.
func (p *parser) addKey(s *keySet, k span) bool {
	raw := p.in[k.a:k.b]
	esc := bytes.IndexByte(raw, '\\') >= 0
	if s.big != nil {
		return p.addBig(s, k, raw, esc)
	}
	for i := 0; i < s.n; i++ {
		o := s.small[i]
		other := p.in[o.a:o.b]
		if bytes.Equal(raw, other) {
			return false
		}
		if (esc || s.esc&(1<<i) != 0) && sameDecoded(raw, other) {
			return false
		}
	}
	if s.n < len(s.small) {
		s.small[s.n] = k
		if esc {
			s.esc |= 1 << s.n
		}
		s.n++
		return true
	}
	// Many keys: from now on the map (the small keys are all different).
	s.big = make(map[uint64]keyRef, 2*len(s.small))
	for i := 0; i < s.n; i++ {
		o := s.small[i]
		p.addBig(s, o, p.in[o.a:o.b], s.esc&(1<<i) != 0)
	}
	return p.addBig(s, k, raw, esc)
}

// maxObjectKeys bounds the members of one object: a FHIR element has at most a few hundred
// (an element and its "_element" twin per name), and a hostile object of millions of keys
// held the parser's map of them all (F84). Such a file is refused in one line.
const maxObjectKeys = 10000

// addBig is addKey for an object with many keys.
func (p *parser) addBig(s *keySet, k span, raw []byte, esc bool) bool {
	if len(s.big)+len(s.other) >= maxObjectKeys {
		p.manyKeys(k)
		return true // not kept: the file is refused
	}
	key := raw
	if esc {
		var buf [64]byte
		key = appendUnquoted(buf[:0], raw)
	}
	h := keyHash(key)
	o, seen := s.big[h]
	if !seen {
		s.big[h] = keyRef{uint32(k.a), uint32(k.b)}
		return true
	}
	if other := p.in[o.a:o.b]; bytes.Equal(raw, other) || sameDecoded(raw, other) {
		return false
	}
	// Another key with the same hash (almost never): kept by its decoded bytes.
	if _, dup := s.other[string(key)]; dup {
		return false
	}
	if s.other == nil {
		s.other = map[string]struct{}{}
	}
	s.other[string(key)] = struct{}{}
	return true
}

func sameDecoded(a, b []byte) bool {
	var x, y [64]byte
	return bytes.Equal(appendUnquoted(x[:0], a), appendUnquoted(y[:0], b))
}

// dupKey records the first key (input span k) that appears twice in its object. Parsing
// goes on, so that a syntax error anywhere in the file is reported first: a duplicate key is
// only reported for otherwise valid JSON. The key is named when it looks like an element name
// (FHIR element names are schema, not data); else only its position is given.
func (p *parser) dupKey(k span) {
	if p.dup != nil {
		return
	}
	msg := msgDupKey
	if name := p.in[k.a:k.b]; isElementName(name) {
		msg = msgDupKey + ` "` + string(name) + `"`
	}
	e := &Error{Offset: int64(k.a - 1), Msg: msg}
	if p.entry > 0 && p.entryCtx {
		e.Entry = p.entry
	}
	p.dup = e
}

// manyKeys records an object with more than maxObjectKeys members, as dupKey records a
// duplicate (reported once the JSON is known to be valid).
func (p *parser) manyKeys(k span) {
	if p.dup != nil {
		return
	}
	e := &Error{Offset: int64(k.a - 1), Msg: msgManyKeys}
	if p.entry > 0 && p.entryCtx {
		e.Entry = p.entry
	}
	p.dup = e
}

// isElementName reports whether b looks like a FHIR element name: a letter, then up to 63
// letters, digits or underscores.
func isElementName(b []byte) bool {
	if len(b) == 0 || len(b) > 64 {
		return false
	}
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return true
}
