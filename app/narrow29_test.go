package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"carekeeper/internal/remind"
)

// F191: with FYNE_SCALE=2 on a 1024×600 screen the window is about 500×280 units at the
// app's own 100 % text, and a medicine's settings were cut at the right: the Days row ended
// "Thu Fri Sat Sur", the Times box lost its ▾ list button, and the 14-day chart lost today's
// bar. Everything in the dialog is seen whole inside it, at the sides: the form scrolls up and
// down only.
func TestMedEditor_FitsANarrowWindow(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Hydrochlorothiazide 25 mg", twiceDaily})
	u := rig.u
	// Her clock is not this computer's: the Times row says whose it is (the widest label).
	mum := rig.people["Mum"]
	st, err := remind.LoadSettings(u.vault, mum)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Africa/Lagos"
	if err := remind.SaveSettings(context.Background(), u.vault, mum, st); err != nil {
		t.Fatal(err)
	}
	rig.advance(at(8, 0).Add(5e9))
	rig.showToday()
	due := rig.lines(lineDue)
	if len(due) != 1 {
		t.Fatalf("due at 08:00: %d lines", len(due))
	}
	test.Tap(due[0].taken)
	rig.settle()
	for _, size := range []fyne.Size{{Width: 500, Height: 280}, {Width: 461, Height: 270}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			u.win.Resize(size)
			u.idle()
			s := u.shell
			s.stale[scMeds] = true
			s.show(scMeds)
			u.idle()
			p := s.pages[scMeds].(*medsPage)
			if len(p.rows) != 1 {
				t.Fatalf("medicines: %d rows", len(p.rows))
			}
			p.rows[0].OnTap()
			top := topDialog(t, u)
			defer p.edit.dialog.Hide()
			sc := firstVScroll(top)
			if sc == nil {
				t.Fatal("the dialog's form does not scroll")
			}
			d := fyne.CurrentApp().Driver()
			left := d.AbsolutePositionForObject(sc).X
			right := left + sc.Size().Width
			if win := u.win.Canvas().Size().Width; left < 0 || right > win {
				t.Errorf("the form is at x %.0f–%.0f, the window %.0f wide", left, right, win)
			}
			if l := timesLabel(p.model, mum, u.rem.now()); !strings.Contains(l, "Lagos") {
				t.Errorf("the times are said as %q, not on her clock", l)
			}
			if !strings.Contains(labelTexts(top), "Doses taken on time") {
				t.Fatalf("no chart of the doses taken:\n%s", labelTexts(top))
			}
			for _, cut := range cutAtTheSides(d, sc, left, right, "medicine") {
				t.Error(cut)
			}
			for _, c := range p.edit.days {
				if c.Size().Width < c.MinSize().Width {
					t.Errorf("%s is %.0f wide, needs %.0f", c.Text, c.Size().Width, c.MinSize().Width)
				}
			}
			if n := countHScrolls(top); n > 0 {
				t.Errorf("%d sideways scrolls in the dialog", n)
			}
			var out []misplaced
			walkBounds(top, "medicine", &out)
			for _, m := range out {
				t.Errorf("%s %s", m.path, m.what)
			}
		})
	}
}

// cutAtTheSides lists what is drawn, wholly or in part, left of left or right of right
// (absolute x): what a vertical scroll cuts off at its sides. An entry's own text scrolls
// inside it and is not looked into.
func cutAtTheSides(d fyne.Driver, o fyne.CanvasObject, left, right float32, path string) []string {
	var out []string
	for i, c := range childrenOf(o) {
		if c == nil || !c.Visible() || c.Size().Width <= 0 || c.Size().Height <= 1 {
			continue
		}
		n := typeName(c)
		if strings.Contains(strings.ToLower(n), "shadow") {
			continue
		}
		p := fmt.Sprintf("%s/%d:%s", path, i, n)
		x := d.AbsolutePositionForObject(c).X
		if x < left-1 || x+c.Size().Width > right+1 {
			out = append(out, fmt.Sprintf("%s at x %.0f–%.0f, outside the dialog's %.0f–%.0f%s", p, x, x+c.Size().Width, left, right, textOf(c)))
			continue // its parts are then cut too: one report is enough
		}
		if strings.Contains(n, "Entry") {
			continue
		}
		if _, ok := c.(*container.Scroll); ok && c.(*container.Scroll).Direction != container.ScrollVerticalOnly {
			continue
		}
		out = append(out, cutAtTheSides(d, c, left, right, p)...)
	}
	return out
}

// firstVScroll is the first scroll up and down only under o.
func firstVScroll(o fyne.CanvasObject) *container.Scroll {
	if s, ok := o.(*container.Scroll); ok && s.Direction == container.ScrollVerticalOnly {
		return s
	}
	for _, c := range childrenOf(o) {
		if c == nil || !c.Visible() {
			continue
		}
		if s := firstVScroll(c); s != nil {
			return s
		}
	}
	return nil
}
