package secret

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// writeAtomic writes data to path with mode 0600 via a temporary file in the
// same directory: write, fsync, then link (create=true: never replaces an
// existing file, fails with fs.ErrExist) or rename (create=false: replaces
// path), then fsync the directory.
//
// The link or rename is the commit point. If writeAtomic returns an error,
// path is untouched and the temporary file has been removed. After the
// commit point nothing is reported as an error: the new file is already in
// place, and a caller that saw an error could act on the wrong assumption
// (Create would discard a vault key that is already on disk). So the
// directory fsync and removing the temporary name after a link are best
// effort.
func writeAtomic(path string, data []byte, create bool) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if !closed {
			f.Close()
		}
		// After a rename this fails with ErrNotExist, which is fine. After a
		// link it removes the extra name (best effort).
		os.Remove(tmp)
	}()

	// CreateTemp already uses 0600; Chmod guards against odd umask or
	// platform defaults. On Windows it only controls the read-only bit.
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	closed = true
	if err := f.Close(); err != nil {
		return err
	}

	if create {
		if err := os.Link(tmp, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
			}
			// Hard links unsupported (e.g. FAT): check, then rename. This
			// has a small race window, acceptable for a single-user app.
			if _, statErr := os.Lstat(path); statErr == nil {
				return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
			} else if !errors.Is(statErr, fs.ErrNotExist) {
				return statErr
			}
			if err := os.Rename(tmp, path); err != nil {
				return err
			}
		}
	} else if err := os.Rename(tmp, path); err != nil {
		return err
	}

	// Best effort (see above): on a failure here the change is visible but
	// may not survive a power loss; the file itself was fsynced.
	_ = syncDir(dir)
	return nil
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be fsynced on Windows; NTFS journals renames
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
