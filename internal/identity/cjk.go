package identity

import "carekeeper/internal/health"

// F561: one Japanese man imported from three files became three people, and nothing said
// they may be one: the clinic's "佐藤 健一" (with its kana reading サトウ ケンイチ), a home
// monitor's "佐藤健一" (no space: the usual way to write it) and the hospital's English copy's
// "Kenichi SATO". The names are read by health.SameCharacters and health.ReadingAgrees.

// nameSize is how full a name is, for Pairs to keep the fuller: its words, a Chinese,
// Japanese or Korean name written without a space counting as the family and given names it
// is ("佐藤和子" as full as "KAZUKO SATO": the one listed first is kept, not the kiosk's romaji
// for having a space).
func nameSize(name string) int {
	w := health.NameWords(name)
	if len(w) == 1 && health.CJKWords(w) && len([]rune(w[0])) > 1 {
		return 2
	}
	return len(w)
}
