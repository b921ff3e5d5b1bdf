package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
)

// F539: at text 150 % on a 1024×600 screen at FYNE_SCALE=2 (and at 200 % on a screen a little
// larger), Add measurement showed its form in a strip one row high: "Person [Gérard Leb…]"
// and "Enter the systolic pressure." under it, with no box to type it in. The form's scroll
// now shows at least the person, the measurement and the value to type, whole.
func TestAddMeasurement_FormSeenOnASmallScreen(t *testing.T) {
	for _, c := range []struct {
		scale  float32
		window fyne.Size
	}{
		{1.5, windowSize(scale2Screen)},
		{2, fyne.NewSize(512, 384)}, // 1024×768 at FYNE_SCALE=2
	} {
		t.Run(fmt.Sprint(c.scale), func(t *testing.T) {
			u, _ := demoUI(t)
			u.app.Preferences().SetFloat(prefTextSize, float64(c.scale))
			u.applyTheme()
			u.win.Resize(c.window)
			u.shell.show(scResults)
			u.idle()
			d := u.shell.openMeasure()
			if d == nil {
				t.Fatal("no measurement dialog")
			}
			u.idle()
			f := d.dialog
			view := f.scroll.Size().Height
			drv := fyne.CurrentApp().Driver()
			bottom := func(w fyne.CanvasObject) float32 {
				return drv.AbsolutePositionForObject(w).Y - drv.AbsolutePositionForObject(f.content).Y + w.Size().Height
			}
			t.Logf("dialog %v, scroll %v, value's bottom %v", f.MinSize(), f.scroll.Size(), bottom(d.value))
			if b := bottom(d.value); b > view {
				t.Errorf("the form's scroll is %v high; the value box ends at %v: it is out of sight", view, b)
			}
			if d.need.Visible() && d.need.Size().Height < d.need.MinSize().Height {
				t.Errorf("the line under the form is cut: %v for %v", d.need.Size(), d.need.MinSize())
			}
		})
	}
}
