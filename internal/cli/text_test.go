package cli

import "testing"

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
