//go:build unix

package sync_test

import (
	"path/filepath"
	"syscall"
	"testing"

	cksync "carekeeper/sync"
)

// Files that are not files are refused at once, without reading: a FIFO would block the
// import forever (holding the vault), /dev/zero would grow without end.
func TestImportNotAFile(t *testing.T) {
	v, _ := newVault(t)
	before := dumpVault(t, v)
	fifo := filepath.Join(t.TempDir(), "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, want string }{
		{"fifo without a writer", fifo, "named pipe (FIFO), not a file"},
		{"endless device", "/dev/zero", "device, not a file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := cksync.ImportFile(ctx, v, c.path, cksync.Options{})
			checkFileError(t, err, c.path, c.want)
			if _, err := cksync.ReadInput(c.path); err == nil {
				t.Error("ReadInput accepts it")
			}
		})
	}
	if dumpVault(t, v) != before {
		t.Fatal("the vault changed")
	}
}
