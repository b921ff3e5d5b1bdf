package table

import (
	"os"

	"golang.org/x/sys/unix"
)

// reserveSpace allocates the disk space of a new table file before it is written through its
// map (CareKeeper): the file is created sparse, and a page the disk cannot supply is a SIGBUS
// that kills the process, where fallocate says ENOSPC.
func reserveSpace(f *os.File, size int) error {
	switch err := unix.Fallocate(int(f.Fd()), 0, 0, int64(size)); err {
	case nil, unix.EOPNOTSUPP, unix.ENOSYS:
		return nil
	default:
		return &os.PathError{Op: "fallocate", Path: f.Name(), Err: err}
	}
}
