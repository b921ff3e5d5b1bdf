package app

import (
	"strings"
	"testing"
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
