//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// CareKeeper patch test (README.carekeeper.md): Tab brings the control it focuses into view.
// Runs on the real driver (TestMain in loop_idle_test.go starts its Xvfb).

package glfw

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func TestTabScrollsTheFocusedControlIntoView(t *testing.T) {
	var w *window
	list := container.NewVBox()
	var buttons []*widget.Button
	for i := 0; i < 40; i++ {
		b := widget.NewButton(fmt.Sprintf("Button %d", i), func() {})
		buttons = append(buttons, b)
		list.Add(b)
	}
	scroll := container.NewVScroll(list)
	told := []float32{0} // the offsets OnScrolled was told: a list or a screen's header follows them
	scroll.OnScrolled = func(p fyne.Position) { told = append(told, p.Y) }
	runOnMain(func() {
		w = d.CreateWindow("Tab").(*window)
		w.SetContent(scroll)
		w.Resize(fyne.NewSize(300, 200))
		w.Show()
		w.Canvas().Focus(buttons[0])
	})
	defer runOnMain(w.Hide) // hidden, not closed: TestMain checks the loop waits with only hidden windows

	visible := func(b *widget.Button) bool {
		top := b.Position().Y - scroll.Offset.Y
		return top >= 0 && top+b.Size().Height <= scroll.Size().Height
	}
	for i := 1; i < len(buttons); i++ {
		var focused fyne.Focusable
		var seen bool
		runOnMain(func() {
			w.keyPressed(nil, glfw.KeyTab, 23, glfw.Press, 0)
			w.keyPressed(nil, glfw.KeyTab, 23, glfw.Release, 0)
			focused, seen = w.Canvas().Focused(), visible(buttons[i])
		})
		if focused != buttons[i] {
			t.Fatalf("Tab %d focused %v, want Button %d", i, focused, i)
		}
		if !seen {
			t.Fatalf("Tab %d focused Button %d out of view (its top %v, scrolled %v, view %v)", i, i, buttons[i].Position().Y, scroll.Offset.Y, scroll.Size().Height)
		}
	}
	if last := told[len(told)-1]; last != scroll.Offset.Y || last <= 0 {
		t.Errorf("scrolled to %v by Tab, OnScrolled was told %v", scroll.Offset.Y, last)
	}
	// Shift+Tab back to the first: in view again.
	for i := len(buttons) - 2; i >= 0; i-- {
		var seen bool
		runOnMain(func() {
			w.keyPressed(nil, glfw.KeyTab, 23, glfw.Press, glfw.ModShift)
			w.keyPressed(nil, glfw.KeyTab, 23, glfw.Release, glfw.ModShift)
			seen = visible(buttons[i])
		})
		if !seen {
			t.Fatalf("Shift+Tab focused Button %d out of view", i)
		}
	}
	if last := told[len(told)-1]; last != 0 || scroll.Offset.Y != 0 {
		t.Errorf("back at the top by Shift+Tab (%v), OnScrolled was told %v", scroll.Offset.Y, last)
	}
}
