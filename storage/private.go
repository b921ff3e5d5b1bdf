package storage

import (
	"io/fs"
	"path/filepath"
)

// Every file of a vault is readable by its owner alone (0600, folders 0700). Badger creates
// its files with mode 0666 (0644 under the usual umask 022): the value logs, memtable logs,
// DISCARD, LOCK, MANIFEST and tables, some of them while the vault is open (a new value log, a
// flushed table). So before a vault is created or opened the process's umask is made 077
// (privateFiles, unix only; Windows has no mode bits), which covers every file created later
// by any goroutine, and what an earlier build left with wider modes is narrowed at open
// (narrowModes).

// narrowModes takes group and other permissions away from everything under dir.
func narrowModes(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error { //nolint:errcheck // best effort
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Mode()&0o077 == 0 || info.Mode()&fs.ModeSymlink != 0 {
			return nil
		}
		chmod(p, info.Mode().Perm()&^0o077)
		return nil
	})
}
