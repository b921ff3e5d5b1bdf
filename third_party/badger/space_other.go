//go:build !linux

package badger

import "os"

// reserveLogSpace: see space_linux.go.
func reserveLogSpace(*os.File, int64) error { return nil }
