package health

import (
	"strings"
	"testing"
)

// Fit cuts a name to its columns with "…", counting a CJK character as two columns.
func TestFit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cols int
		want string
	}{
		{"Ann Lee", 40, "Ann Lee"},
		{"Ann Lee", 7, "Ann Lee"},
		{"Ann Lee", 6, "Ann L…"},
		{"王小明王小明", 12, "王小明王小明"},
		{"王小明王小明", 11, "王小明王小…"},
		{"王小明王小明", 10, "王小明王…"},
		{strings.Repeat("x", 600), 40, strings.Repeat("x", 39) + "…"},
	} {
		got := Fit(tc.in, tc.cols)
		if got != tc.want || DisplayWidth(got) > tc.cols {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.in, tc.cols, got, tc.want)
		}
	}
}
