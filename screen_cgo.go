//go:build cgo

package main

import (
	"os"
	"strconv"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// screenSize is the work area of the primary screen in Fyne's units (pixels over the scale
// Fyne will use), read from GLFW. Call it on the main goroutine once the driver runs (the
// app's OnStarted).
func screenSize() (fyne.Size, bool) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}, false
	}
	_, _, w, h := m.GetWorkarea()
	if w <= 0 || h <= 0 {
		mode := m.GetVideoMode()
		if mode == nil {
			return fyne.Size{}, false
		}
		w, h = mode.Width, mode.Height
	}
	scale := float32(1)
	// Fyne's own detection: the monitor's DPI over a baseline of 120, never below 1.
	if mode := m.GetVideoMode(); mode != nil {
		if mm, _ := m.GetPhysicalSize(); mm > 0 {
			dpi := float32(mode.Width) / (float32(mm) / 25.4)
			if dpi >= 10 && dpi <= 1000 && dpi/120 > 1 {
				scale = dpi / 120
			}
		}
	}
	if s, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && s > 0 {
		scale *= float32(s)
	}
	return fyne.NewSize(float32(w)/scale, float32(h)/scale), true
}
