//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// CareKeeper patch test (README.carekeeper.md): Space on a button that opens a screen with a
// focused entry does not type a space into that entry. Runs on the real driver (TestMain in
// loop_idle_test.go starts its Xvfb).

package glfw

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func TestSpaceOnAButtonIsNotTypedIntoWhatItFocuses(t *testing.T) {
	var w *window
	pass := widget.NewPasswordEntry()
	lock := widget.NewButton("Lock", nil)
	runOnMain(func() {
		w = d.CreateWindow("Keys").(*window)
		lock.OnTapped = func() { // as CareKeeper's Lock: the unlock screen, its entry focused
			w.SetContent(container.NewVBox(pass))
			w.Canvas().Focus(pass)
		}
		w.SetContent(container.NewVBox(lock))
		w.Show()
		w.Canvas().Focus(lock)
	})
	defer runOnMain(w.Hide) // hidden, not closed: TestMain checks the loop waits with only hidden windows

	runOnMain(func() {
		// GLFW's order for one Space: the key, then its character.
		w.keyPressed(nil, glfw.KeySpace, 65, glfw.Press, 0)
		w.charInput(nil, ' ')
		w.keyPressed(nil, glfw.KeySpace, 65, glfw.Release, 0)
	})
	var focused fyne.Focusable
	var text string
	runOnMain(func() { focused, text = w.Canvas().Focused(), pass.Text })
	if focused != pass {
		t.Fatalf("Space on the button did not press it (focus %T)", focused)
	}
	if text != "" {
		t.Errorf("the entry the button focused holds %q: the Space was typed into it", text)
	}

	// Typing there still types.
	runOnMain(func() {
		w.keyPressed(nil, glfw.KeyA, 38, glfw.Press, 0)
		w.charInput(nil, 'a')
		w.keyPressed(nil, glfw.KeyA, 38, glfw.Release, 0)
		w.keyPressed(nil, glfw.KeySpace, 65, glfw.Press, 0)
		w.charInput(nil, ' ')
		w.keyPressed(nil, glfw.KeySpace, 65, glfw.Release, 0)
	})
	runOnMain(func() { text = pass.Text })
	if text != "a " {
		t.Errorf("typed 'a' and Space into the entry, it holds %q", text)
	}
}
