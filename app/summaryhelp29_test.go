package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	cksync "carekeeper/sync"
)

// F297: choosing a person who died in 'Prepare a visit summary' made the explanation a line
// longer than the room the dialog kept: its last line, 'The files are not encrypted: keep
// them safe.', was drawn under the Person row. The dialog makes room for it.
func TestVisitSummary_LongerHelpForADeathFits(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json") // died 27 Apr 2018
	if _, err := cksync.ImportFile(context.Background(), u.vault, fixture(t, "synthea/Courtney_Schinner_*.json"), cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	living, died := -1, -1
	for i, p := range s.people {
		if s.deaths[p.ID].Deceased {
			died = i
		} else {
			living = i
		}
	}
	if living < 0 || died < 0 {
		t.Fatalf("people %+v: want one living, one who died", s.people)
	}
	s.profile = s.people[living].ID
	s.openVisitSummary()
	u.idle()
	d := s.summary
	d.person.SetSelectedIndex(living)
	u.idle()
	d.person.SetSelectedIndex(died)
	u.idle()
	var help *widget.Label
	var form *widget.Form
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			if help == nil && len(x.Text) > 60 {
				help = x
			}
		case *widget.Form:
			form = x
		case *fyne.Container:
			for _, c := range x.Objects {
				find(c)
			}
		}
	}
	for _, c := range childrenOf(u.win.Canvas().Overlays().Top()) {
		find(c)
		for _, cc := range childrenOf(c) {
			find(cc)
			for _, ccc := range childrenOf(cc) {
				find(ccc)
			}
		}
	}
	if help == nil || form == nil {
		t.Fatalf("help %v form %v", help != nil, form != nil)
	}
	drv := fyne.CurrentApp().Driver()
	bottom := drv.AbsolutePositionForObject(help).Y + help.MinSize().Height
	if top := drv.AbsolutePositionForObject(form).Y; bottom > top+1 {
		t.Errorf("the explanation (%q) ends at %.0f, under the Person row at %.0f", help.Text, bottom, top)
	}
}
