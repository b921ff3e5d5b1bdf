package hhvault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// F163: a plaintext output inside the household's shared folder (or a folder in it, or through
// a link to it) is refused, one outside it is not; a vault in no household or in one over
// WebDAV refuses nothing.
func TestNotInSharedFolder(t *testing.T) {
	v := openVault(t)
	folder := filepath.Join(t.TempDir(), "Household")
	if err := os.MkdirAll(filepath.Join(folder, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(folder, link); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "mary.json")
	if err := NotInSharedFolder(v, filepath.Join(folder, "mary.json")); err != nil {
		t.Errorf("a vault in no household refused: %v", err)
	}
	if err := saveConfig(t.Context(), v, &Config{WebDAV: "https://dav.example/hh"}); err != nil {
		t.Fatal(err)
	}
	if err := NotInSharedFolder(v, filepath.Join(folder, "mary.json")); err != nil {
		t.Errorf("a WebDAV household refused a local path: %v", err)
	}
	if err := saveConfig(t.Context(), v, &Config{Folder: folder}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(folder, "mary.json"), filepath.Join(folder, "sub", "mary.pdf"), filepath.Join(link, "mary.ics"), folder} {
		if err := NotInSharedFolder(v, outside, p); !errors.Is(err, ErrSharedFolder) {
			t.Errorf("%s: %v, want ErrSharedFolder", p, err)
		}
	}
	if err := NotInSharedFolder(v, outside, filepath.Join(filepath.Dir(folder), "Household-notes.json"), ""); err != nil {
		t.Errorf("outside the folder: %v", err)
	}
}
