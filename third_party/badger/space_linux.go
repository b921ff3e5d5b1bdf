package badger

import (
	"os"

	"golang.org/x/sys/unix"
)

// reserveLogSpace gives a new memtable log (.mem) or value log (.vlog) its disk space with
// fallocate before anything is written through its map (CareKeeper): the file is created
// sparse (ristretto's z.OpenMmapFile truncates it to its size), and a page the disk cannot
// supply is a SIGBUS that kills the process, where fallocate says ENOSPC. (A new table's file
// gets the same in table/space_linux.go.)
func reserveLogSpace(f *os.File, size int64) error {
	switch err := unix.Fallocate(int(f.Fd()), 0, 0, size); err {
	case nil, unix.EOPNOTSUPP, unix.ENOSYS:
		return nil
	default:
		return &os.PathError{Op: "fallocate", Path: f.Name(), Err: err}
	}
}
