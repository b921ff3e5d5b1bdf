package fhirjson

import "bytes"

// keySet holds the keys of one object being parsed, to refuse a key that appears twice
// (RFC 8259 leaves the meaning of duplicates open: encoding/json keeps the last, other readers
// the first, so what one program shows could differ from what another stores). Keys are
// compared decoded ("a" and "\u0061" are the same key). Small objects compare spans in place;
// objects with many keys switch to a map.
type keySet struct {
	small [48]span
	esc   uint64 // bit i: small[i] has escapes
	n     int
	big   map[string]struct{}
}

// add records key k (an input span of the key's content) and reports whether it is new.
func (p *parser) addKey(s *keySet, k span) bool {
	raw := p.in[k.a:k.b]
	esc := bytes.IndexByte(raw, '\\') >= 0
	if s.big != nil {
		key := raw
		if esc {
			var buf [64]byte
			key = appendUnquoted(buf[:0], raw)
		}
		if _, dup := s.big[string(key)]; dup {
			return false
		}
		s.big[string(key)] = struct{}{}
		return true
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
	// Many keys: from now on a map of the decoded keys.
	s.big = make(map[string]struct{}, 2*len(s.small))
	var buf [64]byte
	for i := 0; i < s.n; i++ {
		s.big[string(appendUnquoted(buf[:0], p.in[s.small[i].a:s.small[i].b]))] = struct{}{}
	}
	s.big[string(appendUnquoted(buf[:0], raw))] = struct{}{}
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
