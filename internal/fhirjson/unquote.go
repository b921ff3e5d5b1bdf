package fhirjson

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// rawEquals reports whether the JSON string content raw (between the quotes,
// possibly with escapes) decodes to lit.
func rawEquals(raw []byte, lit string) bool {
	if string(raw) == lit {
		return true
	}
	if len(raw) <= len(lit) || bytes.IndexByte(raw, '\\') < 0 {
		return false
	}
	var buf [64]byte
	return string(appendUnquoted(buf[:0], raw)) == lit
}

// appendUnquoted appends the decoded JSON string content raw (between the
// quotes; already validated) to dst. Invalid surrogates decode to U+FFFD, as
// in encoding/json.
func appendUnquoted(dst, raw []byte) []byte {
	for {
		i := bytes.IndexByte(raw, '\\')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if len(raw) < 2 {
			return dst // cannot happen for validated input
		}
		switch c := raw[1]; c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(raw[2:])
			if !ok {
				return dst
			}
			n := 6
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(-1), false
				if len(raw) >= 12 && raw[6] == '\\' && raw[7] == 'u' {
					r2, ok2 = hex4(raw[8:])
				}
				if d := utf16.DecodeRune(r, r2); ok2 && d != utf8.RuneError {
					r, n = d, 12
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
			raw = raw[n:]
			continue
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
		raw = raw[2:]
	}
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
