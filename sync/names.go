package sync

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"carekeeper/internal/textline"
)

// MaxPersonName is the most characters of a record's name a person made from it is named by
// (Profile.Name, which every heading, list, notification and the app's person choices show).
// Real names are far shorter; a file or a portal gave a 3,000,000-character name, stored
// whole as the person's name and printed whole (F27).
const MaxPersonName = 200

// PersonName is the name a person made from a record is given: name on one line
// (textline.Clean) and, past MaxPersonName characters, cut there with "…" (never between a letter and its
// combining marks). cut reports that it was cut; the record keeps the name whole.
func PersonName(name string) (shown string, cut bool) {
	clean := textline.Clean(name)
	if utf8.RuneCountInString(clean) <= MaxPersonName {
		return clean, false
	}
	n, end := 0, len(clean)
	for i := range clean {
		if n == MaxPersonName-1 {
			end = i
			break
		}
		n++
	}
	// A letter and its combining marks (or a sequence joined by U+200D) are kept or cut
	// together: while the character at the cut is a mark, cut before the one it belongs to.
	for end > 0 {
		if r, _ := utf8.DecodeRuneInString(clean[end:]); !unicode.In(r, unicode.Mn, unicode.Me) && r != 0x200D {
			break
		}
		_, size := utf8.DecodeLastRuneInString(clean[:end])
		end -= size
	}
	return strings.TrimRight(clean[:end], " ") + "…", true
}
