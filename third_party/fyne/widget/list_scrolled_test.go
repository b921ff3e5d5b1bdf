// CareKeeper patch test (README.carekeeper.md): List.OnScrolled tells the app where the list is
// scrolled to, whether the person scrolled it (wheel, arrow keys) or the app did.

package widget_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestListOnScrolled(t *testing.T) {
	test.NewTempApp(t)
	l := widget.NewList(func() int { return 50 },
		func() fyne.CanvasObject { return widget.NewLabel("row") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(fmt.Sprint("row ", i)) })
	var got []float32
	l.OnScrolled = func(p fyne.Position) { got = append(got, p.Y) }
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(200, 200))

	test.Scroll(w.Canvas(), fyne.NewPos(50, 50), 0, -100) // the wheel
	if len(got) == 0 || got[len(got)-1] != l.GetScrollOffset() || l.GetScrollOffset() <= 0 {
		t.Fatalf("scrolled by the wheel to %v: OnScrolled said %v", l.GetScrollOffset(), got)
	}
	l.ScrollToTop()
	if got[len(got)-1] != 0 {
		t.Errorf("scrolled to the top: OnScrolled said %v", got)
	}
	w.Canvas().Focus(l)
	for i := 0; i < 20; i++ {
		l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // the arrow keys move the focused row
	}
	if o := l.GetScrollOffset(); o <= 0 || got[len(got)-1] != o {
		t.Errorf("20 rows down by the keys, at %v: OnScrolled said %v", o, got)
	}
}
