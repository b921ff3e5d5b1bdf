package health

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A Japanese person's records may give the reading of their name in kana beside its kanji
// (HumanName with the representation SYL: 佐藤 健一 read サトウ ケンイチ), and a hospital's English
// copy writes the name in romaji ("Kenichi SATO"). KanaRomaji reads the kana in modified
// Hepburn romaji, and RomajiKey folds the spellings one reading is written in, for the two to
// be compared (F561). A small fixed table: names, not Japanese text.

// kanaSounds are the katakana and their romaji (modified Hepburn). Hiragana are read as the
// katakana they are written as (KanaRomaji). The small kana, ッ, ン and ー are read by KanaRomaji.
var kanaSounds = map[rune]string{
	'ア': "a", 'イ': "i", 'ウ': "u", 'エ': "e", 'オ': "o",
	'カ': "ka", 'キ': "ki", 'ク': "ku", 'ケ': "ke", 'コ': "ko",
	'ガ': "ga", 'ギ': "gi", 'グ': "gu", 'ゲ': "ge", 'ゴ': "go",
	'サ': "sa", 'シ': "shi", 'ス': "su", 'セ': "se", 'ソ': "so",
	'ザ': "za", 'ジ': "ji", 'ズ': "zu", 'ゼ': "ze", 'ゾ': "zo",
	'タ': "ta", 'チ': "chi", 'ツ': "tsu", 'テ': "te", 'ト': "to",
	'ダ': "da", 'ヂ': "ji", 'ヅ': "zu", 'デ': "de", 'ド': "do",
	'ナ': "na", 'ニ': "ni", 'ヌ': "nu", 'ネ': "ne", 'ノ': "no",
	'ハ': "ha", 'ヒ': "hi", 'フ': "fu", 'ヘ': "he", 'ホ': "ho",
	'バ': "ba", 'ビ': "bi", 'ブ': "bu", 'ベ': "be", 'ボ': "bo",
	'パ': "pa", 'ピ': "pi", 'プ': "pu", 'ペ': "pe", 'ポ': "po",
	'マ': "ma", 'ミ': "mi", 'ム': "mu", 'メ': "me", 'モ': "mo",
	'ヤ': "ya", 'ユ': "yu", 'ヨ': "yo",
	'ラ': "ra", 'リ': "ri", 'ル': "ru", 'レ': "re", 'ロ': "ro",
	'ワ': "wa", 'ヰ': "i", 'ヱ': "e", 'ヲ': "o", 'ン': "n",
	'ヴ': "vu", 'ヷ': "va", 'ヸ': "vi", 'ヹ': "ve", 'ヺ': "vo",
	'ヵ': "ka", 'ヶ': "ke", 'ヮ': "wa",
}

// KanaRomaji is a word written in kana (hiragana or katakana, full-width: NameWords folds
// half-width kana) in modified Hepburn romaji, lower case: "サトウ" is "satou", "けんいち"
// "kenichi", "キョウコ" "kyouko", "ハットリ" "hattori", "ジュンイチロウ" "junichirou". Long vowels
// are written as the kana write them (RomajiKey folds them). ok is false for a word with
// anything but kana (kanji, Latin letters) or none.
func KanaRomaji(word string) (romaji string, ok bool) {
	var syl []string // the romaji of each kana read so far
	double := false  // a small tsu: the next sound's consonant is doubled
	var prev rune    // the kana of the last sound (for an iteration mark)
	add := func(s string) {
		if double {
			switch {
			case strings.HasPrefix(s, "ch"):
				s = "t" + s
			case s != "" && !isVowel(s[0]):
				s = s[:1] + s
			}
			double = false
		}
		syl = append(syl, s)
	}
	for _, r := range word {
		if r >= 'ぁ' && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ' {
			r += 'ァ' - 'ぁ' // the katakana of a hiragana
		}
		n := len(syl)
		last := ""
		if n > 0 {
			last = syl[n-1]
		}
		switch r {
		case 'ッ':
			double = true
		case 'ー': // a long vowel: the last one again (after ン, nothing)
			if last != "" && isVowel(last[len(last)-1]) {
				syl = append(syl, last[len(last)-1:])
			}
		case 'ャ', 'ュ', 'ョ': // a sound of the kana before it: キャ kya, シャ sha, チョ cho, ジュ ju
			v := map[rune]string{'ャ': "a", 'ュ': "u", 'ョ': "o"}[r]
			switch {
			case len(last) < 2 || !isVowel(last[len(last)-1]):
				add("y" + v)
			case strings.HasSuffix(last, "shi") || strings.HasSuffix(last, "chi") || last == "ji":
				syl[n-1] = last[:len(last)-1] + v
			default:
				syl[n-1] = last[:len(last)-1] + "y" + v
			}
		case 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ': // a vowel of the kana before it: ファ fa, ティ ti, ウィ wi, イェ ye
			v := map[rune]string{'ァ': "a", 'ィ': "i", 'ゥ': "u", 'ェ': "e", 'ォ': "o"}[r]
			switch {
			case last == "u":
				syl[n-1] = "w" + v
			case last == "i":
				syl[n-1] = "y" + v
			case len(last) >= 2 && isVowel(last[len(last)-1]):
				syl[n-1] = last[:len(last)-1] + v
			default:
				add(v)
			}
		case 'ヽ', 'ヾ': // the kana before it again (ヾ voiced): みすゞ is Misuzu
			k := prev
			if k == 0 {
				return "", false
			}
			if r == 'ヾ' {
				c := []rune(norm.NFC.String(string([]rune{k, '\u3099'})))
				if len(c) != 1 {
					return "", false
				}
				k = c[0]
			}
			s, found := kanaSounds[k]
			if !found {
				return "", false
			}
			add(s)
		default:
			s, found := kanaSounds[r]
			if !found {
				return "", false
			}
			add(s)
			prev = r
		}
	}
	romaji = strings.Join(syl, "")
	return romaji, romaji != ""
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// RomajiKey is a romaji name (lower case ASCII letters: NameWords takes off the macron of
// "Satō") folded so the spellings of one reading are one: a long vowel written twice, "ou",
// or "oh" before a consonant is one vowel ("Satou", "Satoo", "Satoh", "Sato"; "Yuuko", "Yuko";
// "Ohno", "Ono"), and an m before b, m or p is the n it is in modified Hepburn ("Homma",
// "Honma"; "Namba", "Nanba"). Used only to compare two spellings, never shown.
func RomajiKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'm' && i+1 < len(s) && strings.IndexByte("bmp", s[i+1]) >= 0 {
			c = 'n'
		}
		b.WriteByte(c)
		if !isVowel(c) {
			continue
		}
		for i+1 < len(s) && (s[i+1] == c || c == 'o' && s[i+1] == 'u') {
			i++
		}
		if c == 'o' && i+1 < len(s) && s[i+1] == 'h' && (i+2 == len(s) || !isVowel(s[i+2]) && s[i+2] != 'y') {
			i++
		}
	}
	return b.String()
}

// Two names of one person written in other ways (F561): the same characters with or without a
// space, a kana reading and its romaji. identity.NamesAgree says they may be one person;
// CompareIdentity does not call them different names. Both read NameWords.

// SameCharacters reports whether two names written in Chinese, Japanese or Korean characters
// (kanji, kana, hangul) are the same characters, spaces aside, the family name first: such a
// name is written family name first without a space ("佐藤健一" is 佐藤 and 健一), a record's
// family and given names are read given name first ("健一 佐藤"), its text as written ("佐藤
// 健一"). Another character is another name (佐藤健一 and 佐藤健二, twins, or 佐藤健一郎).
func SameCharacters(wa, wb []string) bool {
	if len(wa) < 2 && len(wb) < 2 || !CJKWords(wa) || !CJKWords(wb) {
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

// CJKWords reports whether every letter of the words is a Chinese, Japanese or Korean one
// (some words, each of them so).
func CJKWords(w []string) bool {
	for _, x := range w {
		for _, r := range x {
			if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) && r != 'ー' {
				return false
			}
		}
	}
	return len(w) > 0
}

// ReadingAgrees reports whether a name in kana (a record's reading of a Japanese name: "サトウ
// ケンイチ") is, in modified Hepburn romaji (KanaRomaji), the other name, in romaji or in
// kana, family or given name first, case and the spelling of long vowels aside
// (RomajiKey: "Satou", "Sato", "Satō", "Satoh" are one): "Kenichi SATO", "SATO
// Kenichi". One name of one word says too little ("Sato"); a name of kanji is not read.
func ReadingAgrees(wa, wb []string) bool {
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
			if RomajiKey(x) == RomajiKey(y) {
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
		if r, ok := KanaRomaji(x); ok {
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

// KanaWords reports whether every letter of the words is a kana (hiragana, katakana, the long
// vowel mark): a name written as it sounds, as a Japanese name's reading is (some words, each
// of them so). NameWords has folded half-width kana.
func KanaWords(w []string) bool {
	for _, x := range w {
		for _, r := range x {
			if !unicode.In(r, unicode.Hiragana, unicode.Katakana) && r != 'ー' {
				return false
			}
		}
	}
	return len(w) > 0
}
