package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// F137: a guide with a long title ('High blood pressure (hypertension)') fits a 922×540 window
// at 200 % text (a 1024×600 screen): its one-line title made the guide wider than the window
// and every paragraph was cut at the right edge.
func TestConditionGuide_LongTitleWraps(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Clemente_Kreiger_*.json")
	atLargeText(u, 922, 540)
	s := u.shell
	s.show(scConditions)
	u.idle()
	p := s.pages[scConditions].(*conditionsPage)
	for _, r := range p.rows {
		if r.Right != "" {
			r.OnTap()
			break
		}
	}
	u.idle()
	gv := p.guide
	if gv == nil {
		t.Fatal("no guide opened")
	}
	g := *gv.guide
	g.Title = "High blood pressure (hypertension) and what it means for the heart"
	p.showGuide(gv.cond, gv.profile, &g)
	u.idle()
	u.win.Resize(fyne.NewSize(921, 539))
	u.win.Resize(fyne.NewSize(922, 540))
	u.idle()
	if w := p.guide.content.MinSize().Width; w > 922-40 {
		t.Errorf("the guide asks for %.0f, wider than the 922 window allows", w)
	}
}
