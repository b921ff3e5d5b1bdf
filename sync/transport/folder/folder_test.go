package folder_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if _, err := folder.New(filepath.Join(dir, "nope")); !errors.Is(err, transport.ErrNotExist) {
		t.Fatalf("missing folder: %v", err)
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
