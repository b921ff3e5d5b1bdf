package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// dialogInsideWindow fails t when the dialog on top asks for more than the window's width, or a
// text in it ends past its right edge (a long line under a box widened the dialog and was cut).
func dialogInsideWindow(t *testing.T, win fyne.Window, what string) {
	t.Helper()
	pop, ok := win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("%s: no dialog: %T", what, win.Canvas().Overlays().Top())
	}
	ww := win.Canvas().Size().Width
	if w := pop.Content.MinSize().Width; w > ww {
		t.Errorf("%s: the dialog asks for %.0f, wider than the window's %.0f", what, w, ww)
	}
	drv := fyne.CurrentApp().Driver()
	right := min(ww, drv.AbsolutePositionForObject(pop.Content).X+pop.Content.Size().Width)
	walk(pop.Content, func(o any) {
		var text string
		var end float32
		switch x := o.(type) {
		case *canvas.Text:
			if !x.Visible() || x.Text == "" {
				return
			}
			text, end = x.Text, drv.AbsolutePositionForObject(x).X+x.MinSize().Width
		case *widget.Label:
			if !x.Visible() || x.Text == "" {
				return
			}
			text, end = x.Text, drv.AbsolutePositionForObject(x).X+x.Size().Width
		default:
			return
		}
		if end > right+0.5 {
			t.Errorf("%s: %q ends at %.0f, past the dialog's edge at %.0f", what, text, end, right)
		}
	})
}

// F368: at 200 % on 1024×600 (FYNE_SCALE=2: a 461×270 window) "05/03/1950 could be 5 March or
// 3 May: write it with the month in words, e.g. 5 Mar 1950" under Birth date made Add person
// wider than the window, the line cut at "write it with the month in w"; the same under Add
// appointment's Date, its calendar button off the edge. Every dialog whose line under a box
// says what was typed keeps the window's width, and the whole sentence is said, wrapped.
func TestDialogs_LongLineUnderABoxWraps(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	whole := func(t *testing.T, need *widget.Label, want string) {
		t.Helper()
		if need == nil || !need.Visible() || need.Text != want {
			t.Errorf("the line under the form says %q, want %q", need.Text, want)
		}
	}
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"FYNE_SCALE=2", 1, 461, 270}, {"Text size 200 %", 2, 922, 540}} {
		t.Run(c.name, func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()

			u.shell.show(scPeople)
			u.idle()
			p := u.shell.pages[scPeople].(*peoplePage)
			p.openEditor(nil)
			u.idle()
			d := p.edit
			test.Type(d.name, "Ana Ruiz")
			u.win.Canvas().Focus(d.birth)
			test.Type(d.birth, "05/03/1950")
			u.win.Canvas().Focus(d.name)
			u.idle()
			dialogInsideWindow(t, u.win, "Add person")
			whole(t, d.need, "05/03/1950 could be 5 March or 3 May: write it with the month in words, e.g. 5 Mar 1950.")
			d.dialog.Hide()
			u.idle()

			u.shell.show(scAppts)
			u.idle()
			a := u.shell.pages[scAppts].(*apptsPage)
			a.openEditor(nil)
			u.idle()
			e := a.edit
			test.Type(e.title, "Dentist")
			u.win.Canvas().Focus(e.date)
			// Dots: "06/12/2026" is the form of an en_US locale's date box (12 June there, shown
			// as "12 Jun 2026"), and CI runs in en_US; written with dots it is asked about anywhere.
			e.date.SetText("06.12.2026")
			u.win.Canvas().Focus(e.title)
			u.idle()
			dialogInsideWindow(t, u.win, "Add appointment")
			whole(t, e.need, "06.12.2026 could be 6 December or 12 June: write it with the month in words, e.g. 6 Dec 2026.")
			e.date.SetText("12 Dec 2026")
			u.win.Canvas().Focus(e.clock)
			e.clock.SetText("quarter past nine in the evening")
			u.win.Canvas().Focus(e.title)
			u.idle()
			dialogInsideWindow(t, u.win, "Add appointment, a time")
			e.dialog.Hide()
			u.idle()

			m := u.shell.openMeasure()
			u.idle()
			u.win.Canvas().Focus(m.date)
			m.date.SetText("04/12/2026")
			u.win.Canvas().Focus(m.value)
			u.idle()
			dialogInsideWindow(t, u.win, "Add measurement")
			m.dialog.Hide()
			u.idle()
		})
	}
}

// The first run's Add person (no one yet) is the same form: its line under the boxes wraps.
func TestFirstRunAddPerson_LongLineUnderABoxWraps(t *testing.T) {
	u := unlocked(t)
	u.win.Resize(fyne.NewSize(461, 270))
	u.idle()
	m := u.main
	test.Tap(m.addPersonBt)
	d := m.addPerson
	if d == nil {
		t.Fatal("no Add person dialog")
	}
	test.Type(d.name, "Ana Ruiz")
	u.win.Canvas().Focus(d.birth)
	test.Type(d.birth, "05/03/1950")
	u.win.Canvas().Focus(d.name)
	u.idle()
	dialogInsideWindow(t, u.win, "Add person (first run)")
	if d.dialog.confirm.Disabled() == false {
		t.Error("Add is on with a birth date that could be either day")
	}
	setText(d.birth, "5 March 1950")
	u.idle()
	if d.dialog.confirm.Disabled() {
		t.Error("Add is off with '5 March 1950'")
	}
}
