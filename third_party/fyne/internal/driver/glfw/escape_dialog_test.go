//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// CareKeeper patch test (README.carekeeper.md): Escape closes the dialog on top as its dismiss
// button would, whatever inside it has the focus; a dialog without a dismiss button ignores
// it. Runs on the real driver (TestMain in loop_idle_test.go starts its Xvfb).

package glfw

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func TestEscapeClosesTheDialogOnTop(t *testing.T) {
	var w *window
	field := widget.NewEntry()
	closed := 0
	var record, own dialog.Dialog
	runOnMain(func() {
		w = d.CreateWindow("Escape").(*window)
		w.SetContent(container.NewVBox(widget.NewLabel("behind")))
		w.Resize(fyne.NewSize(400, 300))
		w.Show()
		record = dialog.NewCustom("Record", "Close", container.NewVBox(widget.NewLabel("What"), field), w)
		record.SetOnClosed(func() { closed++ })
		record.Show()
		w.Canvas().Focus(field) // focus inside the dialog: Escape still closes it
	})
	defer runOnMain(w.Hide) // hidden, not closed: TestMain checks the loop waits with only hidden windows

	escape := func() {
		runOnMain(func() {
			w.keyPressed(nil, glfw.KeyEscape, 9, glfw.Press, 0)
			w.keyPressed(nil, glfw.KeyEscape, 9, glfw.Release, 0)
		})
	}
	escape()
	var top fyne.CanvasObject
	runOnMain(func() { top = w.Canvas().Overlays().Top() })
	if closed != 1 || top != nil {
		t.Fatalf("Escape: the dialog closed %d times, top overlay %T", closed, top)
	}

	// A dialog with buttons of its own (nothing says which is "cancel") stays.
	runOnMain(func() {
		own = dialog.NewCustomWithoutButtons("Code", widget.NewLabel("shown once"), w)
		own.Show()
	})
	escape()
	runOnMain(func() { top = w.Canvas().Overlays().Top() })
	if top == nil {
		t.Error("Escape closed a dialog without a dismiss button")
	}
	runOnMain(own.Hide)
}
