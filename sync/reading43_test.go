package sync_test

import (
	"encoding/json"
	"testing"

	cksync "carekeeper/sync"
)

// patient43 is a Patient of the names given (each a HumanName as JSON: text, family, given,
// and a representation: "IDE" for the name written, "SYL" for its kana reading), sex and
// birth date, living at one address.
func patient43(id, gender, birth string, names ...map[string]any) []byte {
	var ns []any
	for _, n := range names {
		m := map[string]any{}
		for k, v := range n {
			if k == "rep" {
				m["extension"] = []any{map[string]any{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": v}}
				continue
			}
			m[k] = v
		}
		ns = append(ns, m)
	}
	b, _ := json.Marshal(map[string]any{"resourceType": "Patient", "id": id, "name": ns, "gender": gender, "birthDate": birth,
		"address": []any{map[string]any{"line": []string{"Hringbraut 12"}, "city": "Reykjavík", "country": "IS"}}})
	return b
}

// A file's Patient is the same person as one here only by the same written name (rule 3) or
// rule 4's given and family names; a name that agrees only by a kana reading — the home
// monitor's "サトウ ケンイチ" alone beside the clinic's 佐藤 健一 read サトウ ケンイチ — was joined
// without a word (impb42's note, F561): now a new person, asked about by the import
// (identity.MayBeOne). The same written name with its reading still joins.
func TestImportJoinsByTheWrittenNameNotByAReading(t *testing.T) {
	const born = "1948-09-14"
	kanji := map[string]any{"family": "佐藤", "given": []string{"健一"}, "text": "佐藤 健一", "rep": "IDE"}
	reading := map[string]any{"family": "サトウ", "given": []string{"ケンイチ"}, "rep": "SYL"}
	for _, tc := range []struct {
		name string
		file []byte
		same bool
	}{
		{"the same kanji and reading", patient43("f", "male", born, kanji, reading), true},
		{"the same kanji alone", patient43("f", "male", born, map[string]any{"text": "佐藤 健一"}), true},
		{"a pharmacy's kanji with an ideographic space and its reading as text", patient43("f", "male", born, map[string]any{"text": "佐藤　健一"}, map[string]any{"text": "サトウ　ケンイチ"}), true},
		{"the reading alone, as text", patient43("f", "male", born, map[string]any{"text": "サトウ ケンイチ"}), false},
		{"the reading alone, family and given", patient43("f", "male", born, map[string]any{"family": "サトウ", "given": []string{"ケンイチ"}}), false},
		{"the reading alone, marked as a reading", patient43("f", "male", born, reading), false},
		{"the reading alone in hiragana", patient43("f", "male", born, map[string]any{"text": "さとう けんいち"}), false},
		{"the reading in half-width kana beside a romaji name", patient43("f", "male", born, map[string]any{"family": "ＳＡＴＯ", "given": []string{"ＫＥＮＩＣＨＩ"}}, map[string]any{"family": "ｻﾄｳ", "given": []string{"ｹﾝｲﾁ"}}), false},
		{"other kanji of the same reading", patient43("f", "male", born, map[string]any{"family": "佐藤", "given": []string{"賢一"}, "rep": "IDE"}, reading), false},
		{"other kanji of the same reading, not marked", patient43("f", "male", born, map[string]any{"text": "佐藤 賢一"}, map[string]any{"text": "サトウ ケンイチ"}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVault(t)
			first := importData(t, v, "clinic.json", patient43("c", "male", born, kanji, reading), cksync.Options{})
			second := importData(t, v, "file.json", tc.file, cksync.Options{})
			if got := second.Profile == first.Profile; got != tc.same {
				t.Errorf("the same person: %v, want %v", got, tc.same)
			}
			if !tc.same && (len(second.MaybeSame) != 1 || second.MaybeSame[0].Here != first.Profile || second.MaybeSame[0].OtherNames) {
				t.Errorf("import's 'may be': %+v, want the clinic's person asked about", second.MaybeSame)
			}
		})
	}
}

// Two people born the same day at one address with one family name are two: twins, never
// joined. Icelandic twins have other family names (a son's and a daughter's patronymic) and
// other sexes: nothing asked either. A mother and daughter of one name, born years apart, are
// two, and nothing is asked.
func TestImportKeepsTwinsAndAMotherAndDaughterApart(t *testing.T) {
	name := func(given, family string) map[string]any {
		return map[string]any{"given": []string{given}, "family": family}
	}
	for _, tc := range []struct {
		name  string
		a, b  []byte
		asked bool // the import asks (other given names)
	}{
		{"Icelandic twins", patient43("a", "male", "2011-03-02", name("Ólafur", "Sigurðsson")), patient43("b", "female", "2011-03-02", name("Sigríður", "Sigurðardóttir")), false},
		{"Polish twin sisters", patient43("a", "female", "1994-07-21", name("Anna", "Kowalska")), patient43("b", "female", "1994-07-21", name("Maria", "Kowalska")), true},
		{"a mother and her daughter of her name", patient43("a", "female", "1961-05-30", name("Anna", "Kowalska")), patient43("b", "female", "1988-11-02", name("Anna", "Kowalska")), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVault(t)
			first := importData(t, v, "a.json", tc.a, cksync.Options{})
			second := importData(t, v, "b.json", tc.b, cksync.Options{})
			if second.Profile == first.Profile {
				t.Fatalf("two people joined")
			}
			if got := len(second.MaybeSame) == 1 && second.MaybeSame[0].OtherNames; got != tc.asked || !tc.asked && len(second.MaybeSame) > 0 {
				t.Errorf("import's question: %+v, want asked (other given names) %v", second.MaybeSame, tc.asked)
			}
			ps, err := cksync.MayBeOnePeople(v)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != map[bool]int{true: 1}[tc.asked] || tc.asked && !ps[0].OtherGivenNames {
				t.Errorf("MayBeOnePeople: %+v, want asked (other given names) %v", ps, tc.asked)
			}
		})
	}
}

// A person joined from files that write one name in other ways holds one person's records:
// 'profile separate' (hhvault.FindMixed, by TwoPeople) offered to move the hospital's
// "Kenichi SATO" out of 佐藤 健一 (read サトウ ケンイチ) after 'profile join' had put them
// together, and likewise "佐藤健一". Twins' records stay two people's.
func TestTwoPeopleNotByANameWrittenAnotherWay(t *testing.T) {
	const born = "1948-09-14"
	clinic := patient43("c", "male", born, map[string]any{"family": "佐藤", "given": []string{"健一"}, "rep": "IDE"},
		map[string]any{"family": "サトウ", "given": []string{"ケンイチ"}, "rep": "SYL"})
	for _, tc := range []struct {
		name  string
		a, b  []byte
		twoOf bool
	}{
		{"the hospital's romaji", clinic, patient43("h", "male", born, map[string]any{"family": "SATO", "given": []string{"Kenichi"}}), false},
		{"the romaji family name first, Satou", clinic, patient43("h", "male", born, map[string]any{"text": "SATOU Kenichi"}), false},
		{"the kana reading alone", clinic, patient43("k", "male", born, map[string]any{"family": "サトウ", "given": []string{"ケンイチ"}}), false},
		{"another given name in romaji", clinic, patient43("h", "male", born, map[string]any{"family": "SATO", "given": []string{"Kenji"}}), true},
		{"twins of other kanji and readings", clinic, patient43("t", "male", born, map[string]any{"family": "佐藤", "given": []string{"健二"}, "rep": "IDE"},
			map[string]any{"family": "サトウ", "given": []string{"ケンジ"}, "rep": "SYL"}), true},
		{"Polish twin sisters", patient43("a", "female", "1994-07-21", map[string]any{"given": []string{"Anna"}, "family": "Kowalska"}),
			patient43("b", "female", "1994-07-21", map[string]any{"given": []string{"Maria"}, "family": "Kowalska"}), true},
	} {
		if got := cksync.TwoPeople(tc.a, tc.b); got != tc.twoOf {
			t.Errorf("%s: TwoPeople = %v, want %v", tc.name, got, tc.twoOf)
		}
		if got := cksync.TwoPeople(tc.b, tc.a); got != tc.twoOf {
			t.Errorf("%s: the other way = %v, want %v", tc.name, got, tc.twoOf)
		}
	}
}
