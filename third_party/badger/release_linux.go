package badger

import "golang.org/x/sys/unix"

// releasePages tells the system the process does not need the pages of b, part of a shared
// file map, resident now (CareKeeper; memtable.go releaseWritten).
func releasePages(b []byte) { unix.Madvise(b, unix.MADV_DONTNEED) } //nolint:errcheck // advice only
