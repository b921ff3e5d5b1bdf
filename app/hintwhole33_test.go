package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// hintSeenWhole fails t unless the text under a box that reads want is drawn whole inside the
// part of the dialog's scroll that shows it.
func hintSeenWhole(t *testing.T, win fyne.Window, what, want string) {
	t.Helper()
	pop, ok := win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("%s: no dialog", what)
	}
	drv := fyne.CurrentApp().Driver()
	var found *canvas.Text
	var scroll *container.Scroll
	var find func(o fyne.CanvasObject, sc *container.Scroll)
	find = func(o fyne.CanvasObject, sc *container.Scroll) {
		if o == nil || !o.Visible() {
			return
		}
		if s, ok := o.(*container.Scroll); ok {
			sc = s
		}
		if tx, ok := o.(*canvas.Text); ok && tx.Text == want && found == nil {
			found, scroll = tx, sc
		}
		for _, c := range childrenOf(o) {
			find(c, sc)
		}
	}
	find(pop.Content, nil)
	if found == nil {
		t.Fatalf("%s: no %q under a box", what, want)
	}
	top, bottom := drv.AbsolutePositionForObject(found).Y, drv.AbsolutePositionForObject(found).Y+found.MinSize().Height
	if scroll == nil {
		return
	}
	sTop := drv.AbsolutePositionForObject(scroll).Y
	sBottom := sTop + scroll.Size().Height
	if top < sTop-0.5 || bottom > sBottom+0.5 {
		t.Errorf("%s: %q is drawn from %.0f to %.0f, the scroll shows %.0f to %.0f: cut", what, want, top, bottom, sTop, sBottom)
	}
}

// F368: at 200 % on 1024×600 the box's own line "5 March or 3 May?" was cut in half by the
// form's scroll in Add person, Add appointment and Add measurement: the form scrolls to show it
// whole.
func TestDialogs_LineUnderABoxSeenWhole(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	u.win.Resize(fyne.NewSize(461, 270)) // 1024×600 at FYNE_SCALE=2
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
	hintSeenWhole(t, u.win, "Add person", "5 March or 3 May?")
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
	e.date.SetText("06.12.2026")
	u.win.Canvas().Focus(e.title)
	u.idle()
	hintSeenWhole(t, u.win, "Add appointment", "6 December or 12 June?")
	e.dialog.Hide()
	u.idle()

	m := u.shell.openMeasure()
	u.idle()
	u.win.Canvas().Focus(m.date)
	m.date.SetText("04.12.2026")
	u.win.Canvas().Focus(m.value)
	u.idle()
	if !strings.Contains(visibleTexts(u.win.Canvas().Overlays().Top()), "4 December or 12 April?") {
		t.Logf("Add measurement: %q", visibleTexts(u.win.Canvas().Overlays().Top()))
	}
	hintSeenWhole(t, u.win, "Add measurement", "4 December or 12 April?")
	m.dialog.Hide()
	u.idle()
}
