package storage

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/atomicfile"
)

// Opening a vault removes what killed runs left: a half-restored vault folder beside it
// (holding a copy of the key file), key-file rewrites of passwd/recover, a partial export in
// a folder written to before, and the same under the names older CareKeepers used. Files of
// a live writer, and files that are not ours, stay.
func TestOpenRemovesLeftovers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows recognises leftovers by age only")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "vault")
	kf, _ := keyTemplate(t)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		t.Fatal(err)
	}
	v := openTestVault(t, dir, Options{})
	// A live write into out registers the folder with the vault.
	out := t.TempDir()
	live, err := atomicfile.New(filepath.Join(out, "summary.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	v.Close()

	old := time.Now().Add(-2 * atomicfile.StaleAfter)
	mk := func(p string, dir bool) {
		t.Helper()
		if dir {
			if err := os.MkdirAll(p, 0o700); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mk(filepath.Join(parent, ".vault.carekeeper-tmp-123"), true)
	mk(filepath.Join(parent, ".vault.carekeeper-tmp-123", "vault.key"), false)
	mk(filepath.Join(parent, ".restore-456"), true)
	mk(filepath.Join(parent, ".restore-456", "vault.key"), false)
	os.Chtimes(filepath.Join(parent, ".restore-456"), old, old)
	mk(filepath.Join(dir, ".vault.key.carekeeper-tmp-9"), false)
	mk(filepath.Join(dir, ".vault.key.tmp-77"), false)
	os.Chtimes(filepath.Join(dir, ".vault.key.tmp-77"), old, old)
	mk(filepath.Join(out, ".carekeeper-export-5"), false) // an older CareKeeper's
	os.Chtimes(filepath.Join(out, ".carekeeper-export-5"), old, old)
	mk(filepath.Join(parent, "photos"), true)
	mk(filepath.Join(out, ".export.json.carekeeper-tmp-31"), false) // a killed export: no lock

	v = openTestVault(t, dir, Options{})
	defer v.Close()
	ls := func(d string) []string {
		var names []string
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	if got := ls(parent); !slices.Equal(got, []string{"photos", "vault"}) {
		t.Errorf("beside the vault: %v", got)
	}
	for _, n := range ls(dir) {
		if n[0] == '.' {
			t.Errorf("in the vault folder: %s", n)
		}
	}
	if got := ls(out); len(got) != 1 || filepath.Join(out, got[0]) != live.TempName() {
		t.Errorf("in the export folder: %v (the live one is %s)", got, filepath.Base(live.TempName()))
	}
}

// A restore killed part way leaves its hidden folder (with a copy of the key file) beside the
// vault that never appeared; the next run, even one that finds no vault, removes it.
func TestNoVaultStillRemovesRestoreLeftover(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows recognises leftovers by age only")
	}
	parent := t.TempDir()
	left := filepath.Join(parent, ".vault"+".carekeeper-tmp-42")
	if err := os.MkdirAll(left, 0o700); err != nil {
		t.Fatal(err)
	}
	kf, _ := keyTemplate(t)
	os.WriteFile(filepath.Join(left, "vault.key"), kf, 0o600)
	if _, err := Open(filepath.Join(parent, "vault"), []byte(testPass), Options{}); err != ErrNoVault {
		t.Fatalf("got %v", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left behind: %s", entries[0].Name())
	}
}
