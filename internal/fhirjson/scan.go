package fhirjson

import (
	"encoding/binary"
	"math/bits"
)

// parser is a validating JSON scanner that also compacts its input: everything
// it accepts is appended to out without insignificant whitespace, byte for byte
// otherwise (the same result as json.Compact). Validity follows encoding/json
// (RFC 8259), except that UTF-8 validity is checked separately beforehand.
//
// Compaction works with "runs": in[run:pos] is input that has been accepted but
// not yet copied to out. Skipping whitespace flushes the run, so for input that
// is already compact the whole value is copied with a single append at the end.
type parser struct {
	in    []byte
	pos   int
	run   int
	out   []byte
	depth int

	err      *Error
	dup      *Error // the first duplicate key, reported once the JSON is known to be valid
	entry    int    // 1-based Bundle entry being parsed, for error context
	entryCtx bool   // whether syntax errors inside Bundle.entry are labelled with the entry

	entries []rawEntry // filled by topObject for Bundle.entry
}

// span is a half-open byte range; a==b==-1 means absent.
type span struct{ a, b int }

var noSpan = span{-1, -1}

func (s span) ok() bool { return s.a >= 0 }

// rawEntry is what topObject records about one element of Bundle.entry. String
// spans point into the input (content between the quotes); resource spans point
// into out.
type rawEntry struct {
	index                       int
	pos                         int // input offset of the entry value
	fullURL, method, url, ifNot span
	res                         span // out offsets of the compacted resource
	resPos                      int  // input offset of the resource value
	bad                         string
	badPos                      int
}

// topInfo is what topObject records about the top-level object.
type topInfo struct {
	rtState  int  // 0 absent, 1 string, 2 not a string
	rt       span // input span of resourceType's content
	typ      span // input span of Bundle.type's content
	entry    int  // 0 absent, 1 array, 2 not an array
	entryPos int
}

var wsTab = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// strStop marks bytes that end the fast path of string scanning.
var strStop = func() (t [256]bool) {
	for i := 0; i < 0x20; i++ {
		t[i] = true
	}
	t['"'] = true
	t['\\'] = true
	return
}()

func (p *parser) fail(pos int, msg string) bool {
	if p.err == nil {
		e := &Error{Offset: int64(pos), Msg: msg}
		if p.entry > 0 && p.entryCtx {
			e.Entry = p.entry
		}
		p.err = e
	}
	return false
}

// failAt reports msg, or end of input if pos is at the end.
func (p *parser) failAt(pos int, msg string) bool {
	if pos >= len(p.in) {
		return p.fail(pos, msgEOF)
	}
	return p.fail(pos, msg)
}

func (p *parser) peek() byte {
	if p.pos < len(p.in) {
		return p.in[p.pos]
	}
	return 0
}

// outPos is the offset in out that corresponds to input offset p.pos.
func (p *parser) outPos() int { return len(p.out) + p.pos - p.run }

// flush copies the pending run up to p.pos to out.
func (p *parser) flush() {
	p.out = append(p.out, p.in[p.run:p.pos]...)
	p.run = p.pos
}

// ws skips whitespace, flushing the pending run first if there is any.
func (p *parser) ws() {
	i := p.pos
	in := p.in
	if i >= len(in) || !wsTab[in[i]] {
		return
	}
	p.out = append(p.out, in[p.run:i]...)
	for i++; i < len(in); i++ {
		// Indentation: skip the spaces of 8 bytes at once.
		for i+8 <= len(in) {
			x := binary.LittleEndian.Uint64(in[i:]) ^ (swarLo * ' ')
			if x != 0 {
				i += bits.TrailingZeros64(x) >> 3 // the first byte that is not a space
				break
			}
			i += 8
		}
		if i >= len(in) || !wsTab[in[i]] {
			break
		}
	}
	p.pos = i
	p.run = i
}

func (p *parser) push() bool {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail(p.pos, msgTooDeep)
	}
	return true
}

// value parses any JSON value at p.pos (whitespace already skipped).
func (p *parser) value() bool {
	if p.pos >= len(p.in) {
		return p.fail(p.pos, msgEOF)
	}
	switch c := p.in[p.pos]; {
	case c == '"':
		return p.str()
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.lit("true")
	case c == 'f':
		return p.lit("false")
	case c == 'n':
		return p.lit("null")
	}
	return p.fail(p.pos, msgBadChar)
}

func (p *parser) lit(word string) bool {
	in := p.in
	i := p.pos
	for k := 0; k < len(word); k++ {
		if i+k >= len(in) {
			return p.fail(i+k, msgEOF)
		}
		if in[i+k] != word[k] {
			return p.fail(i+k, msgBadLiteral)
		}
	}
	p.pos = i + len(word)
	return true
}

func (p *parser) number() bool {
	in := p.in
	i := p.pos
	if in[i] == '-' {
		i++
	}
	if i >= len(in) {
		return p.fail(i, msgEOF)
	}
	switch c := in[i]; {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		for i++; i < len(in) && in[i] >= '0' && in[i] <= '9'; i++ {
		}
	default:
		return p.fail(i, msgBadNumber)
	}
	if i < len(in) && in[i] == '.' {
		i++
		if i >= len(in) {
			return p.fail(i, msgEOF)
		}
		if in[i] < '0' || in[i] > '9' {
			return p.fail(i, msgBadNumber)
		}
		for i++; i < len(in) && in[i] >= '0' && in[i] <= '9'; i++ {
		}
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if i >= len(in) {
			return p.fail(i, msgEOF)
		}
		if in[i] < '0' || in[i] > '9' {
			return p.fail(i, msgBadNumber)
		}
		for i++; i < len(in) && in[i] >= '0' && in[i] <= '9'; i++ {
		}
	}
	p.pos = i
	return true
}

const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

// strStops flags (the high bit of) each of the 8 bytes of x (little-endian: the first byte
// lowest) that may be '"', '\\' or a control character (< 0x20). A byte can be flagged
// falsely only above a byte flagged rightly (a borrow carries upward), so the lowest flag
// is always a real stop; no stop is missed.
func strStops(x uint64) uint64 {
	ctl := (x - swarLo*0x20) &^ x
	q := x ^ (swarLo * '"')
	q = (q - swarLo) &^ q
	b := x ^ (swarLo * '\\')
	b = (b - swarLo) &^ b
	return (ctl | q | b) & swarHi
}

// str parses a string at p.pos (which holds the opening quote).
func (p *parser) str() bool {
	in := p.in
	i := p.pos + 1
	for {
		for i+8 <= len(in) {
			if m := strStops(binary.LittleEndian.Uint64(in[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3 // the first stop: the lowest flag is never false
				goto stop
			}
			i += 8
		}
		for i < len(in) && !strStop[in[i]] {
			i++
		}
	stop:
		if i >= len(in) {
			return p.fail(i, msgEOF)
		}
		switch c := in[i]; {
		case c == '"':
			p.pos = i + 1
			return true
		case c == '\\':
			if i+1 >= len(in) {
				return p.fail(i+1, msgEOF)
			}
			switch in[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := i + 2; k < i+6; k++ {
					if k >= len(in) {
						return p.fail(k, msgEOF)
					}
					if !isHex(in[k]) {
						return p.fail(k, msgBadEscape)
					}
				}
				i += 6
			default:
				return p.fail(i+1, msgBadEscape)
			}
		default:
			return p.fail(i, msgCtlInString)
		}
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// key parses an object key and the following colon, leaving p.pos at the value.
// It returns the input span of the key's content.
func (p *parser) key() (span, bool) {
	if p.peek() != '"' {
		return span{}, p.failAt(p.pos, msgExpectKey)
	}
	a := p.pos + 1
	if !p.str() {
		return span{}, false
	}
	k := span{a, p.pos - 1}
	p.ws()
	if p.peek() != ':' {
		return span{}, p.failAt(p.pos, msgExpectColon)
	}
	p.pos++
	p.ws()
	return k, true
}

// next consumes the separator after an object member (or array element):
// it returns more=true after ',' and more=false after the closing byte.
func (p *parser) next(end byte) (more, ok bool) {
	p.ws()
	switch p.peek() {
	case ',':
		p.pos++
		p.ws()
		return true, true
	case end:
		p.pos++
		p.depth--
		return false, true
	}
	if end == '}' {
		return false, p.failAt(p.pos, msgExpectObjEnd)
	}
	return false, p.failAt(p.pos, msgExpectArrEnd)
}

// open consumes '{' or '[' and following whitespace; empty=true if the
// container is empty (and then also consumes its end).
func (p *parser) open(end byte) (empty, ok bool) {
	if !p.push() {
		return false, false
	}
	p.pos++
	p.ws()
	if p.peek() == end {
		p.pos++
		p.depth--
		return true, true
	}
	return false, true
}

func (p *parser) object() bool {
	empty, ok := p.open('}')
	if !ok || empty {
		return ok
	}
	var keys keySet
	for {
		k, ok := p.key()
		if !ok {
			return false
		}
		if !p.addKey(&keys, k) {
			p.dupKey(k)
		}
		if !p.value() {
			return false
		}
		more, ok := p.next('}')
		if !ok || !more {
			return ok
		}
	}
}

func (p *parser) array() bool {
	empty, ok := p.open(']')
	if !ok || empty {
		return ok
	}
	for {
		if !p.value() {
			return false
		}
		more, ok := p.next(']')
		if !ok || !more {
			return ok
		}
	}
}

// keyIs reports whether the key with input span k equals lit, decoding escapes
// if there are any.
func (p *parser) keyIs(k span, lit string) bool {
	return rawEquals(p.in[k.a:k.b], lit)
}

// strValue parses a string value if there is one and returns its content span;
// for any other value it parses it and returns noSpan.
func (p *parser) strValue() (span, bool) {
	if p.peek() != '"' {
		return noSpan, p.value()
	}
	a := p.pos + 1
	if !p.str() {
		return noSpan, false
	}
	return span{a, p.pos - 1}, true
}

// topObject parses the top-level object, recording resourceType, Bundle.type and
// Bundle.entry[] details (the object is not yet known to be a Bundle: the
// recorded entries are only used if it is).
func (p *parser) topObject(t *topInfo) bool {
	p.entryCtx = true
	empty, ok := p.open('}')
	if !ok || empty {
		return ok
	}
	var keys keySet
	for {
		k, ok := p.key()
		if !ok {
			return false
		}
		if !p.addKey(&keys, k) {
			p.dupKey(k)
		}
		switch {
		case p.keyIs(k, "resourceType"):
			sp, ok := p.strValue()
			if !ok {
				return false
			}
			if sp.ok() {
				t.rtState, t.rt = 1, sp
				p.entryCtx = rawEquals(p.in[sp.a:sp.b], "Bundle")
			} else {
				t.rtState, t.rt = 2, noSpan
			}
		case p.keyIs(k, "type"):
			sp, ok := p.strValue()
			if !ok {
				return false
			}
			t.typ = sp
		case p.keyIs(k, "entry"):
			t.entryPos = p.pos
			if p.peek() == '[' {
				t.entry = 1
				p.entries = p.entries[:0]
				if !p.entryArray() {
					return false
				}
			} else {
				t.entry = 2
				if !p.value() {
					return false
				}
			}
		default:
			if !p.value() {
				return false
			}
		}
		more, ok := p.next('}')
		if !ok || !more {
			return ok
		}
	}
}

func (p *parser) entryArray() bool {
	empty, ok := p.open(']')
	if !ok || empty {
		return ok
	}
	for idx := 1; ; idx++ {
		p.entry = idx
		e := rawEntry{index: idx, pos: p.pos, fullURL: noSpan, method: noSpan, url: noSpan, ifNot: noSpan, res: noSpan}
		if p.peek() == '{' {
			if !p.entryObject(&e) {
				return false
			}
		} else {
			e.bad, e.badPos = msgEntryNotObject, p.pos
			if !p.value() {
				return false
			}
		}
		p.entries = append(p.entries, e)
		p.entry = 0
		more, ok := p.next(']')
		if !ok || !more {
			return ok
		}
	}
}

func (p *parser) entryObject(e *rawEntry) bool {
	empty, ok := p.open('}')
	if !ok || empty {
		return ok
	}
	var keys keySet
	for {
		k, ok := p.key()
		if !ok {
			return false
		}
		if !p.addKey(&keys, k) {
			p.dupKey(k)
		}
		switch {
		case p.keyIs(k, "resource"):
			e.resPos = p.pos
			if p.peek() == '{' {
				a := p.outPos()
				// Nesting is counted per resource, from the resource's own braces, so a
				// resource nests the same in any file: alone, in a Bundle (as in an export) or
				// on an NDJSON line.
				depth := p.depth
				p.depth = 0
				if !p.object() {
					return false
				}
				p.depth = depth
				e.res = span{a, p.outPos()}
			} else {
				e.res = noSpan
				if e.bad == "" {
					e.bad, e.badPos = msgResNotObject, p.pos
				}
				if !p.value() {
					return false
				}
			}
		case p.keyIs(k, "fullUrl"):
			if e.fullURL, ok = p.strValue(); !ok {
				return false
			}
		case p.keyIs(k, "request"):
			if p.peek() == '{' {
				if !p.requestObject(e) {
					return false
				}
			} else if !p.value() {
				return false
			}
		default:
			if !p.value() {
				return false
			}
		}
		more, ok := p.next('}')
		if !ok || !more {
			return ok
		}
	}
}

func (p *parser) requestObject(e *rawEntry) bool {
	empty, ok := p.open('}')
	if !ok || empty {
		return ok
	}
	var keys keySet
	for {
		k, ok := p.key()
		if !ok {
			return false
		}
		if !p.addKey(&keys, k) {
			p.dupKey(k)
		}
		var dst *span
		switch {
		case p.keyIs(k, "method"):
			dst = &e.method
		case p.keyIs(k, "url"):
			dst = &e.url
		case p.keyIs(k, "ifNoneExist"):
			dst = &e.ifNot
		}
		if dst != nil {
			if *dst, ok = p.strValue(); !ok {
				return false
			}
		} else if !p.value() {
			return false
		}
		more, ok := p.next('}')
		if !ok || !more {
			return ok
		}
	}
}
