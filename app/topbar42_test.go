package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lowScreen is a screen where 200 % text does not fit: lower than 1024×600
// at FYNE_SCALE=2 (512×300), where 200 % fits since the top bar is one row.
var lowScreen = fyne.NewSize(512, 180)

// topBar is the shell's top bar: the container laid out by barLayout.
func topBar(t *testing.T, s *shell) *fyne.Container {
	t.Helper()
	var bar *fyne.Container
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		if c, ok := o.(*fyne.Container); ok {
			if _, ok := c.Layout.(*barLayout); ok {
				bar = c
			}
		}
		for _, k := range kids(o) {
			find(k)
		}
	}
	find(s.content)
	if bar == nil {
		t.Fatal("no top bar")
	}
	return bar
}

// F525 item 8: at 150 % and 200 % text on a 1024×600 screen (FYNE_SCALE=2; the window 922×540,
// 461×270 units) the top bar took two rows — "CareKeeper", the person and Lock over the screen
// selector — and with a page's header left Today's list a strip at the bottom. The bar is one
// row: the name folds into the logo, the selectors share the row (cut with "…" when need be),
// Lock stays in reach inside the window.
func TestShell_TopBarIsOneRowOnASmallScreen(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Margaret Mary O'Brien", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Kenji Tanaka", "d1", "Aspirin 100 mg", twiceDaily})
	u := rig.u
	s := u.shell
	for _, win := range []fyne.Size{fyne.NewSize(461, 270), scale2Screen} {
		for _, text := range []float64{1, 1.5, 2} {
			t.Run(fmt.Sprintf("%vx%v/%.0f%%", win.Width, win.Height, text*100), func(t *testing.T) {
				u.app.Preferences().SetFloat(prefTextSize, text)
				u.applyTheme()
				u.win.Resize(win)
				u.idle()
				bar := topBar(t, s)
				row := s.person.MinSize().Height
				if h := bar.Size().Height; h > 1.5*row {
					t.Errorf("the top bar is %.0f high, a row is %.0f", h, row)
				}
				d := fyne.CurrentApp().Driver()
				width := u.win.Canvas().Size().Width
				for _, part := range []struct {
					name string
					o    fyne.CanvasObject
				}{{"screen selector", s.navSelect}, {"person", s.person}, {"Lock", s.lockShown()}} {
					name, o := part.name, part.o
					if !o.Visible() {
						t.Errorf("%s is hidden", name)
						continue
					}
					at := d.AbsolutePositionForObject(o)
					if at.X < 0 || at.X+o.Size().Width > width+0.5 {
						t.Errorf("%s spans %.0f–%.0f in a window %.0f wide", name, at.X, at.X+o.Size().Width, width)
					}
					if sel, ok := o.(*widget.Select); ok && sel.Size().Width < 5*theme.TextSize() {
						t.Errorf("%s is %.0f wide: no room for its words", name, sel.Size().Width)
					}
				}
			})
		}
	}
}

// F525 item 8: the wheel scrolls the screen wherever the pointer is, over the top bar too (at
// 200 % on a small screen the bar and a page's header were most of the window, and the wheel
// over them did nothing).
func TestShell_WheelOverTheTopBarScrollsTheScreen(t *testing.T) {
	meds := []medFixture{}
	for i := range 6 {
		meds = append(meds, medFixture{"Mum", fmt.Sprintf("d%d", i), fmt.Sprintf("Daily medicine number %d 10 mg tablet", i), twiceDaily})
	}
	rig := newRemindRig(t, at(7, 0), meds...)
	u := rig.u
	rig.advance(at(14, 0))
	rig.showToday()
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(461, 270))
	u.idle()
	tp := rig.today()
	body := tp.frame.body.(*container.Scroll)
	body.ScrollToOffset(fyne.Position{})
	tp.frame.scrolled()
	u.idle()
	d := fyne.CurrentApp().Driver()
	for _, part := range []struct {
		name string
		o    fyne.CanvasObject
	}{{"the person", u.shell.person}, {"Lock", u.shell.lockShown()}} {
		name, o := part.name, part.o
		over := d.AbsolutePositionForObject(o).AddXY(4, 4)
		test.Scroll(u.win.Canvas(), over, 0, -30)
		u.idle()
		if body.Offset.Y <= 0 {
			t.Errorf("the wheel down over %s at %v did not scroll Today", name, over)
		}
		for range 10 {
			test.Scroll(u.win.Canvas(), over, 0, 30)
			u.idle()
		}
		if body.Offset.Y != 0 {
			t.Errorf("the wheel up over %s did not bring Today back to its top: offset %.0f", name, body.Offset.Y)
		}
	}
}
