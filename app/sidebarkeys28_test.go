package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// The screen list, reached by the keyboard: the row it is on is drawn as focus (the theme's
// focus colour and a ring), and Enter opens it as Space does (F237: a faint grey, and Enter
// did nothing).
func TestSidebar_KeyboardRowIsFocusAndEnterOpensIt(t *testing.T) {
	u, _ := demoUI(t)
	u.win.Resize(fyne.NewSize(1280, 800))
	u.idle()
	s := u.shell
	if !s.navWrap.Visible() {
		t.Fatal("no screen list at 1280×800")
	}
	s.show(scToday)
	u.idle()
	u.win.Canvas().Focus(s.sidebar)
	s.sidebar.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	s.sidebar.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	u.idle()
	th := u.app.Settings().Theme()
	v := u.app.Settings().ThemeVariant()
	focus, primary := th.Color(theme.ColorNameFocus, v), th.Color(theme.ColorNamePrimary, v)
	var fills, rings int
	walk(s.sidebar, func(o any) {
		r, ok := o.(*canvas.Rectangle)
		if !ok || !r.Visible() {
			return
		}
		if sameColour(r.FillColor, focus) {
			fills++
		}
		if r.StrokeWidth >= 2 && sameColour(r.StrokeColor, primary) {
			rings++
		}
	})
	if fills != 1 || rings != 1 {
		t.Errorf("the keyboard's row: %d rows in the focus colour, %d rings; want 1 and 1", fills, rings)
	}
	s.sidebar.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.idle()
	if s.current != screen(2) {
		t.Errorf("Enter on the third row: %q shown, want %q", s.current.title(), screen(2).title())
	}
	s.sidebar.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	s.sidebar.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	u.idle()
	if s.current != screen(3) {
		t.Errorf("Space on the fourth row: %q shown, want %q", s.current.title(), screen(3).title())
	}
}

func sameColour(a, b color.Color) bool {
	if a == nil || b == nil {
		return false
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
