package identity

import (
	"testing"
	"unicode/utf8"

	"carekeeper/internal/health"
)

const lapaz, sanitas = "https://fhir.hulapaz.example.es/patient|lp-55821", "https://sanitas.example.es/mrn|SAN-0042-7731"

func TestMayBeOne(t *testing.T) {
	lucia := Person{ID: "a", Name: "Lucía Herrera Martín", BirthDate: "1992-07-19", Sexes: []string{"female"}, Identifiers: []string{lapaz}}
	with := func(p Person, f func(*Person)) Person { f(&p); return p }
	cases := []struct {
		why  string
		a, b Person
		want bool
	}{
		// Must match.
		{"F513: the second surname left out, no accent", lucia, Person{ID: "b", Name: "Lucia Herrera", BirthDate: "1992-07-19", Sexes: []string{"female"}, Identifiers: []string{sanitas}}, true},
		{"upper case and no sex on one side", lucia, Person{ID: "b", Name: "LUCIA HERRERA", BirthDate: "1992-07-19"}, true},
		{"a middle name left out", Person{Name: "Lily Rose Moreno", BirthDate: "2019-04-14"}, Person{Name: "Lily Moreno", BirthDate: "2019-04-14"}, true},
		{"an initial for a middle name", Person{Name: "Sam J. Rivera", BirthDate: "1970-01-02"}, Person{Name: "Sam James Rivera", BirthDate: "1970-01-02"}, true},
		{"an initial left out", Person{Name: "Sam J. Rivera", BirthDate: "1970-01-02"}, Person{Name: "Sam Rivera", BirthDate: "1970-01-02"}, true},
		{"the first surname left out", lucia, Person{Name: "Lucia Martin", BirthDate: "1992-07-19"}, true},
		{"a hyphen read as a space", Person{Name: "Ana García-López", BirthDate: "1980-05-05"}, Person{Name: "Ana Garcia", BirthDate: "1980-05-05"}, true},
		{"by a name of their records", with(lucia, func(p *Person) { p.Name = "L. Herrera"; p.Names = []string{"Lucía Herrera Martín"} }), Person{Name: "Lucia Herrera", BirthDate: "1992-07-19"}, true},
		{"a number shared, the other system's differs", with(lucia, func(p *Person) { p.Identifiers = append(p.Identifiers, sanitas) }), Person{Name: "Lucia Herrera", BirthDate: "1992-07-19", Identifiers: []string{sanitas, "https://fhir.hulapaz.example.es/patient|lp-1"}}, true},
		{"a placeholder SSN is nobody's number", with(lucia, func(p *Person) { p.Identifiers = []string{"http://hl7.org/fhir/sid/us-ssn|000-00-0000"} }), Person{Name: "Lucia Herrera", BirthDate: "1992-07-19", Identifiers: []string{"http://hl7.org/fhir/sid/us-ssn|999-99-9999"}}, true},
		{"a generational suffix", Person{Name: "Kenji Nakamura Jr.", BirthDate: "1974-03-03"}, Person{Name: "Kenji Nakamura", BirthDate: "1974-03-03"}, true},

		// Must not match.
		{"another birth date", lucia, Person{Name: "Lucia Herrera", BirthDate: "1992-07-20"}, false},
		{"no birth date", with(lucia, func(p *Person) { p.BirthDate = "" }), Person{Name: "Lucia Herrera"}, false},
		{"another sex", lucia, Person{Name: "Lucia Herrera", BirthDate: "1992-07-19", Sexes: []string{"male"}}, false},
		{"two numbers of one hospital", lucia, Person{Name: "Lucia Herrera", BirthDate: "1992-07-19", Identifiers: []string{"https://fhir.hulapaz.example.es/patient|lp-99999"}}, false},
		{"two real SSNs", Person{Name: "Sam J Rivera", BirthDate: "1970-01-02", Identifiers: []string{"http://hl7.org/fhir/sid/us-ssn|444-22-2222"}}, Person{Name: "Sam Rivera", BirthDate: "1970-01-02", Identifiers: []string{"http://hl7.org/fhir/sid/us-ssn|444-33-3333"}}, false},
		{"twins: other given names", Person{Name: "Rose Lindqvist", BirthDate: "2015-06-01"}, Person{Name: "Lily Lindqvist", BirthDate: "2015-06-01"}, false},
		{"twins: one first name, other middle names", Person{Name: "Anna Maria Lindqvist", BirthDate: "2015-06-01"}, Person{Name: "Anna Sofia Lindqvist", BirthDate: "2015-06-01"}, false},
		{"a nickname is another given name here (no nickname table)", Person{Name: "Margaret Smith", BirthDate: "1950-02-02"}, Person{Name: "Peggy Smith", BirthDate: "1950-02-02"}, false},
		{"a short form is another given name here", Person{Name: "Samuel Rivera", BirthDate: "1970-01-02"}, Person{Name: "Sam Rivera", BirthDate: "1970-01-02"}, false},
		{"an initial for the first name", Person{Name: "James Rivera", BirthDate: "1970-01-02"}, Person{Name: "J Rivera", BirthDate: "1970-01-02"}, false},
		{"another family name", lucia, Person{Name: "Lucia Ortiz", BirthDate: "1992-07-19"}, false},
		{"the same name word for word (kept apart by a person, or by the import for a reason)", lucia, Person{Name: "Lucia Herrera Martin", BirthDate: "1992-07-19"}, false},
		{"a given name alone", lucia, Person{Name: "Lucía", BirthDate: "1992-07-19"}, false},
		{"the words in another order", lucia, Person{Name: "Herrera Martín, Lucía", BirthDate: "1992-07-19"}, false},
		{"one person twice", lucia, lucia, false},
	}
	for _, c := range cases {
		if got := MayBeOne(c.a, c.b); got != c.want {
			t.Errorf("%s: MayBeOne(%q, %q) = %v, want %v", c.why, c.a.Name, c.b.Name, got, c.want)
		}
		if got := MayBeOne(c.b, c.a); got != c.want {
			t.Errorf("%s: MayBeOne(%q, %q) the other way = %v, want %v", c.why, c.b.Name, c.a.Name, got, c.want)
		}
	}
}

// Pairs keeps the fuller name, and says each pair once.
func TestPairsKeepsTheFullerName(t *testing.T) {
	people := []Person{
		{ID: "short", Name: "Lucia Herrera", BirthDate: "1992-07-19"},
		{ID: "rafael", Name: "Rafael Herrera Ortiz", BirthDate: "1960-01-01"},
		{ID: "full", Name: "Lucía Herrera Martín", BirthDate: "1992-07-19"},
	}
	ps := Pairs(people)
	if len(ps) != 1 || ps[0].Keep.ID != "full" || ps[0].From.ID != "short" {
		t.Fatalf("Pairs = %+v, want one: keep full, from short", ps)
	}
	people[2].Name = "Lucía Herrera"
	people[0].Name = "Lucia Herrera Martin"
	if ps := Pairs(people); len(ps) != 1 || ps[0].Keep.ID != "short" {
		t.Fatalf("Pairs = %+v, want the first listed kept (its name fuller)", ps)
	}
}

// FuzzNamesAgree: whatever the names, the rule is the same both ways, never matches a name with
// itself, nor two names whose first words differ.
func FuzzNamesAgree(f *testing.F) {
	for _, s := range [][2]string{{"Lucía Herrera Martín", "Lucia Herrera"}, {"Sam J. Rivera", "Sam James Rivera"}, {"Rose Lindqvist", "Lily Lindqvist"}, {"", "a b"}, {"É é", "e E e"}, {"ǅ x", "ǆ"},
		{"佐藤 健一", "佐藤健一"}, {"ケンイチ サトウ", "Kenichi SATO"}, {"ｶｽﾞｺ ｻﾄｳ", "ＫＡＺＵＫＯ ＳＡＴＯ"}, {"ジュンイチロウ", "Junichiro Satoh"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		got := NamesAgree(a, b)
		if got != NamesAgree(b, a) {
			t.Fatalf("NamesAgree(%q, %q) = %v one way, not the other", a, b, got)
		}
		if NamesAgree(a, a) {
			t.Fatalf("NamesAgree(%q, itself)", a)
		}
		if wa, wb := health.NameWords(a), health.NameWords(b); got && wordsAgree(wa, wb) {
			if wa[0] != wb[0] {
				t.Fatalf("NamesAgree(%q, %q): the first words %q and %q differ", a, b, wa[0], wb[0])
			}
		}
	})
}

// F520: two of one birth date, sex and family name with other given names ("Peggy O'Brien",
// "Margaret Mary O'Brien": a short name; or twins) are asked about, never said "may be the
// same" by MayBeOne; without both sexes known, or with another family name, not at all.
func TestOtherGivenNames(t *testing.T) {
	f := []string{"female"}
	margaret := Person{ID: "m", Name: "Margaret Mary O'Brien", BirthDate: "1942-08-14", Sexes: f}
	cases := []struct {
		why  string
		b    Person
		want bool
	}{
		{"a short name", Person{ID: "p", Name: "Peggy O'Brien", BirthDate: "1942-08-14", Sexes: f}, true},
		{"twins", Person{ID: "p", Name: "Rose O'Brien", BirthDate: "1942-08-14", Sexes: f}, true},
		{"no sex given", Person{ID: "p", Name: "Peggy O'Brien", BirthDate: "1942-08-14"}, false},
		{"another sex", Person{ID: "p", Name: "Patrick O'Brien", BirthDate: "1942-08-14", Sexes: []string{"male"}}, false},
		{"another birth date", Person{ID: "p", Name: "Peggy O'Brien", BirthDate: "1942-08-15", Sexes: f}, false},
		{"another family name", Person{ID: "p", Name: "Peggy Smith", BirthDate: "1942-08-14", Sexes: f}, false},
		{"one by MayBeOne", Person{ID: "p", Name: "Margaret O'Brien", BirthDate: "1942-08-14", Sexes: f}, false},
	}
	for _, c := range cases {
		if got := OtherGivenNames(margaret, c.b); got != c.want {
			t.Errorf("%s: OtherGivenNames(%q, %q) = %v, want %v", c.why, margaret.Name, c.b.Name, got, c.want)
		}
		if MayBeOne(margaret, c.b) && c.want {
			t.Errorf("%s: MayBeOne too", c.why)
		}
	}
	ps := Pairs([]Person{margaret, {ID: "p", Name: "Peggy O'Brien", BirthDate: "1942-08-14", Sexes: f}})
	if len(ps) != 1 || !ps[0].OtherGivenNames || ps[0].Keep.ID != "m" {
		t.Errorf("Pairs = %+v, want Margaret kept, asked as other given names", ps)
	}
}
