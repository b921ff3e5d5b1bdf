//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// CareKeeper patch test (README.carekeeper.md): a window its content grows stays on its
// monitor. Runs on the real driver (TestMain in loop_idle_test.go starts its Xvfb, 1024×768).

package glfw

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

func TestWindowGrownByItsContentStaysOnTheMonitor(t *testing.T) {
	var w *window
	box := canvas.NewRectangle(nil)
	box.SetMinSize(fyne.NewSize(400, 300))
	runOnMain(func() {
		w = d.CreateWindow("Grows").(*window)
		w.SetContent(box)
		w.Resize(fyne.NewSize(400, 300))
		w.Show()
	})
	defer runOnMain(w.Hide) // hidden, not closed: TestMain checks the loop waits with only hidden windows
	runOnMain(func() { w.viewport.SetPos(600, 400) })
	// The content grows: the window is grown to fit it, from where it is (CareKeeper's window
	// at x=51 on a 1024-pixel screen grew from 922 to 988 pixels).
	runOnMain(func() {
		box.SetMinSize(fyne.NewSize(700, 500))
		w.canvas.Refresh(box)
	})
	var x, y, width, height int
	for deadline := time.Now().Add(20 * time.Second); ; {
		runOnMain(func() {
			x, y = w.viewport.GetPos()
			width, height = w.viewport.GetSize()
		})
		if width >= 700 && height >= 500 {
			break
		}
		if time.Now().After(deadline) { // a deadline for failing, not a timing assertion
			t.Fatalf("the window was not grown for its content: %dx%d", width, height)
		}
		runOnMain(func() {})
	}
	if x < 0 || y < 0 || x+width > 1024 || y+height > 768 {
		t.Errorf("the window grown to %dx%d is at %d,%d: past the 1024×768 screen's edge", width, height, x, y)
	}
}
