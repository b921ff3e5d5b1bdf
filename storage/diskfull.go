package storage

import (
	"errors"
	"strings"
)

// ErrDiskFull means the disk holding the vault (or a file being written) ran out of space.
// Every write of ours is atomic, so nothing already saved was lost.
var ErrDiskFull = errors.New("the disk holding the vault is full: free some space; nothing was lost")

// isDiskFull recognises "no space" errors, also where Badger wrapped them in ways that do not
// unwrap.
func isDiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrDiskFull) || errNoSpace(err) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "no space left on device") || strings.Contains(s, "disk quota exceeded") ||
		strings.Contains(s, "There is not enough space on the disk")
}
