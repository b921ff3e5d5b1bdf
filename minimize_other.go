//go:build !((linux || freebsd || openbsd || netbsd) && !wayland && cgo)

package main

import "fyne.io/fyne/v2"

// minimizeWindow is not available here (Windows and macOS always have a tray, so the app
// hides there instead).
func minimizeWindow(fyne.Window) bool { return false }
