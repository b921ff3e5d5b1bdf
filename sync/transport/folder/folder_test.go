package folder_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/transport"
	"carekeeper/sync/transport/folder"
	"carekeeper/sync/transport/transporttest"
)

func newFolder(t testing.TB, dir string) *folder.Folder {
	t.Helper()
	f, err := folder.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T) transporttest.Store {
		dir := t.TempDir()
		return transporttest.Store{A: newFolder(t, dir), B: newFolder(t, dir)}
	})
}

func TestNewRefusesMissingOrFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope")
	if _, err := folder.New(missing); !errors.Is(err, transport.ErrNotExist) {
		t.Fatalf("missing folder: %v", err)
	} else if want := "the shared folder " + missing + " does not exist"; err.Error() != want {
		// It said "… does not exist: file does not exist".
		t.Errorf("missing folder: %q, want %q", err, want)
	}
	p := filepath.Join(dir, "file")
	os.WriteFile(p, nil, 0o600)
	if _, err := folder.New(p); err == nil {
		t.Fatal("a file accepted as the shared folder")
	}
}

// The temporary names are ones the engines skip: Syncthing's temporary prefix and ".tmp"
// (which Nextcloud and Dropbox skip as "~*.tmp").
func TestTemporaryName(t *testing.T) {
	if !strings.HasPrefix(folder.TempPrefix, "~syncthing~") || folder.TempSuffix != ".tmp" {
		t.Fatal(folder.TempPrefix, folder.TempSuffix)
	}
}

// Sweep removes only Create's own temporary files, and only old ones.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	f := newFolder(t, dir)
	old := time.Now().Add(-48 * time.Hour)
	files := map[string]bool{ // name: removed by Sweep(1 day)
		folder.TempPrefix + "old" + folder.TempSuffix:   true,
		folder.TempPrefix + "fresh" + folder.TempSuffix: false,
		".syncthing.seg.tmp":                            false, // Syncthing's own
		"~syncthing~seg.tmp":                            false,
		"0000000000000001-00000001.seg":                 false,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("x"), 0o600)
		if name != folder.TempPrefix+"fresh"+folder.TempSuffix {
			os.Chtimes(p, old, old)
		}
	}
	n, err := f.Sweep(context.Background(), "", 24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("Sweep: %d, %v", n, err)
	}
	for name, gone := range files {
		if _, err := os.Stat(filepath.Join(dir, name)); (err != nil) != gone {
			t.Errorf("%s: removed %v, want %v", name, err != nil, gone)
		}
	}
}
