package health

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// F561 (c): full- and half-width forms are the letters they are, and a kana's voicing mark is
// not an accent: "カズコ" is Kazuko, not "カスコ" (Kasuko).
func TestNameWords_WidthsAndKana(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ＫＡＺＵＫＯ ＳＡＴＯ", "kazuko|sato"},
		{"ｶｽﾞｺ ｻﾄｳ", "カズコ|サトウ"},
		{"カズコ サトウ", "カズコ|サトウ"},
		{"ﾊﾟﾊﾟ", "パパ"},
		{"佐藤　健一", "佐藤|健一"},
		{"佐藤健一", "佐藤健一"},
		{"José Ｏ'Ｂｒｉｅｎ", "jose|obrien"},
		{"゛カ", "カ"},        // a voicing mark on nothing
		{"a\u3099b", "ab"}, // nor on a Latin letter
		{"Łukasz Wójcik", "lukasz|wojcik"},
	} {
		if got := strings.Join(NameWords(c.in), "|"); got != c.want {
			t.Errorf("NameWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := strings.Join(identityWords("ＫＡＺＵＫＯ ＳＡＴＯ２"), "|"); got != "kazuko|sato" {
		t.Errorf("identityWords(full-width) = %q, want kazuko|sato", got)
	}
	if m := CompareIdentity(Identity{Name: "ＫＡＺＵＫＯ ＳＡＴＯ"}, Identity{Name: "Kazuko Sato"}); m.Name {
		t.Errorf("CompareIdentity(ＫＡＺＵＫＯ ＳＡＴＯ, Kazuko Sato): the names differ, want the same")
	}
	if !SameNameWords("ｶｽﾞｺ ｻﾄｳ", "カズコ サトウ") || SameNameWords("カズコ", "カスコ") {
		t.Errorf("SameNameWords: half-width kana is the same, another voicing is not")
	}
}

// F561 (b): kana read in modified Hepburn romaji.
func TestKanaRomaji(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"サトウ", "satou"}, {"さとう", "satou"}, {"ケンイチ", "kenichi"}, {"カズコ", "kazuko"},
		{"キョウコ", "kyouko"}, {"シュウヘイ", "shuuhei"}, {"チヨ", "chiyo"}, {"チョウ", "chou"},
		{"ジュンイチロウ", "junichirou"}, {"ヂャ", "ja"}, {"ハットリ", "hattori"}, {"マッチ", "matchi"},
		{"ホンマ", "honma"}, {"ツヨシ", "tsuyoshi"}, {"フジ", "fuji"}, {"ヲ", "o"},
		{"サトー", "satoo"}, {"ユーコ", "yuuko"}, {"ンー", "n"},
		{"ファティマ", "fatima"}, {"ウィリアム", "wiriamu"}, {"イェン", "yen"}, {"ヴァン", "van"},
		{"みすゞ", "misuzu"}, {"ささゝ", "sasasa"},
		{"", ""}, {"佐藤", ""}, {"sato", ""}, {"サトウ1", ""}, {"ッ", ""}, {"ー", ""}, {"ヾ", ""},
	} {
		got, ok := KanaRomaji(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("KanaRomaji(%q) = %q, %v, want %q", c.in, got, ok, c.want)
		}
	}
}

// F561 (b): the spellings of one reading are one key; other sounds are not.
func TestRomajiKey(t *testing.T) {
	same := [][]string{
		{"sato", "satou", "satoo", "satoh"},
		{"yuko", "yuuko"},
		{"ono", "oono", "ohno"},
		{"honma", "homma"},
		{"nanba", "namba"},
		{"kenichi"},
		{"shuhei", "shuuhei"},
		{"kohei", "kouhei"},
	}
	for _, g := range same {
		for _, s := range g {
			if RomajiKey(s) != RomajiKey(g[0]) {
				t.Errorf("RomajiKey(%q) = %q, want %q's, %q", s, RomajiKey(s), g[0], RomajiKey(g[0]))
			}
		}
	}
	for _, d := range [][2]string{{"sato", "saito"}, {"kenichi", "kenji"}, {"kazuko", "kasuko"}, {"yuko", "yoko"}, {"ohara", "oara"}} {
		if RomajiKey(d[0]) == RomajiKey(d[1]) {
			t.Errorf("RomajiKey(%q) = RomajiKey(%q) = %q, want them apart", d[0], d[1], RomajiKey(d[0]))
		}
	}
}

// FuzzKanaRomaji: whatever the word, KanaRomaji does not panic and gives lower-case ASCII
// letters or nothing; hiragana and the katakana of them read the same; NameWords of any
// string keeps no combining mark and folds full-width letters; RomajiKey never lengthens.
func FuzzKanaRomaji(f *testing.F) {
	for _, s := range []string{"サトウ", "けんいち", "ジュンイチロウ", "ｶｽﾞｺ", "ッ", "ーー", "ヾ", "ゞゝ", "ファ", "ャ", "ＳＡＴＯ", "a\u3099", "ンャ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		r, ok := KanaRomaji(s)
		if ok != (r != "") {
			t.Fatalf("KanaRomaji(%q) = %q, %v", s, r, ok)
		}
		for i := 0; i < len(r); i++ {
			if r[i] < 'a' || r[i] > 'z' {
				t.Fatalf("KanaRomaji(%q) = %q: not lower-case ASCII letters", s, r)
			}
		}
		hira := []rune(s)
		for i, c := range hira {
			if c >= 'ァ' && c <= 'ヶ' || c == 'ヽ' || c == 'ヾ' {
				hira[i] = c - ('ァ' - 'ぁ')
			}
		}
		if r2, ok2 := KanaRomaji(string(hira)); r2 != r || ok2 != ok {
			t.Fatalf("KanaRomaji(%q) = %q, of its hiragana %q = %q", s, r, string(hira), r2)
		}
		if k := RomajiKey(r); len(k) > len(r) {
			t.Fatalf("RomajiKey(%q) = %q, longer", r, k)
		}
		for _, w := range NameWords(s) {
			for _, c := range w {
				if c == '\u3099' || c == '\u309A' || c >= 'Ａ' && c <= 'ｚ' {
					t.Fatalf("NameWords(%q) = %q: a combining voicing mark or a full-width letter", s, NameWords(s))
				}
			}
		}
	})
}

// F561: a file's name written another way than the person's — without a space, or the romaji of
// the kana reading one of them gives — is not "a different name"; another given name still is.
func TestCompareIdentity_JapaneseNames(t *testing.T) {
	kenichi := Identity{Name: "佐藤 健一", BirthDate: "1948-09-14", Names: []string{"サトウケンイチ"}}
	for _, c := range []struct {
		file Identity
		name bool // the names differ
	}{
		{Identity{Name: "Kenichi SATO", BirthDate: "1948-09-14"}, false},
		{Identity{Name: "SATO Kenichi"}, false},
		{Identity{Name: "佐藤健一"}, false},
		{Identity{Name: "Kenichi Satō"}, false},
		{Identity{Name: "佐藤 健一"}, false},
		{Identity{Name: "Kenji Sato"}, true},
		{Identity{Name: "佐藤健二"}, true},
		{Identity{Name: "ＫＡＺＵＫＯ ＳＡＴＯ", Names: []string{"ｶｽﾞｺ ｻﾄｳ"}}, true},
	} {
		if m := CompareIdentity(c.file, kenichi); m.Name != c.name {
			t.Errorf("CompareIdentity(%q %q, 佐藤 健一 read サトウケンイチ): names differ %v, want %v", c.file.Name, c.file.Names, m.Name, c.name)
		}
	}
	if m := CompareIdentity(Identity{Name: "Kenichi SATO"}, Identity{Name: "佐藤 健一"}); !m.Name {
		t.Errorf("CompareIdentity(Kenichi SATO, 佐藤 健一 with no reading): the same name, want different (nothing to read)")
	}
	if m := CompareIdentity(Identity{Name: "佐藤 健一", Names: []string{"サトウ ケンイチ"}}, Identity{Name: "Kenichi Sato"}); m.Name {
		t.Errorf("CompareIdentity(佐藤 健一 read サトウ ケンイチ, Kenichi Sato): names differ, want the same (the file's reading)")
	}
	id, ok := PatientIdentity([]byte(`{"resourceType":"Patient","name":[{"family":"佐藤","given":["健一"]},{"family":"サトウ","given":["ケンイチ"]}]}`))
	if !ok || id.Name != "佐藤健一" || len(id.Names) != 1 || id.Names[0] != "サトウケンイチ" {
		t.Errorf("PatientIdentity = %+v, want 佐藤健一 with the other name サトウケンイチ", id)
	}
}
