package transport_test

import (
	"errors"
	"path"
	"strings"
	"testing"

	"carekeeper/sync/transport"
)

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		dirOK bool
		ok    bool
	}{
		{"a", false, true},
		{"d/0123abcd/0000000000000001-00000001.seg", false, true},
		{"~syncthing~ck-00.tmp", false, true},
		{"with space (conflicted copy 2026-01-01 120000)", false, true},
		{"", true, true},
		{"", false, false},
		{"/abs", false, false},
		{"a/", true, false},
		{"a//b", false, false},
		{"../a", false, false},
		{"a/..", true, false},
		{".", true, false},
		{"caf\u00e9", false, false},
		{"nul\x00", false, false},
		{`a\b`, false, false},
		{strings.Repeat("a/", transport.MaxDepth) + "a", false, false},
		{strings.Repeat("a", transport.MaxNameLen+1), false, false},
	} {
		err := transport.CheckName(tc.name, tc.dirOK)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, transport.ErrBadName)) {
			t.Errorf("CheckName(%q, %v) = %v, want ok=%v", tc.name, tc.dirOK, err, tc.ok)
		}
	}
}

// A name CheckName accepts is clean, relative and stays below the root.
func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"a", "a/b", "../x", "/x", "a/./b", "~syncthing~x.tmp", "caf\u00e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if transport.CheckName(name, true) != nil {
			return
		}
		if name == "" {
			return
		}
		if path.Clean(name) != name || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") || strings.ContainsAny(name, "\\\x00") {
			t.Fatalf("accepted %q", name)
		}
	})
}
