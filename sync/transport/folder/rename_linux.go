package folder

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames tmp to base in dir with RENAME_NOREPLACE, through a descriptor of
// dir opened inside the root (both names are single parts, so nothing is resolved outside).
func renameNoReplace(r *os.Root, dir, tmp, base string) error {
	d, err := r.Open(orDot(dir))
	if err != nil {
		return err
	}
	defer d.Close()
	fd := int(d.Fd())
	err = unix.Renameat2(fd, tmp, fd, base, unix.RENAME_NOREPLACE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EEXIST):
		return fs.ErrExist
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.ENOTSUP):
		return checkThenRename(r, dir, tmp, base)
	}
	return err
}
