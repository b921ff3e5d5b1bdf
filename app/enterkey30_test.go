package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F349: Tab reached Today's "Taken" (its focus ring drawn) and Enter did nothing: only Space
// pressed it. A focused button is pressed by Enter (Return or the keypad's) and Space alike.
func TestFocusedButton_EnterPressesIt(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace} {
		pressed := 0
		b := widget.NewButton("Taken", func() { pressed++ })
		w := test.NewTempWindow(t, b)
		w.Canvas().Focus(b)
		w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: key})
		if pressed != 1 {
			t.Errorf("%s on a focused button: pressed %d times", key, pressed)
		}
	}
}
