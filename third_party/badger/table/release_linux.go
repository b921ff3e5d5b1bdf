package table

import "golang.org/x/sys/unix"

// releasePages tells the system the process does not need the pages of b, a shared file map
// whose data is on disk, resident now (CareKeeper; CreateTable).
func releasePages(b []byte) { unix.Madvise(b, unix.MADV_DONTNEED) } //nolint:errcheck // advice only

// releaseStep is how many bytes of a new table are copied into its map between releases.
const releaseStep = 1 << 20
