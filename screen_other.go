//go:build !cgo

package main

import "fyne.io/fyne/v2"

// screenSize is not known without GLFW: the window opens at its default size.
func screenSize() (fyne.Size, bool) { return fyne.Size{}, false }
