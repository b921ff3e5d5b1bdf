// CareKeeper patch test (README.carekeeper.md): a focused button drawn in a colour of its own
// carries a ring in the text colour; unfocused, or a plain button, none (F269).

package widget_test

import (
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestFocusedColouredButtonHasARing(t *testing.T) {
	test.NewTempApp(t)
	ring := func(b *widget.Button) float32 {
		for _, o := range test.TempWidgetRenderer(t, b).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok {
				return r.StrokeWidth
			}
		}
		t.Fatal("no background")
		return 0
	}
	taken := widget.NewButton("Taken", nil)
	taken.Importance = widget.HighImportance
	if ring(taken) != 0 {
		t.Error("an unfocused main button has a ring")
	}
	taken.FocusGained()
	if ring(taken) == 0 {
		t.Error("a focused main button has no ring: it looks as if unfocused")
	}
	taken.FocusLost()
	if ring(taken) != 0 {
		t.Error("the ring stays after the focus left")
	}
	skip := widget.NewButton("Skip", nil)
	skip.FocusGained()
	if ring(skip) != 0 {
		t.Error("a plain button (focus drawn as a fill) got a ring")
	}
}
