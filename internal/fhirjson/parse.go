package fhirjson

import (
	"bytes"
	"unicode/utf8"
)

const (
	// MaxFileBytes is the largest input ParseFile accepts and the largest output
	// Decompress produces.
	MaxFileBytes = 512 << 20
	// MaxDepth is the deepest nesting of JSON objects and arrays accepted in one resource,
	// counting the resource's own braces as the first level (so a resource nests the same
	// alone, in a Bundle and on an NDJSON line).
	MaxDepth = 100
	// MaxResourceBytes is the largest single resource accepted (its compact JSON).
	MaxResourceBytes = 32 << 20
)

// maxFileBytes and maxResourceBytes are MaxFileBytes and MaxResourceBytes; tests lower them.
var (
	maxFileBytes     = MaxFileBytes
	maxResourceBytes = MaxResourceBytes
)

// Kind is the shape of an input file.
type Kind int

const (
	KindBundle   Kind = iota + 1 // a Bundle (of any type), unpacked into its entries
	KindResource                 // a single resource that is not a Bundle
	KindNDJSON                   // newline-delimited JSON, one resource per line
)

func (k Kind) String() string {
	switch k {
	case KindBundle:
		return "Bundle"
	case KindResource:
		return "resource"
	case KindNDJSON:
		return "NDJSON"
	}
	return "unknown"
}

// File is a parsed input file.
type File struct {
	Kind       Kind
	BundleType string // Bundle.type for bundles ("" if absent or not a string)
	// Entries in file order. Bundle entries without a resource (e.g. DELETE or
	// GET requests, responses without a body) are not included but counted in
	// Skipped.
	Entries []Entry
	Skipped int
	// Deletes are the skipped entries of a Bundle whose request is a DELETE (a history
	// Bundle's record of a deletion): their entry number, fullUrl and request url.
	Deletes []Entry
}

// Entry is one resource of a file.
type Entry struct {
	// Index is the 1-based Bundle entry number (counting skipped entries too) or
	// the 1-based NDJSON line number; 0 for a single-resource file.
	Index       int
	FullURL     string // Bundle.entry.fullUrl, "" if none
	Method      string // entry.request.method, "" if none
	RequestURL  string // entry.request.url
	IfNoneExist string // entry.request.ifNoneExist
	// Resource is the resource with insignificant whitespace removed (as by
	// json.Compact); every other byte is kept verbatim. All entries of a file
	// share one backing array (about the size of the input, kept alive while
	// any entry is), in ranges that do not overlap; capacity is limited to the
	// length. So appending to it or overwriting it in place (e.g. encrypting
	// in place) changes no other entry, and never Info, whose strings are copies.
	Resource []byte
	Info     Info
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseFile parses a FHIR R4 JSON file (already decompressed, see Decompress):
//   - a Bundle of any type (transaction, batch, collection, searchset, document,
//     history, message, *-response) is unpacked into its entries; a Bundle that
//     is itself an entry resource is kept as a resource;
//   - a single resource of any R4 type;
//   - NDJSON: one resource per non-empty line. A file is taken as NDJSON when
//     its first JSON value ends on the line it starts on and more data follows
//     on a later line (a pretty-printed value followed by more data is an
//     error). Lines may end in CRLF; blank lines are skipped but counted in
//     Entry.Index. A Bundle on an NDJSON line is kept as a resource.
//
// A leading UTF-8 byte order mark is ignored. ParseFile rejects: empty input,
// input larger than MaxFileBytes, invalid UTF-8 anywhere, invalid JSON, data
// after the JSON value, a resource nested deeper than MaxDepth or larger than
// MaxResourceBytes, a value that is not an
// object, a missing or non-string resourceType, a resourceType that is not an
// R4 type (in any resource or entry), a Bundle whose entry is not an array or
// has an element that is not an object or whose resource is not an object.
// a key that appears twice in one object (compared decoded), and an element
// CareKeeper reads whose JSON type is wrong (see CheckTypes). All errors are *Error.
//
// Each Entry's Info is filled (as Summarize would), so callers need not call
// Summarize again.
func ParseFile(data []byte) (*File, error) {
	if len(data) > maxFileBytes {
		return nil, &Error{Msg: msgTooLarge}
	}
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		e := &Error{Offset: int64(off), Msg: "not UTF-8", byteOff: true}
		e.setPos(data)
		return nil, e
	}
	start := 0
	if bytes.HasPrefix(data, utf8BOM) {
		start = len(utf8BOM)
	}
	p := &parser{in: data, pos: start, run: start, out: make([]byte, 0, len(data)-start)}
	p.ws()
	if p.pos >= len(data) {
		return nil, newErr(data, p.pos, 0, false, msgEmpty)
	}
	first := p.pos
	if data[first] != '{' {
		if !p.value() {
			return nil, p.error(data, 0, false)
		}
		return nil, newErr(data, first, 0, false, notObject(data[first]))
	}
	var t topInfo
	t.rt, t.typ = noSpan, noSpan
	outStart := p.outPos()
	if !p.topObject(&t) {
		return nil, p.error(data, 0, false)
	}
	end := p.pos
	p.flush()
	outEnd := len(p.out)

	i, nl := end, false
	for i < len(data) && wsTab[data[i]] {
		if data[i] == '\n' {
			nl = true
		}
		i++
	}
	if i < len(data) {
		if nl && bytes.IndexByte(data[first:end], '\n') < 0 {
			return parseNDJSON(data, start)
		}
		return nil, newErr(data, i, 0, false, msgTrailing)
	}
	// A JSON file that is no FHIR at all (a vendor's map of ids) is told so before its size.
	if p.dup != nil && (p.dup.Msg != msgManyKeys || t.rtState == 1) {
		p.err = p.dup
		return nil, p.error(data, 0, false)
	}

	switch t.rtState {
	case 0:
		return nil, newErr(data, first, 0, false, msgNoType)
	case 2:
		return nil, newErr(data, first, 0, false, msgTypeNotString)
	}
	if !rawEquals(data[t.rt.a:t.rt.b], "Bundle") {
		// A single resource.
		var s summarizer
		s.begin()
		st := s.walk(p.out[outStart:outEnd])
		if outEnd-outStart > maxResourceBytes {
			return nil, newErr(data, first, 0, false, msgResourceTooLarge)
		}
		e := Entry{Resource: p.out[outStart:outEnd:outEnd]}
		s.finish(&e.Info)
		if msg := st.check(e.Info.Type); msg != "" {
			return nil, newErr(data, first, 0, false, msg)
		}
		if msg := checkTypes(e.Info.Type, e.Resource); msg != "" {
			return nil, newErr(data, first, 0, false, msg)
		}
		return &File{Kind: KindResource, Entries: []Entry{e}}, nil
	}

	f := &File{Kind: KindBundle}
	if t.typ.ok() {
		f.BundleType = string(appendUnquoted(nil, data[t.typ.a:t.typ.b]))
	}
	if t.entry == 2 {
		return nil, newErr(data, t.entryPos, 0, false, msgEntryNotArray)
	}
	f.Entries = make([]Entry, 0, len(p.entries))
	s := summarizer{chunk: arenaChunk(len(p.entries))}
	for k := range p.entries {
		re := &p.entries[k]
		if re.bad != "" {
			return nil, newErr(data, re.badPos, re.index, false, re.bad)
		}
		if !re.res.ok() {
			f.Skipped++
			if re.method.ok() && rawEquals(data[re.method.a:re.method.b], "DELETE") {
				s.begin()
				fu, u := s.addRaw(data, re.fullURL), s.addRaw(data, re.url)
				s.strv = string(s.scratch)
				f.Deletes = append(f.Deletes, Entry{Index: re.index, FullURL: s.get(fu), Method: "DELETE", RequestURL: s.get(u)})
			}
			continue
		}
		res := p.out[re.res.a:re.res.b:re.res.b]
		if len(res) > maxResourceBytes {
			return nil, newErr(data, re.resPos, re.index, false, msgResourceTooLarge)
		}
		s.begin()
		fu := s.addRaw(data, re.fullURL)
		u := s.addRaw(data, re.url)
		ine := s.addRaw(data, re.ifNot)
		method, methodConst := noSpan, ""
		if re.method.ok() {
			if methodConst = internMethod(data[re.method.a:re.method.b]); methodConst == "" {
				method = s.addRaw(data, re.method)
			}
		}
		st := s.walk(res)
		e := Entry{Index: re.index, Resource: res}
		s.finish(&e.Info)
		if msg := st.check(e.Info.Type); msg != "" {
			return nil, newErr(data, re.resPos, re.index, false, msg)
		}
		if msg := checkTypes(e.Info.Type, res); msg != "" {
			return nil, newErr(data, re.resPos, re.index, false, msg)
		}
		e.FullURL, e.RequestURL, e.IfNoneExist = s.get(fu), s.get(u), s.get(ine)
		e.Method = methodConst
		if method.ok() {
			e.Method = s.get(method)
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

func internMethod(raw []byte) string {
	for _, m := range [...]string{"POST", "PUT", "GET", "DELETE", "PATCH", "HEAD"} {
		if string(raw) == m {
			return m
		}
	}
	return ""
}

// error returns the parser's error with its position filled in.
func (p *parser) error(data []byte, entry int, ndjson bool) *Error {
	e := p.err
	if e == nil { // cannot happen; be safe
		e = &Error{Offset: int64(p.pos), Msg: msgBadChar}
	}
	if entry > 0 {
		e.Entry = entry
	}
	e.ndjson = ndjson
	e.setPos(data)
	return e
}

func parseNDJSON(data []byte, start int) (*File, error) {
	p, recs, err := ndjsonSyntax(data, start)
	if err != nil {
		return nil, err
	}
	f, err := ndjsonEntries(data, p, recs)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ndjsonRec is where one NDJSON line's resource is: its line, the offset of its value in the
// input and its compact bytes in the parser's output.
type ndjsonRec struct {
	line, pos int
	res       span
}

// ndjsonSyntax reads every line of data (from start) as one JSON object: the first line that
// is not (invalid JSON, not an object, data after it, a key twice) is the error.
func ndjsonSyntax(data []byte, start int) (*parser, []ndjsonRec, *Error) {
	p := &parser{out: make([]byte, 0, len(data)-start)}
	var recs []ndjsonRec
	line := 0
	for pos := start; pos < len(data); {
		line++
		end, next := len(data), len(data)
		if nl := bytes.IndexByte(data[pos:], '\n'); nl >= 0 {
			end, next = pos+nl, pos+nl+1
		}
		p.in, p.pos, p.run, p.depth = data[:end], pos, pos, 0
		p.ws()
		if p.pos >= end {
			pos = next
			continue
		}
		vpos := p.pos
		if data[vpos] != '{' {
			if !p.value() {
				return nil, nil, p.error(data, line, true)
			}
			return nil, nil, newErr(data, vpos, line, true, msgNotObject)
		}
		a := p.outPos()
		if !p.object() {
			return nil, nil, p.error(data, line, true)
		}
		p.flush()
		for i := p.pos; i < end; i++ {
			if !wsTab[data[i]] {
				return nil, nil, newErr(data, i, line, true, msgTrailing)
			}
		}
		if p.dup != nil {
			p.err = p.dup
			return nil, nil, p.error(data, line, true)
		}
		recs = append(recs, ndjsonRec{line, vpos, span{a, len(p.out)}})
		pos = next
	}
	return p, recs, nil
}

// arenaChunk is how many elements the Info slices (references, identifiers, codes) of a file
// of n resources are cut from at a time (summarizer.chunk): 256 for many resources, a few for
// a few. A Bundle of one entry (each entry of a large Bundle is parsed alone, three times, by
// sync's entry-by-entry reader) allocated and cleared about 28 KB of them for its handful of
// references and codes.
func arenaChunk(n int) int { return min(256, 4*n) }

// ndjsonEntries summarizes and checks the resources ndjsonSyntax read: the first one refused
// (too large, its resourceType, a wrong JSON type, a date naming no real day) is the error.
func ndjsonEntries(data []byte, p *parser, recs []ndjsonRec) (*File, *Error) {
	f := &File{Kind: KindNDJSON, Entries: make([]Entry, 0, len(recs))}
	s := summarizer{chunk: arenaChunk(len(recs))}
	for _, r := range recs {
		res := p.out[r.res.a:r.res.b:r.res.b]
		if len(res) > maxResourceBytes {
			return nil, newErr(data, r.pos, r.line, true, msgResourceTooLarge)
		}
		s.begin()
		st := s.walk(res)
		e := Entry{Index: r.line, Resource: res}
		s.finish(&e.Info)
		if msg := st.check(e.Info.Type); msg != "" {
			return nil, newErr(data, r.pos, r.line, true, msg)
		}
		if msg := checkTypes(e.Info.Type, res); msg != "" {
			return nil, newErr(data, r.pos, r.line, true, msg)
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
