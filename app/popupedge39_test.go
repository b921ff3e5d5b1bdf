package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// F512 item 8: in High contrast a drop-down's list (the person list, Text size, Add
// measurement's kinds) had no edge or background of its own: black on the black page, its
// items read as the page's text. The list now has a background other than the page's and a
// light shadow around it (3:1 or more against the page).
func TestTheme_HighContrastPopUpListStandsOut(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "m2", "Ramipril 5 mg", twiceDaily})
	u := rig.u
	u.win.Resize(fyne.NewSize(600, 500))
	u.app.Preferences().SetString(prefTheme, "contrast")
	u.applyTheme()
	u.idle()
	th, v := u.app.Settings().Theme(), u.app.Settings().ThemeVariant()
	bg := th.Color(theme.ColorNameBackground, v)
	test.Tap(u.shell.person)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the person list did not open")
	}
	defer u.win.Canvas().Overlays().Remove(top)
	var edge, fill float64 = 1, 1
	walk(top, func(x any) {
		switch o := x.(type) {
		case *canvas.LinearGradient:
			edge = max(edge, contrast(over(o.StartColor, bg), bg), contrast(over(o.EndColor, bg), bg))
		case *canvas.RadialGradient:
			edge = max(edge, contrast(over(o.StartColor, bg), bg), contrast(over(o.EndColor, bg), bg))
		case *canvas.Rectangle:
			if o.FillColor != nil && o.Visible() {
				fill = max(fill, contrast(over(o.FillColor, bg), bg))
			}
		}
	})
	if edge < 3 {
		t.Errorf("the list's edge: %.2f:1 against the page, want 3:1", edge)
	}
	if fill <= 1.05 {
		t.Errorf("the list's background is the page's (%.2f:1)", fill)
	}
}
