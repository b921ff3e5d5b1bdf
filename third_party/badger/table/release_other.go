//go:build !linux

package table

// releasePages: see release_linux.go.
func releasePages([]byte) {}

const releaseStep = 1 << 20
