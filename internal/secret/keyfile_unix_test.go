//go:build !windows

package secret_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/secret"
)

// A key file that is not a regular file is damaged, said at once: a FIFO in its place
// blocked every command forever, holding the vault lock.
func TestKeyFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.key")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	device := filepath.Join(dir, "zero.key")
	if err := os.Symlink("/dev/zero", device); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, device} {
		done := make(chan error, 1)
		go func() { _, err := secret.Unlock(p, []byte("any passphrase")); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, secret.ErrCorrupt) {
				t.Errorf("%s: %v, want ErrCorrupt", filepath.Base(p), err)
			}
		case <-time.After(time.Minute): // a guard against a hang, not a timing assertion
			t.Fatalf("%s: Unlock still waiting after a minute", filepath.Base(p))
		}
	}
}
