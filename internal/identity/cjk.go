package identity

import (
	"strings"
	"unicode"

	"carekeeper/internal/health"
)

// F561: one Japanese man imported from three files became three people, and nothing said
// they may be one: the clinic's "佐藤 健一" (with its kana reading サトウ ケンイチ), a home
// monitor's "佐藤健一" (no space: the usual way to write it) and the hospital's English copy's
// "Kenichi SATO".

// sameCharacters reports whether two names written in Chinese, Japanese or Korean characters
// (kanji, kana, hangul) are the same characters, spaces aside, the family name first: such a
// name is written family name first without a space ("佐藤健一" is 佐藤 and 健一), a record's
// family and given names are read given name first ("健一 佐藤"), its text as written ("佐藤
// 健一"). Another character is another name (佐藤健一 and 佐藤健二, twins, or 佐藤健一郎).
func sameCharacters(wa, wb []string) bool {
	if len(wa) < 2 && len(wb) < 2 || !allCJK(wa) || !allCJK(wb) {
		return false
	}
	for _, x := range familyFirst(wa) {
		for _, y := range familyFirst(wb) {
			if x == y {
				return true
			}
		}
	}
	return false
}

// familyFirst are a name's words written together as written and, of two words or more, with
// the last (the family name of a name read given name first) first.
func familyFirst(w []string) []string {
	out := []string{strings.Join(w, "")}
	if len(w) > 1 {
		out = append(out, w[len(w)-1]+strings.Join(w[:len(w)-1], ""))
	}
	return out
}

// nameSize is how full a name is, for Pairs to keep the fuller: its words, a Chinese,
// Japanese or Korean name written without a space counting as the family and given names it
// is ("佐藤和子" as full as "KAZUKO SATO": the one listed first is kept, not the kiosk's romaji
// for having a space).
func nameSize(name string) int {
	w := health.NameWords(name)
	if len(w) == 1 && allCJK(w) && len([]rune(w[0])) > 1 {
		return 2
	}
	return len(w)
}

// allCJK reports whether every letter of the words is a Chinese, Japanese or Korean one
// (some words, each of them so).
func allCJK(w []string) bool {
	for _, x := range w {
		for _, r := range x {
			if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) && r != 'ー' {
				return false
			}
		}
	}
	return len(w) > 0
}

// readingAgrees reports whether a name in kana (a record's reading of a Japanese name: "サトウ
// ケンイチ") is, in modified Hepburn romaji (health.KanaRomaji), the other name, in romaji or in
// kana, family or given name first, case and the spelling of long vowels aside
// (health.RomajiKey: "Satou", "Sato", "Satō", "Satoh" are one): "Kenichi SATO", "SATO
// Kenichi". One name of one word says too little ("Sato"); a name of kanji is not read.
func readingAgrees(wa, wb []string) bool {
	if len(wa) < 2 && len(wb) < 2 {
		return false
	}
	ra, kanaA := romajiWords(wa)
	rb, kanaB := romajiWords(wb)
	if ra == nil || rb == nil || !kanaA && !kanaB {
		return false
	}
	for _, x := range familyFirst(ra) {
		for _, y := range familyFirst(rb) {
			if health.RomajiKey(x) == health.RomajiKey(y) {
				return true
			}
		}
	}
	return false
}

// romajiWords are a name's words in romaji: kana read (kana true), Latin letters as they are;
// nil for a name with any other word (kanji, digits, another script).
func romajiWords(w []string) (out []string, kana bool) {
	for _, x := range w {
		if r, ok := health.KanaRomaji(x); ok {
			out = append(out, r)
			kana = true
			continue
		}
		for i := 0; i < len(x); i++ {
			if x[i] < 'a' || x[i] > 'z' {
				return nil, false
			}
		}
		out = append(out, x)
	}
	return out, kana
}
