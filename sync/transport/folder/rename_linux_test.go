package folder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The fallback for file systems without hard links never replaces an existing name.
func TestRenameNoReplace(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "d"), 0o700)
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	os.WriteFile(filepath.Join(dir, "d", "tmp1"), []byte("one"), 0o600)
	os.WriteFile(filepath.Join(dir, "d", "tmp2"), []byte("two"), 0o600)
	if err := renameNoReplace(r, "d", "tmp1", "name"); err != nil {
		t.Fatal(err)
	}
	if err := renameNoReplace(r, "d", "tmp2", "name"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second rename: %v", err)
	}
	if err := checkThenRename(r, "d", "tmp2", "name"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("check then rename: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "d", "name")); string(b) != "one" {
		t.Fatalf("name holds %q", b)
	}
}
