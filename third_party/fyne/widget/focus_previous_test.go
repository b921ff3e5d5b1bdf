// CareKeeper patch test (README.carekeeper.md): Shift+Tab goes back one stop in the order
// Tab goes forward: from a SelectEntry's ▾ to its own box, not to the box before it (F296).

package widget_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestShiftTabIsTabBackwards(t *testing.T) {
	test.NewTempApp(t)
	instructions := widget.NewSelectEntry([]string{"with food"})
	times := widget.NewSelectEntry([]string{"08:00"})
	add := widget.NewButton("Add", nil)
	w := test.NewTempWindow(t, container.NewVBox(instructions, times, add))
	w.Resize(fyne.NewSize(400, 300))
	c := w.Canvas()

	var forward []fyne.Focusable
	c.Focus(instructions)
	for i := 0; i < 5; i++ {
		forward = append(forward, c.Focused())
		c.FocusNext()
	}
	if forward[0] != instructions || forward[len(forward)-1] == nil {
		t.Fatalf("forward order %v", forward)
	}
	// Back from each stop is the stop before it.
	for i := len(forward) - 1; i > 0; i-- {
		c.Focus(forward[i])
		c.FocusPrevious()
		if got := c.Focused(); got != forward[i-1] {
			t.Errorf("Shift+Tab from stop %d (%T) went to %T, want stop %d (%T)", i, forward[i], got, i-1, forward[i-1])
		}
	}
}
