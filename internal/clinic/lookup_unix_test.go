//go:build unix

package clinic

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A configuration that is a FIFO, a device or too large is refused without reading it (a
// FIFO would block the app at start).
func TestVerifyFileNotAFile(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	os.WriteFile(big, nil, 0o600)
	os.Truncate(big, MaxConfigBytes+1)
	for path, want := range map[string]string{
		fifo:        "cannot be read: it is a named pipe (FIFO), not a file",
		"/dev/zero": "cannot be read: it is a device, not a file",
		big:         "is larger than 1 MiB",
	} {
		_, err := f.loader.VerifyFile(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", path, err, want)
		}
	}
}
