package identity

import (
	"testing"
	"unicode/utf8"
)

// The import joins a file to a person by the same written name only, never by a reading
// (impb42's note on F561: a home monitor's "サトウ ケンイチ" alone was joined to 佐藤 健一, read
// サトウ ケンイチ, without a word). Such two are asked about instead (MayBeOne), as are two of
// other kanji and one reading. Twins born the same day with one family name and address,
// and a mother and daughter of one name born years apart, are never said to be one; twins of
// one family name and sex are asked whether they are one person by another name or two
// (OtherGivenNames, F520), Icelandic twins of other family names and sexes not at all.
func TestMayBeOne_ByAReadingOrTwins(t *testing.T) {
	m, f := []string{"male"}, []string{"female"}
	const born = "1948-09-14"
	ken := Person{ID: "ken", Name: "佐藤 健一", Names: []string{"健一 佐藤"}, Readings: []string{"ケンイチ サトウ"}, BirthDate: born, Sexes: m}
	p := func(name string, names, readings []string, birth string, sexes []string) Person {
		return Person{ID: "other", Name: name, Names: names, Readings: readings, BirthDate: birth, Sexes: sexes}
	}
	kazuko := Person{ID: "kazuko", Name: "佐藤和子", Names: []string{"和子 佐藤"}, Readings: []string{"カズコ サトウ"}, BirthDate: "1951-04-02", Sexes: f}
	anna := Person{ID: "anna", Name: "Anna Kowalska", Names: []string{"Anna Kowalska"}, BirthDate: "1994-07-21", Sexes: f}
	cases := []struct {
		why       string
		a, b      Person
		maybe     bool // MayBeOne
		otherName bool // OtherGivenNames
	}{
		{"the reading alone, family name first", ken, p("サトウ ケンイチ", []string{"ケンイチ サトウ"}, nil, born, m), true, false},
		{"the reading alone, given name first", ken, p("ケンイチ サトウ", []string{"ケンイチ サトウ"}, nil, born, m), true, false},
		{"the reading alone, marked as one", ken, p("サトウ ケンイチ", nil, []string{"ケンイチ サトウ"}, born, m), true, false},
		{"the reading in hiragana", ken, p("さとう けんいち", []string{"けんいち さとう"}, nil, born, m), true, false},
		{"other kanji of one reading", ken, p("佐藤 賢一", []string{"賢一 佐藤"}, []string{"ケンイチ サトウ"}, born, m), true, false},
		{"a kiosk's full-width romaji and half-width kana reading", kazuko, p("ＫＡＺＵＫＯ ＳＡＴＯ", []string{"ＫＡＺＵＫＯ ＳＡＴＯ"}, []string{"ｶｽﾞｺ ｻﾄｳ"}, "1951-04-02", f), true, false},
		{"the same kanji and reading (the import finds them one)", Person{ID: "ken", Name: "佐藤 健一", Readings: ken.Readings, BirthDate: born, Sexes: m}, p("佐藤 健一", nil, []string{"ケンイチ サトウ"}, born, m), false, false},
		{"one reading, another birth date", ken, p("サトウ ケンイチ", nil, []string{"ケンイチ サトウ"}, "1948-09-15", m), false, false},
		{"one reading, another sex", ken, p("サトウ ケンイチ", nil, []string{"ケンイチ サトウ"}, born, f), false, false},
		{"one reading, another number of the clinic", Person{ID: "ken", Name: ken.Name, Readings: ken.Readings, BirthDate: born, Sexes: m, Identifiers: []string{"urn:oid:1.2.392|1187"}},
			Person{ID: "b", Name: "佐藤 賢一", Readings: ken.Readings, BirthDate: born, Sexes: m, Identifiers: []string{"urn:oid:1.2.392|1199"}}, false, false},
		{"twins: 健一 and 健二, other readings", ken, p("佐藤 健二", []string{"健二 佐藤"}, []string{"ケンジ サトウ"}, born, m), false, true},
		{"a family name's reading alone", ken, p("サトウ", nil, []string{"サトウ"}, born, m), false, false},

		{"Icelandic twins, a son's and a daughter's names", p("Ólafur Sigurðsson", []string{"Ólafur Sigurðsson"}, nil, "2011-03-02", m), p("Sigríður Sigurðardóttir", []string{"Sigríður Sigurðardóttir"}, nil, "2011-03-02", f), false, false},
		{"Icelandic twins, sexes not given", p("Ólafur Sigurðsson", nil, nil, "2011-03-02", nil), p("Sigríður Sigurðardóttir", nil, nil, "2011-03-02", nil), false, false},
		{"Icelandic twin brothers", p("Ólafur Sigurðsson", nil, nil, "2011-03-02", m), p("Gunnar Sigurðsson", nil, nil, "2011-03-02", m), false, true},
		{"twin sisters of one family name", anna, p("Maria Kowalska", []string{"Maria Kowalska"}, nil, "1994-07-21", f), false, true},
		{"twin sisters, one of two given names", anna, p("Maria Anna Kowalska", nil, nil, "1994-07-21", f), false, true},
		{"a mother and her daughter of her name", p("Anna Kowalska", []string{"Anna Kowalska"}, nil, "1961-05-30", f), anna, false, false},
		{"a mother and her daughter, one with a middle name", p("Anna Maria Kowalska", nil, nil, "1961-05-30", f), anna, false, false},
	}
	for _, c := range cases {
		if c.a.ID == c.b.ID {
			c.b.ID = "b"
		}
		for _, ab := range [][2]Person{{c.a, c.b}, {c.b, c.a}} {
			if got := MayBeOne(ab[0], ab[1]); got != c.maybe {
				t.Errorf("%s: MayBeOne(%q, %q) = %v, want %v", c.why, ab[0].Name, ab[1].Name, got, c.maybe)
			}
			if got := OtherGivenNames(ab[0], ab[1]); got != c.otherName {
				t.Errorf("%s: OtherGivenNames(%q, %q) = %v, want %v", c.why, ab[0].Name, ab[1].Name, got, c.otherName)
			}
			if MayBeOneUndated(ab[0], ab[1]) {
				t.Errorf("%s: MayBeOneUndated(%q, %q) = true, both have a birth date", c.why, ab[0].Name, ab[1].Name)
			}
			if got := NamesOfOne(ab[0], ab[1]); c.maybe && !got {
				t.Errorf("%s: NamesOfOne(%q, %q) = false: 'profile join' would refuse the two it asks about", c.why, ab[0].Name, ab[1].Name)
			}
		}
		want := 0
		if c.maybe || c.otherName {
			want = 1
		}
		if ps := Pairs([]Person{c.a, c.b}); len(ps) != want || want == 1 && ps[0].OtherGivenNames != c.otherName {
			t.Errorf("%s: Pairs = %+v, want %d", c.why, ps, want)
		}
	}
}

// FuzzMayBeOneWithReadings: whatever the names and readings, MayBeOne and OtherGivenNames
// answer the same both ways and never both, and what MayBeOne asks about 'profile join'
// accepts (NamesOfOne).
func FuzzMayBeOneWithReadings(f *testing.F) {
	for _, s := range [][4]string{{"佐藤 健一", "ケンイチ サトウ", "サトウ ケンイチ", ""}, {"佐藤 健一", "ケンイチ サトウ", "佐藤 賢一", "ケンイチ サトウ"},
		{"Anna Kowalska", "", "Maria Kowalska", ""}, {"ＫＡＺＵＫＯ ＳＡＴＯ", "ｶｽﾞｺ ｻﾄｳ", "佐藤和子", "カズコ サトウ"}, {"佐藤 健一", "ケンイチ サトウ", "佐藤 健一", "ケンイチ サトウ"}} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, an, ar, bn, br string) {
		if !utf8.ValidString(an + ar + bn + br) {
			return
		}
		person := func(id, name, reading string) Person {
			p := Person{ID: id, Name: name, BirthDate: "1948-09-14", Sexes: []string{"male"}}
			if reading != "" {
				p.Readings = []string{reading}
			}
			return p
		}
		a, b := person("a", an, ar), person("b", bn, br)
		maybe, other := MayBeOne(a, b), OtherGivenNames(a, b)
		if maybe != MayBeOne(b, a) || other != OtherGivenNames(b, a) {
			t.Fatalf("not the same both ways: %+v %+v", a, b)
		}
		if maybe && other {
			t.Fatalf("both MayBeOne and OtherGivenNames: %+v %+v", a, b)
		}
		if maybe && !NamesOfOne(a, b) {
			t.Fatalf("MayBeOne but not NamesOfOne: %+v %+v", a, b)
		}
	})
}
