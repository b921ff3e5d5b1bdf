package textline

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Aroha Ngata", "Aroha Ngata"},
		{"  Ann \r\n  Injected:\tline ", "Ann Injected: line"},
		{"Evil\x1b]0;pwned\x07\u202eRTL", "Evil ]0;pwned RTL"},
		{"ab\u202ecd\u2066ef\u200f", "abcdef"}, // bidi marks left out, letters kept together
		{"one\u2028two\u2029three", "one two three"},
		{"x\u0085y\u00a0z", "x y z"},             // NEL and no-break space are white space
		{"\x00\x01", ""},                         // nothing but controls
		{"Tāne Ngata\u0301", "Tāne Ngata\u0301"}, // marks kept
		{"\u202e", ""},
	} {
		if got := Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzClean: one line, no control or layout character, no doubled or edge space, stable,
// valid UTF-8 when s is, and never longer than s.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"Aroha Ngata", "Ann\r\nX", "\u202e ab  cd\u2066", "\xff\x1b[2J"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if strings.ContainsFunc(got, func(r rune) bool { return unicode.IsControl(r) || IsInvisibleLayout(r) }) {
			t.Fatalf("%q holds a control or layout character", got)
		}
		if strings.Contains(got, "  ") || got != strings.TrimSpace(got) {
			t.Fatalf("spaces not folded: %q", got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("not UTF-8: %q", got)
		}
		if Clean(got) != got {
			t.Fatalf("not stable: %q", got)
		}
		if utf8.ValidString(s) && len(got) > len(s) {
			t.Fatalf("grew: %d > %d", len(got), len(s))
		}
	})
}
