package identity

import "testing"

// F561: one Japanese man from three files — the clinic's "佐藤 健一" (family 佐藤, given 健一,
// read サトウ ケンイチ), a home monitor's "佐藤健一" (no space) and a hospital's "Kenichi SATO" —
// became three people, and nothing said they may be one. They may be; twins, another given
// name, another birth date, sex or record number are not.
func TestMayBeOne_JapaneseNames(t *testing.T) {
	m := []string{"male"}
	const born = "1948-09-14"
	clinic := Person{ID: "clinic", Name: "佐藤 健一", Names: []string{"健一 佐藤", "ケンイチ サトウ"}, BirthDate: born, Sexes: m,
		Identifiers: []string{"urn:oid:1.2.392.100495.20.3.51|39131045-1187"}}
	kazuko := Person{ID: "kazuko", Name: "佐藤和子", Names: []string{"和子 佐藤", "カズコ サトウ"}, BirthDate: "1951-04-02", Sexes: []string{"female"}}
	p := func(name string, names ...string) Person {
		return Person{ID: "other", Name: name, Names: names, BirthDate: born, Sexes: m}
	}
	with := func(q Person, f func(*Person)) Person { f(&q); return q }
	cases := []struct {
		why  string
		a, b Person
		want bool
	}{
		// (a) no space: the family and given names written together
		{"no space, the text only", clinic, p("佐藤健一"), true},
		{"no space, beside the record's names given name first", p("佐藤健一"), p("Ken", "健一 佐藤"), true},
		{"an ideographic space, a name given name first", p("佐藤　健一"), p("健一 佐藤"), true},
		{"Korean, no space", Person{Name: "김민준", BirthDate: "1990-01-01"}, Person{Name: "김 민준", BirthDate: "1990-01-01"}, true},
		// (b) the kana reading in romaji, either order, long vowels spelt any way
		{"the hospital's romaji", clinic, p("Kenichi SATO", "kenichi sato"), true},
		{"romaji family name first", clinic, p("SATO Kenichi"), true},
		{"Satou", clinic, p("Kenichi Satou"), true},
		{"Satō", clinic, p("Kenichi Satō"), true},
		{"Satoh", clinic, p("Kenichi Satoh"), true},
		{"Ken'ichi", clinic, p("Ken'ichi Sato"), true},
		{"a hiragana reading", p("佐藤 健一", "さとう けんいち"), p("Kenichi Sato"), true},
		{"a half-width kana reading", p("佐藤 健一", "ｹﾝｲﾁ ｻﾄｳ"), p("Kenichi Sato"), true},
		{"a reading written without a space", p("佐藤 健一", "サトウケンイチ"), p("Kenichi Sato"), true},
		{"a reading in hiragana and one in katakana", p("佐藤 健一", "さとう けんいち"), p("サトウ ケンイチ"), true},
		{"yōon and a long vowel", p("本田 京子", "キョウコ ホンダ"), p("Kyoko Honda"), true},
		{"a small tsu", p("服部 半蔵", "ハンゾウ ハットリ"), p("Hanzo Hattori"), true},
		{"ん before b written m", p("難波 健", "ケン ナンバ"), p("Ken Namba"), true},
		{"ん before m written m, family name first", p("本間 由美", "ユミ ホンマ"), p("HOMMA Yumi"), true},
		{"ジュンイチロウ", p("佐藤 潤一郎", "ジュンイチロウ サトウ"), p("Junichiro Sato"), true},
		{"Ohno", p("大野 修平", "シュウヘイ オオノ"), p("Shuhei Ohno"), true},
		// (c) full-width letters, half-width kana
		{"full-width romaji and the kana reading", kazuko, with(p("ＫＡＺＵＫＯ ＳＡＴＯ", "ｶｽﾞｺ ｻﾄｳ"), func(q *Person) { q.BirthDate, q.Sexes = "1951-04-02", []string{"female"} }), true},
		{"full-width romaji alone", kazuko, with(p("ＫＡＺＵＫＯ ＳＡＴＯ"), func(q *Person) { q.BirthDate, q.Sexes = "1951-04-02", nil }), true},

		// never on names alone when something says two
		{"another birth date, no space", clinic, with(p("佐藤健一"), func(q *Person) { q.BirthDate = "1948-09-15" }), false},
		{"another birth date, romaji", clinic, with(p("Kenichi Sato"), func(q *Person) { q.BirthDate = "1948-09-15" }), false},
		{"another sex", clinic, with(p("佐藤健一"), func(q *Person) { q.Sexes = []string{"female"} }), false},
		{"another number of the clinic", clinic, with(p("佐藤健一"), func(q *Person) { q.Identifiers = []string{"urn:oid:1.2.392.100495.20.3.51|39131045-1199"} }), false},
		{"twins: another character", p("佐藤健一"), p("佐藤 健二"), false},
		{"a longer given name", p("佐藤 健一"), p("佐藤健一郎"), false},
		{"another given name in romaji", clinic, p("Kenji Sato"), false},
		{"another given name's reading", p("佐藤 健二", "ケンジ サトウ"), p("Kenichi Sato"), false},
		{"kanji and romaji with no reading: nothing to read", p("佐藤健一"), p("Kenichi Sato"), false},
		{"a family name alone", p("佐藤", "サトウ"), p("Sato"), false},
		{"romaji in another order is not read as a reading", p("Sato Kenichi"), p("Kenichi Sato"), false},
		{"a Latin name and a kana name of other sounds", p("ケンイチ サトウ"), p("Kenichi Saito"), false},
		{"the same reading word for word (the import finds them one)", p("佐藤 健一", "ケンイチ サトウ"), p("佐藤 健一", "ケンイチ サトウ"), false},
	}
	for _, c := range cases {
		if c.a.ID == c.b.ID {
			c.b.ID = "b"
		}
		if got := MayBeOne(c.a, c.b); got != c.want {
			t.Errorf("%s: MayBeOne(%q %q, %q %q) = %v, want %v", c.why, c.a.Name, c.a.Names, c.b.Name, c.b.Names, got, c.want)
		}
		if got := MayBeOne(c.b, c.a); got != c.want {
			t.Errorf("%s: the other way = %v, want %v", c.why, got, c.want)
		}
	}
}

// The three of F561 in one list: the one with the fuller name is kept, the home monitor's
// "佐藤健一" and the hospital's "Kenichi SATO" are each said beside him (not beside each other:
// nothing of theirs says so); the clinic's 佐藤和子 is kept beside a kiosk's full-width romaji.
func TestPairs_F561ThreeFiles(t *testing.T) {
	m := []string{"male"}
	people := []Person{
		{ID: "clinic", Name: "佐藤 健一", Names: []string{"健一 佐藤", "ケンイチ サトウ"}, BirthDate: "1948-09-14", Sexes: m},
		{ID: "kazuko", Name: "佐藤和子", Names: []string{"和子 佐藤", "カズコ サトウ"}, BirthDate: "1951-04-02", Sexes: []string{"female"}},
		{ID: "hospital", Name: "Kenichi SATO", Names: []string{"kenichi sato"}, BirthDate: "1948-09-14", Sexes: m},
		{ID: "home", Name: "佐藤健一", Names: []string{"佐藤健一"}, BirthDate: "1948-09-14", Sexes: m},
		{ID: "kiosk", Name: "ＫＡＺＵＫＯ ＳＡＴＯ", Names: []string{"kazuko sato"}, BirthDate: "1951-04-02", Sexes: []string{"female"}},
	}
	ps := Pairs(people)
	var got []string
	for _, p := range ps {
		got = append(got, p.Keep.ID+"<"+p.From.ID)
		if p.OtherGivenNames || p.Undated {
			t.Errorf("%s: asked as other given names or undated: %+v", p.From.ID, p)
		}
	}
	if len(got) != 3 || got[0] != "clinic<hospital" || got[1] != "clinic<home" || got[2] != "kazuko<kiosk" {
		t.Fatalf("Pairs = %v, want clinic<hospital, clinic<home, kazuko<kiosk (佐藤和子 as full a name as the kiosk's romaji)", got)
	}
}

// MayBeOneUndated reads the names alike: the home monitor's file without a birth date.
func TestMayBeOneUndated_NoSpace(t *testing.T) {
	a := Person{ID: "a", Name: "佐藤 健一", BirthDate: "1948-09-14", Sexes: []string{"male"}}
	b := Person{ID: "b", Name: "佐藤健一", Sexes: []string{"male"}}
	if !MayBeOneUndated(a, b) || !MayBeOneUndated(b, a) {
		t.Errorf("MayBeOneUndated(佐藤 健一, 佐藤健一 with no birth date) = false, want true")
	}
	if b.Name = "佐藤健二"; MayBeOneUndated(a, b) {
		t.Errorf("MayBeOneUndated(佐藤 健一, 佐藤健二) = true, want false")
	}
}
