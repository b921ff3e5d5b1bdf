package app

import (
	"strings"
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F355: Courtney Schinner (Synthea) has medicines to confirm ("Still active in the record since
// 2021 — still taking it?"). Opened from the keyboard, the question could not be left with
// Escape: it is "Not sure yet", nothing answered.
func TestStillTakingQuestion_EscapeIsNotSureYet(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Courtney_Schinner_*.json")
	s := u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	var r row
	for _, x := range meds.rows {
		if strings.Contains(x.Sub, "still taking it?") {
			r = x
			break
		}
	}
	if r.OnTap == nil {
		t.Fatalf("no medicine to confirm in %+v", meds.rows)
	}
	r.OnTap()
	top := u.win.Canvas().Overlays().Top()
	esc, ok := top.(interface{ TypedEscape() bool })
	if top == nil || !ok || !esc.TypedEscape() {
		t.Fatalf("Escape not taken by the question (%T)", top)
	}
	u.idle()
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("the question is still open after Escape")
	}
	for _, x := range meds.rows {
		if x.Title == r.Title && !strings.Contains(x.Sub, "still taking it?") {
			t.Errorf("Escape answered it: %q", x.Sub)
		}
	}
}

// F347: at 200 % on 1024×600 (a window of 461×270) "Delete … ?" laid its paragraph out 460
// wide inside a narrower dialog: the lines' last letters ("the portal|s", "onl|y") were cut at
// the window's edge. Every word of it is inside the dialog.
func TestDeletePerson_TextInsideTheDialogOnASmallScreen(t *testing.T) {
	u := unlocked(t)
	j60 := brennans(t, u)
	s := u.shell
	u.win.Resize(fyne.NewSize(461, 270))
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	var person storage.Profile
	for _, pr := range s.people {
		if pr.ID == j60 {
			person = pr
		}
	}
	p.openDelete(person, 3)
	pop, ok := u.win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("no dialog: %T", u.win.Canvas().Overlays().Top())
	}
	drv := fyne.CurrentApp().Driver()
	box := drv.AbsolutePositionForObject(pop.Content)
	right := box.X + pop.Content.Size().Width
	if right > 461 {
		t.Errorf("the dialog ends at %.0f, past the window's 461", right)
	}
	// A dialog asking for more than the window is laid out at what it asks and cut at the
	// window's edge by the driver.
	if w := pop.Content.MinSize().Width; w > 461 {
		t.Errorf("the dialog asks for %.0f, wider than the window's 461", w)
	}
	walk(pop.Content, func(o any) {
		l, ok := o.(*widget.Label)
		if !ok || l.Text == "" {
			return
		}
		if end := drv.AbsolutePositionForObject(l).X + l.Size().Width; end > right+0.5 {
			t.Errorf("%q ends at %.0f, past the dialog's edge at %.0f", l.Text, end, right)
		}
	})
}
