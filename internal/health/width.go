package health

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// MaxNameCols is the widest a person's name is shown where a long one would push what comes
// after it away: aligned listings (profile list, reminders, plans) and the app's person
// choices. A 600-character name would widen a terminal's columns or a drop-down past the
// window. The whole name stays where the person's details are (--json, the People screen).
const MaxNameCols = 40

// DisplayWidth is how many columns s takes on a terminal: two for an East Asian wide or
// fullwidth character (日本語, ＡＢ), none for a combining mark or a format character (the
// accent of a decomposed é, a zero-width joiner), one for the rest.
func DisplayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf { // ASCII: one column
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Fit shortens s to at most cols columns (DisplayWidth), ending it with "…" when it is cut;
// s is returned as it is when it fits.
func Fit(s string, cols int) string {
	if DisplayWidth(s) <= cols {
		return s
	}
	n := 0
	for i, r := range s {
		w := DisplayWidth(string(r))
		if n+w > cols-1 {
			return s[:i] + "…"
		}
		n += w
	}
	return s
}
