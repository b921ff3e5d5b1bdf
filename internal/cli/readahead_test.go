package cli

import (
	"fmt"
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

// The files of an import are read while the one before is written only when they are more
// than overlapMinBytes together (or a folder): a smaller import read one file ahead held two
// parsed files at once, its peak (the 13 Synthea bundles unlocked: ~5 MB of ~59 MB).
func TestOverlapReadingOnlyLargeImports(t *testing.T) {
	dir := t.TempDir()
	sized := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		return p
	}
	small := sized("small.json", 4<<20)
	half := sized("half.json", overlapMinBytes/2+1)
	bundles := []string{}
	for i := range 13 {
		bundles = append(bundles, sized(fmt.Sprintf("bundle%d.json", i), 2<<20))
	}
	for _, c := range []struct {
		name  string
		paths []string
		want  bool
	}{
		{"one small file", []string{small}, false},
		{"13 bundles of 2 MiB", bundles, false},
		{"two files over the size together", []string{half, half}, true},
		{"a folder", []string{small, dir}, true},
		{"a missing file", []string{filepath.Join(dir, "missing"), small}, false},
	} {
		if got := overlapReading(c.paths); got != c.want {
			t.Errorf("%s: overlapReading = %v, want %v", c.name, got, c.want)
		}
	}
}
