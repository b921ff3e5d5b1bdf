package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// seenWhole reports whether o, a visible object on win's overlays, is drawn whole: inside the
// window and inside the visible part of every scroll it is in.
func seenWhole(win fyne.Window, o fyne.CanvasObject) (bool, string) {
	drv := fyne.CurrentApp().Driver()
	pos, size := drv.AbsolutePositionForObject(o), o.Size()
	win0 := win.Canvas().Size()
	if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win0.Width+0.5 || pos.Y+size.Height > win0.Height+0.5 {
		return false, "outside the window"
	}
	// the scrolls it is in, outermost first
	var path func(c fyne.CanvasObject, scrolls []*container.Scroll) []*container.Scroll
	path = func(c fyne.CanvasObject, scrolls []*container.Scroll) []*container.Scroll {
		if c == o {
			return scrolls
		}
		switch x := c.(type) {
		case *container.Scroll:
			return path(x.Content, append(scrolls, x))
		case *fyne.Container:
			for _, k := range x.Objects {
				if p := path(k, scrolls); p != nil {
					return p
				}
			}
		case *widget.PopUp:
			return path(x.Content, scrolls)
		case fyne.Widget:
			r := test.WidgetRenderer(x)
			if r == nil {
				return nil
			}
			for _, k := range r.Objects() {
				if p := path(k, scrolls); p != nil {
					return p
				}
			}
		}
		return nil
	}
	for _, ov := range win.Canvas().Overlays().List() {
		for _, s := range path(ov, []*container.Scroll{}) {
			sp := drv.AbsolutePositionForObject(s)
			if pos.Y < sp.Y-0.5 || pos.Y+size.Height > sp.Y+s.Size().Height+0.5 {
				return false, "scrolled out of sight"
			}
		}
	}
	return true, ""
}

// F351 (at 200 %): on a 1024×600 screen with FYNE_SCALE=2 the line under Add measurement saying
// what is missing ("Enter the diastolic pressure.") was below the form's scroll, out of sight,
// and Tab or the wheel did not bring it: Add was off with nothing seen saying why. The line is
// seen whole as it changes, at 100 % and at 200 % text, and so is Add appointment's.
func TestAddMeasurement_MissingLineSeenAt200(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"FYNE_SCALE=2", 1, 461, 270}, {"Text size 200 %", 2, 922, 540}, {"100 %", 1, 1280, 800}} {
		t.Run(c.name, func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			d := u.shell.openMeasure()
			if d == nil {
				t.Fatal("no measurement dialog")
			}
			u.idle()
			test.Type(d.value, "130")
			u.idle()
			if !d.need.Visible() || d.need.Text != "Enter the diastolic pressure." {
				t.Fatalf("the line says %q (shown %v)", d.need.Text, d.need.Visible())
			}
			if ok, why := seenWhole(u.win, d.need); !ok {
				t.Errorf("%q: %s", d.need.Text, why)
			}
			d.dialog.Hide()
			u.idle()

			u.shell.show(scAppts)
			u.idle()
			p := u.shell.pages[scAppts].(*apptsPage)
			p.openEditor(nil)
			e := p.edit
			if e == nil {
				t.Fatal("no appointment dialog")
			}
			u.idle()
			setText(e.title, "Cardiology check")
			e.clock.SetText("9am")
			u.idle()
			if !e.need.Visible() || e.need.Text == "" {
				t.Fatalf("the appointment's line says %q (shown %v)", e.need.Text, e.need.Visible())
			}
			if ok, why := seenWhole(u.win, e.need); !ok {
				t.Errorf("appointment %q: %s", e.need.Text, why)
			}
			e.dialog.Hide()
			u.idle()
		})
	}
}

// scrollsAround are the scrolls o is in on win's overlays or content, outermost first.
func scrollsAround(win fyne.Window, o fyne.CanvasObject) []*container.Scroll {
	var path func(c fyne.CanvasObject, scrolls []*container.Scroll) []*container.Scroll
	path = func(c fyne.CanvasObject, scrolls []*container.Scroll) []*container.Scroll {
		if c == o {
			return scrolls
		}
		switch x := c.(type) {
		case *container.Scroll:
			return path(x.Content, append(scrolls[:len(scrolls):len(scrolls)], x))
		case *fyne.Container:
			for _, k := range x.Objects {
				if p := path(k, scrolls); p != nil {
					return p
				}
			}
		case fyne.Widget:
			r := test.WidgetRenderer(x)
			if r == nil {
				return nil
			}
			for _, k := range r.Objects() {
				if p := path(k, scrolls); p != nil {
					return p
				}
			}
		}
		return nil
	}
	return path(win.Content(), []*container.Scroll{})
}

// F347 (the button): at 200 % on a 1024×600 screen People's "Change this person…" had its right
// border under the scroll bar of the screen, which scrolls as a whole there. What the screen
// shows keeps clear of a scroll bar drawn over it, at 100 % and 200 %.
func TestPeople_ButtonsClearOfTheScrollBar(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Aspirin 100 mg", twiceDaily})
	u := rig.u
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"FYNE_SCALE=2", 1, 461, 200}, {"Text size 200 %", 2, 922, 540}, {"100 %", 1, 1280, 800}} {
		// (461×200: lower than 1024×600 at FYNE_SCALE=2, whose screen no longer scrolls since
		// the top bar is one row, F525 item 8.)
		t.Run(c.name, func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			s := u.shell
			s.show(scPeople)
			u.idle()
			u.win.Resize(fyne.NewSize(c.w-1, c.h-1))
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			p := s.pages[scPeople].(*peoplePage)
			bt := p.moreBt
			if !bt.Visible() {
				bt = p.delBt
			}
			drv := fyne.CurrentApp().Driver()
			right := drv.AbsolutePositionForObject(bt).X + bt.Size().Width
			scrolling := 0
			for _, sc := range scrollsAround(u.win, bt) {
				if sc.Content.MinSize().Height <= sc.Size().Height {
					continue // no scroll bar
				}
				scrolling++
				if bar := drv.AbsolutePositionForObject(sc).X + sc.Size().Width - theme.ScrollBarSize(); right > bar+0.5 {
					t.Errorf("%q ends at %.0f, under the scroll bar from %.0f", bt.Text, right, bar)
				}
			}
			if c.name == "FYNE_SCALE=2" && scrolling == 0 {
				t.Errorf("the screen does not scroll at %gx%g: nothing checked", c.w, c.h)
			}
		})
	}
}
