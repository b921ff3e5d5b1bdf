// Package identity says which two people of the vault may be one person recorded twice, for
// CareKeeper to say so and offer to join them. It never joins anyone: two people can have one
// name and birth date (F122), so a person decides. Pure: it reads what it is given, no vault.
//
// "Lucía Herrera Martín" from one portal and "Lucia Herrera" from another (the second surname
// left out, no accent), born the same day, became two people each reminded of the same insulin,
// and nothing said they may be one (F513).
package identity

import (
	"slices"
	"strings"

	"carekeeper/internal/health"
	"carekeeper/internal/ssn"
)

// Person is what the rule reads of a person of the vault.
type Person struct {
	ID    string
	Name  string   // the name the vault shows ("Lucía Herrera Martín")
	Names []string // other names their records give, each "Given … Family" (may be empty)
	// Readings are the names their records give as the name sounds, not as written: a Japanese
	// name's kana reading beside its kanji ("ケンイチ サトウ" of 佐藤 健一), each "Given … Family".
	Readings  []string
	BirthDate string // YYYY-MM-DD; without one, nobody is said to be them
	// Sexes are the sexes their records give ("female", "male", "other"); "unknown" and ""
	// say nothing.
	Sexes []string
	// Identifiers are their record numbers, each "system|value".
	Identifiers []string
}

// MayBeOne reports whether a and b may be one person recorded twice:
//
//   - the same birth date, both known;
//   - no sex of one that differs from a sex of the other;
//   - no real identifier against it: a record number of one system on both sides with no
//     value in common is two people. A US social security number no one can have
//     (000-00-0000, ssn.Placeholder) identifies nobody and says nothing;
//   - names that agree (NamesAgree): one name's words, accents and case aside, are the
//     other's with some left out — a second surname, a middle name — or an initial for a word
//     ("Lucia Herrera" and "Lucía Herrera Martín", "Lily Moreno" and "Lily Rose Moreno",
//     "Sam J Rivera" and "Sam James Rivera"); or, of two people of other written names, the same
//     reading (sameReading: 佐藤 健一 and 佐藤 賢一, both read サトウ ケンイチ — a kanji mistyped, or
//     two men), which the import no longer joins by.
//
// Strict on purpose: another given name is another person, even one that may be a nickname
// ("Peggy" and "Margaret", "Sam" and "Samuel" are not matched: a table of nicknames is not
// this rule's), so twins born the same day with their own given names never match.
func MayBeOne(a, b Person) bool {
	if a.ID != "" && a.ID == b.ID {
		return false
	}
	if a.BirthDate == "" || a.BirthDate != b.BirthDate || !nothingAgainst(a, b) {
		return false
	}
	return NamesOfOne(a, b)
}

// sameReading reports whether a reading of a is a reading (or the name) of b, or the other way
// round, word for word in any order, the two having no written name the same (SameNameWords:
// such two the import finds one person; two of them here were kept apart by a person). The
// import joins by written names only, so a file whose name agrees with a person's only by
// their reading is a new person to be asked about (impb42's note on F561).
func sameReading(a, b Person) bool {
	for _, x := range append([]string{a.Name}, a.Names...) {
		for _, y := range append([]string{b.Name}, b.Names...) {
			if health.SameNameWords(x, y) {
				return false
			}
		}
	}
	oneWay := func(a, b Person) bool {
		for _, x := range a.Readings {
			for _, y := range append(append([]string{b.Name}, b.Names...), b.Readings...) {
				if wx, wy := health.NameWords(x), health.NameWords(y); len(wx) >= 2 && slices.Equal(slices.Sorted(slices.Values(wx)), slices.Sorted(slices.Values(wy))) {
					return true
				}
			}
		}
		return false
	}
	return oneWay(a, b) || oneWay(b, a)
}

// nothingAgainst is false when a sex or a record number of one differs from the other's.
func nothingAgainst(a, b Person) bool {
	for _, s := range known(a.Sexes) {
		for _, t := range known(b.Sexes) {
			if s != t {
				return false
			}
		}
	}
	return !numbersDiffer(a.Identifiers, b.Identifiers)
}

// NamesOfOne reports whether a name of a (their name, or one their records give) and one of b
// agree (NamesAgree): what 'profile join' asks of two people MayBeOne read by their names, as a
// Japanese man's kana reading (サトウ ケンイチ) is only in his records, not the name shown (F561).
// Or the same reading of other written names (sameReading).
func NamesOfOne(a, b Person) bool { return anyNames(a, b, NamesAgree) || sameReading(a, b) }

// anyNames reports whether agree holds for a name of a (their name, a name or a reading their
// records give) and one of b.
func anyNames(a, b Person, agree func(x, y string) bool) bool {
	for _, x := range append(append([]string{a.Name}, a.Names...), a.Readings...) {
		for _, y := range append(append([]string{b.Name}, b.Names...), b.Readings...) {
			if agree(x, y) {
				return true
			}
		}
	}
	return false
}

// NamesAgree reports whether the words of one name (health.NameWords: case, accents and
// punctuation aside) are the other's with some left out, in the same order, the first the
// same: each word the same word or, after the first, a letter for a word it begins (an
// initial). Each name needs two words at least (a given name and a family name); "Lucia" alone
// says too little.
//
// Two names the same word for word do not agree here: the import already finds such a file
// one person, unless something said otherwise (a sex or a record number); and two people of
// one name kept apart were kept so by a person ('profile add --yes', Separate), whom this
// would only nag. Given names that differ never agree ("Rose Lindqvist" and "Lily Lindqvist",
// "Peggy Smith" and "Margaret Smith"), nor does an initial for the first name ("J Rivera").
//
// A Chinese, Japanese or Korean name agrees with the same characters written with a space
// between the family and given names, or given name first ("佐藤健一", "佐藤 健一", "健一 佐藤":
// health.SameCharacters), and a name's kana reading with the romaji of it, family or given name first
// ("サトウ ケンイチ" and "Kenichi SATO": health.ReadingAgrees). F561.
func NamesAgree(a, b string) bool {
	wa, wb := health.NameWords(a), health.NameWords(b)
	if slices.Equal(wa, wb) {
		return false
	}
	return wordsAgree(wa, wb) || health.SameCharacters(wa, wb) || health.ReadingAgrees(wa, wb)
}

// wordsAgree is NamesAgree for names written word by word: one's words the other's with some
// left out, the first the same.
func wordsAgree(wa, wb []string) bool {
	if len(wa) < 2 || len(wb) < 2 {
		return false
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if wa[0] != wb[0] {
		return false
	}
	j := 1
	for _, w := range wa[1:] {
		for j < len(wb) && !sameWord(w, wb[j]) {
			j++
		}
		if j == len(wb) {
			return false
		}
		j++
	}
	return true
}

// sameWord: the same word, or one a single letter the other begins with (an initial).
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	return len(ra) == 1 && len(rb) > 1 && rb[0] == ra[0] || len(rb) == 1 && len(ra) > 1 && ra[0] == rb[0]
}

// known are the sexes that say something.
func known(sexes []string) []string {
	var out []string
	for _, s := range sexes {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && s != "unknown" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// numbersDiffer reports whether two people have record numbers of one system with no value in
// common (and no number shared at all): two people, as the import reads them. A number shared
// is one person's, whatever else the two have.
func numbersDiffer(a, b []string) bool {
	na, nb := realNumbers(a), realNumbers(b)
	for _, x := range na {
		if slices.Contains(nb, x) {
			return false
		}
	}
	for _, x := range na {
		sys, _, _ := strings.Cut(x, "|")
		for _, y := range nb {
			if s, _, _ := strings.Cut(y, "|"); s == sys {
				return true
			}
		}
	}
	return false
}

// realNumbers are the identifiers that name someone, as compared: "system|value" with both,
// a US social security number without its dashes and spaces, and none no one can have.
func realNumbers(ids []string) []string {
	var out []string
	for _, id := range ids {
		sys, val, ok := strings.Cut(id, "|")
		if !ok || sys == "" || strings.TrimSpace(val) == "" {
			continue
		}
		if sys == ssn.System {
			if ssn.Placeholder(val) {
				continue
			}
			val = strings.NewReplacer("-", "", " ", "").Replace(val)
		}
		out = append(out, sys+"|"+val)
	}
	return out
}

// OtherGivenNames reports two people MayBeOne leaves out who may still be one, to be asked
// which: the same birth date, both sexes known and the same, the same family name (the last
// word of a name), no record number against it, and first given names that differ — "Peggy
// O'Brien" and "Margaret Mary O'Brien" (Peggy is a short name of Margaret's, which no table here
// knows: F520), or twins, "Rose Lindqvist" and "Lily Lindqvist". Never a reason to join by
// itself, nor to say "may be one" without asking whether they are two.
func OtherGivenNames(a, b Person) bool {
	if a.ID != "" && a.ID == b.ID || a.BirthDate == "" || a.BirthDate != b.BirthDate || MayBeOne(a, b) {
		return false
	}
	sa, sb := known(a.Sexes), known(b.Sexes)
	if len(sa) != 1 || len(sb) != 1 || sa[0] != sb[0] || numbersDiffer(a.Identifiers, b.Identifiers) {
		return false
	}
	return anyNames(a, b, func(x, y string) bool {
		wx, wy := health.NameWords(x), health.NameWords(y)
		return len(wx) >= 2 && len(wy) >= 2 && wx[len(wx)-1] == wy[len(wy)-1] && wx[0] != wy[0]
	})
}

// MayBeOneUndated reports two people MayBeOne cannot judge, one of them (or both) without a
// birth date, who may still be one: names of one person (the same words, or NamesAgree), no
// sex of one that differs from the other's, no record number against it. A portal's file
// whose Patient gives no birthDate became a person of its own beside the one it may be, and
// nothing said so (F520). Never a reason to join by itself: it is said, and asked.
func MayBeOneUndated(a, b Person) bool {
	if a.ID != "" && a.ID == b.ID || a.BirthDate != "" && b.BirthDate != "" || !nothingAgainst(a, b) {
		return false
	}
	return anyNames(a, b, func(x, y string) bool {
		wx, wy := health.NameWords(x), health.NameWords(y)
		return len(wx) >= 2 && len(wy) >= 2 && slices.Equal(wx, wy) || NamesAgree(x, y)
	})
}

// Pair is two people who may be one: Keep is the one a join would keep (the one with a birth
// date, else the fuller name (nameSize), or of names as full, the one listed first: the vault lists its
// oldest first), From the one whose records would move to them. OtherGivenNames: they may be
// one by OtherGivenNames only (ask whether they are one person or two). Undated: by
// MayBeOneUndated only — a birth date is missing (ask too).
type Pair struct {
	Keep, From      Person
	OtherGivenNames bool
	Undated         bool
}

// Pairs are the people of the list who may be one (MayBeOne, OtherGivenNames or
// MayBeOneUndated), each pair once, in the list's order.
func Pairs(people []Person) []Pair {
	var out []Pair
	for i := range people {
		for j := i + 1; j < len(people); j++ {
			a, b := people[i], people[j]
			other := OtherGivenNames(a, b)
			undated := !other && !MayBeOne(a, b) && MayBeOneUndated(a, b)
			if !other && !undated && !MayBeOne(a, b) {
				continue
			}
			switch {
			case a.BirthDate == "" && b.BirthDate != "":
				a, b = b, a // the birth date stays
			case (a.BirthDate == "") != (b.BirthDate == ""):
			case nameSize(b.Name) > nameSize(a.Name):
				a, b = b, a
			}
			out = append(out, Pair{Keep: a, From: b, OtherGivenNames: other, Undated: undated})
		}
	}
	return out
}
