package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// At 200 % text on 1024×600 the Care team and Appointments rows wrap their words, as
// Medicines' do, each row as tall as its words need: they were cut with '…' ('no contact d…',
// the doctor of a visit, F199).
func TestRows_CareTeamAndAppointmentsWrapAtLargeText(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	atLargeText(u, 1024, 600)
	for _, sc := range []screen{scAppts, scTeam, scConditions} {
		s.show(sc)
		u.idle()
		u.win.Resize(fyne.NewSize(1024, 601)) // lay the page out at its size
		u.win.Resize(fyne.NewSize(1024, 600))
		u.idle()
		var list *rowList
		switch p := s.pages[sc].(type) {
		case *apptsPage:
			list = p.list
		case *teamPage:
			list = p.list
		case *conditionsPage: // F489 item 3: "from fhir.praxis-mueller.example.de a…"
			list = p.list
		}
		if list.fit == nil || len(list.rows) == 0 {
			t.Fatalf("%s: rows do not wrap (%d rows)", sc.title(), len(list.rows))
		}
		w := list.list.Size().Width
		one := newWrapRowItem()
		list.update(0, one)
		tallest := float32(0)
		for i := range list.rows {
			item := newWrapRowItem()
			list.update(i, item)
			h := list.fit.h[i]
			item.Resize(fyne.NewSize(w, h))
			for _, o := range item.(*fyne.Container).Objects[0].(*fyne.Container).Objects {
				if l := o.(*widget.Label); l.Truncation != fyne.TextTruncateOff || l.Wrapping != fyne.TextWrapWord {
					t.Errorf("%s: %q is cut, not wrapped", sc.title(), l.Text)
				}
			}
			if need := item.MinSize().Height; need > h+0.5 {
				t.Errorf("%s: row %q needs %v, has %v", sc.title(), list.rows[i].Title, need, h)
			}
			tallest = max(tallest, h)
		}
		if tallest <= newRowItem().MinSize().Height && sc != scConditions { // the demo's conditions fit one line
			t.Errorf("%s at 200 %%, 1024 wide: no row wrapped (tallest %v)", sc.title(), tallest)
		}
	}
}

// The rows drawn on the screen are the wrapping ones.
func TestRows_DrawnRowsWrap(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	atLargeText(u, 1024, 600)
	for _, sc := range []screen{scAppts, scTeam, scConditions} {
		s.show(sc)
		u.idle()
		u.win.Resize(fyne.NewSize(1024, 601))
		u.win.Resize(fyne.NewSize(1024, 600))
		u.idle()
		n := 0
		walk(s.views[sc], func(o any) {
			if l, ok := o.(*widget.Label); ok && l.SizeName != "" && l.Text != "" {
				n++
				if l.Truncation != fyne.TextTruncateOff {
					t.Errorf("%s: %q is cut (truncation %v)", sc.title(), l.Text, l.Truncation)
				}
			}
		})
		if n == 0 {
			t.Errorf("%s: no row drawn", sc.title())
		}
	}
}
