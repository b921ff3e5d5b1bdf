//go:build !((linux || freebsd || openbsd || netbsd) && !wayland && cgo)

package main

import (
	"os"
	"runtime"
)

// displayProblem is the line to print when no window can be opened, or "".
func displayProblem() string {
	if !hasDisplay() {
		return noDisplay
	}
	return ""
}

// displayFailed is the line to print when the window system refused the window.
func displayFailed() string {
	return noDisplay
}

// hasDisplay reports whether a window can be opened. Windows and macOS always have one; a
// Wayland build needs a compositor.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android":
		return true
	}
	return os.Getenv("WAYLAND_DISPLAY") != "" || os.Getenv("DISPLAY") != ""
}
