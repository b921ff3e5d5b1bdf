//go:build !windows

package storage

import "golang.org/x/sys/unix"

// dontNeed releases the resident pages of a shared file map (their data stays in the file).
func dontNeed(b []byte) { unix.Madvise(b, unix.MADV_DONTNEED) } //nolint:errcheck // advice only
