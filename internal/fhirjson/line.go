package fhirjson

import (
	"errors"
	"unicode/utf8"
)

// LineRefusal is why ParseFile refuses an NDJSON file for one of its lines, in the order of
// which comes first: a file with several bad lines is refused for its first invalid UTF-8
// (RefusedUTF8), else for the first line that is not one JSON object (RefusedSyntax), else for
// the first resource refused (RefusedResource: resourceType, JSON types, dates).
type LineRefusal uint8

// The kinds of LineRefusal, lowest first.
const (
	LineAccepted LineRefusal = iota
	RefusedResource
	RefusedSyntax
	RefusedUTF8
)

// Refusal is the error ParseFile gives an NDJSON file when its line n (1-based) is the line it
// is refused for, and the kind of that refusal (LineAccepted and nil for a line it accepts).
// line is the line's bytes as in the file (with or without its line ending), starting at byte
// off of the file; start is where its text starts (3 after a byte order mark opening the
// file, else 0). The file's first value (its first line that is not blank) is not judged
// here: ParseFile reads it before it knows the file is NDJSON, and one that is not one JSON
// object on its line makes the file something else (a pretty-printed Bundle).
func Refusal(line []byte, start, n int, off int64) (*Error, LineRefusal) {
	if !utf8.Valid(line) {
		i := invalidUTF8(line)
		return &Error{Offset: off + int64(i), Line: n, Column: i + 1, Msg: "not UTF-8", byteOff: true}, RefusedUTF8
	}
	at := func(e *Error) *Error {
		// line holds one line: its error is on its first line, the only one.
		e.Offset += off
		e.Line, e.Entry = n, n
		return e
	}
	p, recs, err := ndjsonSyntax(line, start)
	if err != nil {
		return at(err), RefusedSyntax
	}
	if _, err := ndjsonEntries(line, p, recs); err != nil {
		return at(err), RefusedResource
	}
	return nil, LineAccepted
}

// LineParser parses the lines of an NDJSON file one at a time, exactly as ParseFile parses
// them in a file it takes for NDJSON, so that a large file need not be held whole: a caller
// reads it line by line (and may read a line again later by its offset).
//
// Its errors say only that a line is refused, not where or why in the file's terms: a
// caller that needs the file's own error (ParseFile's, with its line and column) asks Refusal
// for each refused line and keeps the first of the highest kind (see LineRefusal).
type LineParser struct {
	p parser
	s summarizer
}

// ErrLine is the error of a line LineParser refuses.
var ErrLine = errors.New("the line is not an acceptable FHIR resource")

// Parse parses one line (with or without its line ending), numbered n (1-based, counting
// blank lines) and appends its resource, compact, to dst. A blank line gives ok false and
// no error. e.Resource is the resource appended (its capacity limited to its length) and
// e.Info its summary, whose strings share one allocation per line.
func (lp *LineParser) Parse(dst, line []byte, n int) (out []byte, e Entry, ok bool, err error) {
	if !utf8.Valid(line) {
		return dst, Entry{}, false, ErrLine
	}
	p := &lp.p
	*p = parser{in: line, out: dst}
	p.ws()
	if p.pos >= len(line) {
		return dst, Entry{}, false, nil
	}
	if line[p.pos] != '{' {
		return dst, Entry{}, false, ErrLine
	}
	a := p.outPos()
	if !p.object() {
		return dst, Entry{}, false, ErrLine
	}
	p.flush()
	for i := p.pos; i < len(line); i++ {
		if !wsTab[line[i]] {
			return dst, Entry{}, false, ErrLine
		}
	}
	if p.dup != nil {
		return dst, Entry{}, false, ErrLine
	}
	out = p.out
	p.in, p.out = nil, nil
	res := out[a:len(out):len(out)]
	if len(res) > maxResourceBytes {
		return dst, Entry{}, false, ErrLine
	}
	s := &lp.s
	s.begin()
	st := s.walk(res)
	e = Entry{Index: n, Resource: res}
	s.finish(&e.Info)
	if msg := st.check(e.Info.Type); msg != "" {
		return dst, Entry{}, false, ErrLine
	}
	if msg := checkTypes(e.Info.Type, res); msg != "" {
		return dst, Entry{}, false, ErrLine
	}
	return out, e, true, nil
}
