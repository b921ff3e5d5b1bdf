package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// A file over readAheadBytes is neither read ahead of the file being written nor read while it
// is written (F13: a 136 MB file read ahead would be a second parsed copy in memory); small
// files and folders are.
func TestReadAheadOnlySmallFiles(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	big := filepath.Join(dir, "big.ndjson")
	if err := os.WriteFile(small, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(readAheadBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	for _, c := range []struct {
		path string
		want bool
	}{{small, true}, {big, false}, {dir, true}, {filepath.Join(dir, "missing"), true}} {
		if got := readAhead(c.path); got != c.want {
			t.Errorf("readAhead(%s) = %v, want %v", filepath.Base(c.path), got, c.want)
		}
	}
}
