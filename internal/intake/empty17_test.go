package intake

import (
	"errors"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// Issue 15: an empty file was refused as "empty input at line 1, column 1"; it is "the file is
// empty", whatever its name says it is, and nothing is written.
func TestEmptyFile(t *testing.T) {
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	for _, tc := range []struct{ name, data string }{
		{"record.json", ""},
		{"summary.xml", " \r\n\t "},
		{"card.smart-health-card", "\xEF\xBB\xBF"},
		{"export.zip", ""},
	} {
		_, err := importPath(t, v, write(t, tc.name, []byte(tc.data)), opt)
		if !errors.Is(err, ErrEmpty) || !strings.HasSuffix(err.Error(), ": the file is empty") || strings.Contains(err.Error(), "line") {
			t.Errorf("%s %q: %v", tc.name, tc.data, err)
		}
	}
	if n := counts(t, v); len(n) != 0 {
		t.Errorf("written: %v", n)
	}
}
