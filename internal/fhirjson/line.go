package fhirjson

import (
	"errors"
	"unicode/utf8"
)

// LineParser parses the lines of an NDJSON file one at a time, exactly as ParseFile parses
// them in a file it takes for NDJSON, so that a large file need not be held whole: a caller
// reads it line by line (and may read a line again later by its offset).
//
// Its errors say only that a line is refused, not where or why in the file's terms: a
// caller that needs the file's own error (ParseFile's, with its line and column, and with
// invalid UTF-8 anywhere reported first) parses the file with ParseFile then.
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
