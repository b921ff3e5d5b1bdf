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
// s is returned as it is when it fits. It reads no further into s than the cut: a
// 3,000,000-character name costs what a short one does.
func Fit(s string, cols int) string {
	n, cut := 0, -1
	for i, r := range s {
		w := DisplayWidth(string(r))
		if cut < 0 && n+w > cols-1 {
			cut = i
		}
		if n += w; n > cols {
			return s[:cut] + "…"
		}
	}
	return s
}

// MaxHeadingCols is the widest a person's name is shown as a heading (the CLI's 'today',
// 'medicines', 'results'; the app's headings and lines): any real name fits; a
// 3,000,000-character one from a file is cut with "…" (F27). Aligned columns and choices cut
// sooner (MaxNameCols).
const MaxHeadingCols = 120
