package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// F504: in High contrast the top bar's person switcher (and the screen selector) were black on
// black, their text alone on the bar: a person could not tell them from a label. Every theme
// now draws each Select's edge at 3:1 or more against the background (WCAG 1.4.11), as a
// text field's: High contrast and Light drew none (#f3f3f3 on white is 1.1:1).
func TestTheme_SelectsHaveABox(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "m2", "Ramipril 5 mg", twiceDaily})
	u := rig.u
	u.win.Resize(fyne.NewSize(600, 500)) // narrow: the screen selector instead of the sidebar
	for _, variant := range []string{"contrast", "light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			u.app.Preferences().SetString(prefTheme, variant)
			u.applyTheme()
			u.idle()
			th := u.app.Settings().Theme()
			bg := th.Color(theme.ColorNameBackground, u.app.Settings().ThemeVariant())
			for _, c := range []struct {
				name string
				sel  *widget.Select
			}{{"person", u.shell.person}, {"screen", u.shell.navSelect}} {
				name, sel := c.name, c.sel
				if !sel.Visible() {
					t.Fatalf("the %s selector is not shown", name)
				}
				if r := edgeContrast(u, sel, bg); r < 3 {
					t.Errorf("the %s selector's edge: %.2f:1 against the background, want 3:1", name, r)
				}
			}
		})
	}
}

// edgeContrast is the best contrast against bg of a rectangle drawn at o's place and size: its
// stroke, or its fill.
func edgeContrast(u *UI, o fyne.CanvasObject, bg color.Color) float64 {
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	best := 1.0
	walk(u.win.Canvas().Content(), func(x any) {
		r, ok := x.(*canvas.Rectangle)
		if !ok || !r.Visible() || r.Size() != size || d.AbsolutePositionForObject(r) != pos {
			return
		}
		if r.StrokeWidth > 0 && r.StrokeColor != nil {
			best = max(best, contrast(over(r.StrokeColor, bg), bg))
		}
		if r.FillColor != nil {
			best = max(best, contrast(over(r.FillColor, bg), bg))
		}
	})
	return best
}
