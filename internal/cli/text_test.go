package cli

import (
	"testing"
	"unicode/utf8"

	"carekeeper/internal/textline"
)

func TestSafe(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Ann Smith", "Ann Smith"},
		{"Zoë 日本 😀", "Zoë 日本 😀"},
		{"\x1b[2J\x1b[HEvil", `\x1b[2J\x1b[HEvil`},
		{"two\nrows", `two\nrows`},
		{"a\tcolumn", `a\tcolumn`},
		{"back\rover", `back\rover`},
		{"bell\a del\x7f nul\x00", `bell\x07 del\x7f nul\x00`},
		{"c1 csi \u009b31m", `c1 csi \u009b31m`},
		{"lone byte \x9b31m", `lone byte \x9b31m`},
		{"rtl \u202eevil\u202c", `rtl \u202eevil\u202c`},
		{"isolate \u2066x\u2069 lrm \u200e", `isolate \u2066x\u2069 lrm \u200e`},
		{"line\u2028sep", `line\u2028sep`},
	} {
		if got := safe(c.in); got != c.want {
			t.Errorf("safe(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

type state string

type stringer struct{}

func (stringer) String() string { return "s\x1b" }

func TestSafeArgs(t *testing.T) {
	got := safeArgs([]any{"a\n", state("b\x1b"), stringer{}, []byte("c\t"), 7, nil})
	want := []any{`a\n`, `b\x1b`, `s\x1b`, `c\t`, 7, nil}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("arg %d: %#v, want %#v", i, got[i], want[i])
		}
	}
}

// FuzzSafe: what safe returns is valid UTF-8 without anything a terminal acts on, and text
// without such characters is returned unchanged.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"", "Ann", "\x1b[2J", "a\nb\tc", "\u009b", "\xff\xfe", "\u202e", "日本\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := safe(s)
		if !utf8.ValidString(out) {
			t.Fatalf("safe(%q) = %q: not UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || textline.IsInvisibleLayout(r) {
				t.Fatalf("safe(%q) = %q keeps %U", s, out, r)
			}
		}
		plain := utf8.ValidString(s)
		for _, r := range s {
			plain = plain && !(r < 0x20 || (r >= 0x7f && r <= 0x9f) || textline.IsInvisibleLayout(r))
		}
		if plain && out != s {
			t.Fatalf("safe(%q) = %q changed plain text", s, out)
		}
	})
}
