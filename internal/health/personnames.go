package health

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The rules a person's name is read by, in one place: whether two names may be one person
// recorded twice (NamesOfOnePerson: the import's "may be the same person", the household's
// join and separate), and how a file's Patient compares with a person here (CompareIdentity,
// GivenNamesAgree: the import's question and the record-number check). Pure functions of the
// names: no vault, no records.

// NameWords are a name's words as two names of people are compared: lower case, without
// accents or punctuation ("J." is "j", "Mary-Jane" is "mary", "jane", "Łukasz" is "lukasz"),
// digits kept and an apostrophe joining ("O'Brien" is "obrien"), full- and half-width forms
// the letters they are (nameRunes: "ＳＡＴＯ" is "sato", "ｶｽﾞｺ" is "カズコ").
func NameWords(s string) []string {
	var b strings.Builder
	for _, r := range nameRunes(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			writeLetter(&b, r)
		case r == '\'' || r == '’':
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// nameRunes are a name's letters as compared: compatibility forms folded (NFKD: a kiosk's
// full-width "ＫＡＺＵＫＯ ＳＡＴＯ" is "KAZUKO SATO", half-width kana "ｶｽﾞｺ" is "カズコ") and
// accents taken off, but not the voicing marks of kana, which make another sound, not an
// accent: "カズコ" (Kazuko) is not "カスコ" (F561). A voicing mark is put back on its kana
// ("ス"+"゙" is "ズ"); one on nothing it can go on is dropped.
func nameRunes(s string) []rune {
	var out []rune
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r == '\u3099' || r == '\u309A': // the kana voicing marks, combining
			if n := len(out); n > 0 {
				if c := []rune(norm.NFC.String(string([]rune{out[n-1], r}))); len(c) == 1 {
					out[n-1] = c[0]
				}
			}
		case unicode.Is(unicode.Mn, r):
		default:
			out = append(out, r)
		}
	}
	return out
}

// plainLetters are letters with no accent to take off (Unicode gives them no decomposition)
// as a name written without them has them: a pharmacy's "LUKASZ WOJCIK" is Łukasz Wójcik, and
// was asked about as "one person by another name, or two (twins)?" (F550).
var plainLetters = map[rune]string{'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ŀ': "l", 'ŧ': "t", 'ŋ': "n", 'ĸ': "k"}

// writeLetter writes r in lower case as a name's words compare it (plainLetters).
func writeLetter(b *strings.Builder, r rune) {
	r = unicode.ToLower(r)
	if p, ok := plainLetters[r]; ok {
		b.WriteString(p)
		return
	}
	b.WriteRune(r)
}

// SplitName reads a name written as one string ("Sam J. Rivera"): the last word (NameWords) is
// the family name, the others given names. Both empty without a word.
func SplitName(s string) (given []string, family string) {
	w := NameWords(s)
	if len(w) == 0 {
		return nil, ""
	}
	return w[:len(w)-1], w[len(w)-1]
}

// SameNameWords reports whether two names are the same word for word, case, accents,
// punctuation and spacing ignored (NameWords). Two names without a word are not the same.
func SameNameWords(a, b string) bool {
	wa, wb := NameWords(a), NameWords(b)
	return len(wa) > 0 && slices.Equal(wa, wb)
}

// GivenPart reports whether two lists of given names differ only by names one leaves out of
// the other, the first the same: ["lily"] and ["lily","rose"]. The same lists are not "a
// part" (false).
func GivenPart(a, b []string) bool {
	if len(a) == len(b) || len(a) == 0 || len(b) == 0 || a[0] != b[0] {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	j := 0
	for _, w := range b {
		if j < len(a) && a[j] == w {
			j++
		}
	}
	return j == len(a)
}

// NamesOfOnePerson reports whether a and b may name one person recorded twice: the same words
// (case, accents, punctuation and spacing aside), or the same family name with given names one
// the other's with some left out, the first the same ("Lily Moreno" and "Lily Rose Moreno", as
// an import offers to join them). Twins' "Rose Lindqvist" and "Lily Lindqvist" do not (F464).
// A name missing on either side says nothing against it.
func NamesOfOnePerson(a, b string) bool {
	ga, fa := SplitName(a)
	gb, fb := SplitName(b)
	if fa == "" || fb == "" || SameNameWords(a, b) {
		return true
	}
	return fa == fb && GivenPart(ga, gb)
}

// CompareIdentity compares a file's Patient with the chosen person. A shared identifier
// means the same person whatever the name or the birth date says, but not both: another name
// and another birth date are someone else's, whatever identifier they share. Otherwise names are compared normalised
// (case, accents, punctuation and the digits test data appends are ignored; word order and
// extra given names do not matter: every word of the shorter name must be in the longer), and
// birth dates only when both are known.
func CompareIdentity(file, person Identity) Mismatch {
	m := compareNameAndBirth(file, person)
	if m.Name && m.Birth { // someone else, whatever identifier they share (a reused record number)
		return m
	}
	if SharesANumber(file.Identifiers, person.Identifiers) { // a placeholder SSN is no one's (F488)
		if m.Name && givenNamesDiffer(file.Name, person.Name) {
			// Rose's file with her twin Lily's record number (F459): the name says.
			return Mismatch{File: file, Person: person, Name: true}
		}
		return Mismatch{File: file, Person: person}
	}
	return m
}

// givenNamesDiffer reports whether two names written "Given … Family" have given names none
// of which is the other's (a word, or an initial of one): Rose Lindqvist and Lily Lindqvist.
// A name of one word, or written "Family, Given", says nothing (false), nor does a family
// name changed at marriage.
func givenNamesDiffer(a, b string) bool {
	given := func(s string) []string {
		if strings.Contains(s, ",") || s == UnnamedPerson {
			return nil
		}
		w := identityWords(s)
		if len(w) < 2 {
			return nil
		}
		return w[:len(w)-1]
	}
	ga, gb := given(a), given(b)
	return len(ga) > 0 && len(gb) > 0 && !GivenNamesAgree(ga, gb)
}

// GivenNamesAgree reports whether two lists of given names (lower-case words) share one: the
// same, an initial of the other, or its beginning ("j" and "james", "sam" and "samuel"). Rose
// and Lily do not (F459). The import's record-number check and the app's identity question
// read names by it alike.
func GivenNamesAgree(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if strings.HasPrefix(x, y) || strings.HasPrefix(y, x) {
				return true
			}
		}
	}
	return false
}

func compareNameAndBirth(file, person Identity) Mismatch {
	m := Mismatch{File: file, Person: person}
	fw, pw := identityWords(file.Name), identityWords(person.Name)
	if person.Name == UnnamedPerson {
		// Not a name to compare: importing a file into them names them (F74: "theo.json is
		// for Theo Okafor, not Unnamed person" was asked of the person waiting for Theo).
		pw = nil
	}
	if len(fw) > 0 && len(pw) > 0 && !sameLetters(fw, pw) {
		small, big := fw, pw
		if len(small) > len(big) {
			small, big = big, small
		}
		for _, w := range small {
			if !contains(big, w) {
				m.Name = true
				break
			}
		}
	}
	if m.Name && len(pw) > 0 && namesAlike(file, person) {
		m.Name = false
	}
	if file.BirthDate != "" && person.BirthDate != "" && !sameBirth(Day(file.BirthDate), Day(person.BirthDate)) {
		m.Birth = true
	}
	return m
}

// namesAlike reports whether a name of the file's Patient and one of the person (their name,
// or Names: a kana reading, the names their records give) are one person's written in other
// ways: the same words, the same characters with or without a space ("佐藤健一", "佐藤 健一"), or
// a kana reading and its romaji ("サトウ ケンイチ", "Kenichi SATO"). 'import --profile <佐藤 健一>'
// of the hospital's "Kenichi SATO" was refused as another name (F561).
func namesAlike(file, person Identity) bool {
	for _, x := range append([]string{file.Name}, file.Names...) {
		for _, y := range append([]string{person.Name}, person.Names...) {
			wx, wy := NameWords(x), NameWords(y)
			if len(wx) > 0 && slices.Equal(wx, wy) || SameCharacters(wx, wy) || ReadingAgrees(wx, wy) {
				return true
			}
		}
	}
	return false
}

// identityWords are a name's words as CompareIdentity reads them: lower case, without accents,
// punctuation or digits (the digits test data appends: "Ned123" is "ned"); an apostrophe
// parts words ("O'Brien" is "o", "brien").
func identityWords(name string) []string {
	var b strings.Builder
	for _, r := range nameRunes(name) {
		switch {
		case unicode.IsDigit(r):
		case unicode.IsLetter(r):
			writeLetter(&b, r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// sameLetters reports whether two names have the same letters, spaces and order aside: a
// Chinese, Japanese or Korean name is written without spaces, family name first ("王小明"),
// and was once joined as "小明 王".
func sameLetters(a, b []string) bool {
	ra, rb := []rune(strings.Join(a, "")), []rune(strings.Join(b, ""))
	slices.Sort(ra)
	slices.Sort(rb)
	return slices.Equal(ra, rb)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
