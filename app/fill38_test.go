package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// F503: at 1024×600 with FYNE_SCALE=2, Ingrid's Appointments (2 rows) scrolled by one step of
// the wheel folded its header away and left the list a box of its rows' height less one unit,
// over an empty band (the unit kept it scrolling, so the wheel could bring the header back).
// The list now fills the page; the wheel up over it brings the header back, as do the keyboard
// and new rows.
func TestShortWindow_FewRowsFillThePage(t *testing.T) {
	u := fewRowsUI(t)
	s := u.shell
	// Windows taller than 1024×600 at FYNE_SCALE=2 (461×270), where June's rows do not all
	// fit, and short still: the header takes more than a quarter of the page.
	for _, c := range []struct {
		sc screen
		h  float32
	}{{scConditions, 480}, {scAppts, 380}} {
		sc := c.sc
		t.Run(sc.title(), func(t *testing.T) {
			u.win.Resize(fyne.NewSize(461, c.h))
			s.show(sc)
			u.idle()
			f := frameOfScreen(s, sc)
			page, head := f.box, f.box.Objects[0]
			l := shownList(page.Objects[1])
			if l == nil || !head.Visible() {
				t.Fatal("no list shown, or no header at the top")
			}
			if l.ContentHeight() > page.Size().Height || l.ContentHeight() <= l.Size().Height {
				t.Fatalf("the rows (%.0f) do not all fit the page (%.0f), or fit under the header (%.0f): not the case tested",
					l.ContentHeight(), page.Size().Height, l.Size().Height)
			}
			wheel := func(dy float32) {
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).AddXY(20, 5)
				test.Scroll(u.win.Canvas(), pos, 0, dy)
				u.idle()
			}
			fills := func(when string) {
				t.Helper()
				if head.Visible() || l.Size().Height != page.Size().Height {
					t.Errorf("%s: the header is shown %v, the list %.0f high in a page %.0f high (its rows %.0f)",
						when, head.Visible(), l.Size().Height, page.Size().Height, l.ContentHeight())
				}
			}
			wheel(-25)
			fills("one step of the wheel down")
			wheel(-25)
			wheel(-25)
			fills("three steps down")
			wheel(25)
			if !head.Visible() {
				t.Error("one step of the wheel up: the header is not shown")
			}
			wheel(-25)
			fills("down again")
			f.unfoldForKeys(true) // Tab from the top bar
			if !head.Visible() {
				t.Error("the keyboard: the header is not shown")
			}
			u.idle()
			wheel(-25)
			fills("down after the keyboard")
			f.setEmpty(false) // the page's rows set again (another person, new records)
			if !head.Visible() {
				t.Error("rows set again: the header is not shown")
			}
		})
	}
}
