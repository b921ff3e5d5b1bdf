//go:build !windows

package storage

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// privateFiles makes every file the process creates from now on private to its owner
// (umask 077). It is process-wide and kept: Badger creates files from its own goroutines
// for as long as the vault is open.
func privateFiles() { unix.Umask(0o077) }

func chmod(p string, m fs.FileMode) { os.Chmod(p, m) } //nolint:errcheck // best effort
