package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// over is c drawn over an opaque bg.
func over(c, bg color.Color) color.Color {
	r, g, b, a := c.RGBA()
	br, bgc, bb, _ := bg.RGBA()
	mix := func(x, y uint32) uint8 { return uint8((x + y*(0xffff-a)/0xffff) >> 8) }
	return color.NRGBA{mix(r, br), mix(g, bgc), mix(b, bb), 0xff}
}

// High contrast: a selected row's text read at about 4.7:1 on the translucent yellow behind it
// (white on #ffd700 at 53 % over black). Every text of the row chosen with the keyboard on
// Medicines, and text on the selection and focus colours (selected text, a menu's item), reads at
// 7:1 or more (WCAG 1.4.6).
func TestTheme_HighContrastSelectedRowText(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Mum", "m2", "Ramipril 5 mg", twiceDaily})
	u := rig.u
	u.app.Preferences().SetString(prefTheme, "contrast")
	u.applyTheme()
	u.shell.stale[scMeds] = true
	u.shell.show(scMeds)
	u.idle()
	list := u.shell.pages[scMeds].(*medsPage).list.list
	u.win.Canvas().Focus(list)
	list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	u.idle()
	th := u.app.Settings().Theme()
	v := u.app.Settings().ThemeVariant()
	bg := th.Color(theme.ColorNameBackground, v)
	fg := th.Color(theme.ColorNameForeground, v)
	for _, n := range []fyne.ThemeColorName{theme.ColorNameSelection, theme.ColorNameFocus} {
		if r := contrast(fg, over(th.Color(n, v), bg)); r < 7 {
			t.Errorf("text on %s: %.2f:1, want 7:1", n, r)
		}
	}
	// The row chosen, as drawn.
	checked := 0
	walk(list, func(x any) {
		o, ok := x.(fyne.CanvasObject)
		if !ok || !o.Visible() {
			return
		}
		item, ok := o.(fyne.Widget)
		if !ok || typeName(o) != "widget.listItem" {
			return
		}
		var back color.Color
		var texts []*canvas.Text
		walk(item, func(y any) {
			switch z := y.(type) {
			case *canvas.Rectangle:
				if z.Visible() && z.FillColor != nil && back == nil {
					if _, _, _, a := z.FillColor.RGBA(); a > 0 {
						back = z.FillColor
					}
				}
			case *canvas.Text:
				if z.Visible() && z.Text != "" && z.Text != "\n" {
					texts = append(texts, z)
				}
			}
		})
		if back == nil {
			return
		}
		for _, tx := range texts {
			checked++
			if r := contrast(tx.Color, over(back, bg)); r < 7 {
				t.Errorf("selected row: %q at %.2f:1 on its background, want 7:1", tx.Text, r)
			}
		}
	})
	if checked == 0 {
		t.Fatal("no row chosen drawn on Medicines")
	}
}
