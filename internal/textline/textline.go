// Package textline makes text from a record safe to show on one line: a name or a title a
// file chose may hold line breaks, terminal escapes and bidirectional overrides that would
// otherwise make a second line of the file's choosing, or reorder what is around it, in a
// heading, a notification or a terminal.
package textline

import (
	"strings"
	"unicode"
)

// Clean is s on one line: control characters (line breaks, tabs, escapes) and the line and
// paragraph separators as spaces, the bidi marks, embeddings, overrides and isolates left out, and runs of
// white space folded to one space, none at either end.
func Clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case IsInvisibleLayout(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsInvisibleLayout reports the characters that change how a line is laid out without being
// seen: LRM, RLM and ALM, the bidi embeddings, overrides and isolates, and the line and
// paragraph separators.
func IsInvisibleLayout(r rune) bool {
	switch {
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
