package app

import (
	"strings"
	"testing"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// overlayTexts is every text the window's top overlay (a dialog) draws.
func overlayTexts(w fyne.Window) []string {
	var out []string
	walk(w.Canvas().Overlays().Top(), func(x any) {
		if t, ok := x.(*canvas.Text); ok && t.Visible() {
			out = append(out, t.Text)
		}
	})
	return out
}

// F505: with two people in CareKeeper, a carer on Mum's Conditions read "Questions for my
// doctor" and "questions for your next visit", and her check-in asked "How much does it
// bother you today?". The app's own words now name the person or say it neutrally ("the
// doctor", "the next visit"); with one person the check-in still says "you".
func TestWords_ACarerIsNotSpokenToAsThePerson(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "m2", "Ramipril 5 mg", twiceDaily})
	u := rig.u
	s := u.shell
	mum := rig.people["Mum"]
	s.choose(mum)
	u.idle()
	s.stale[scConditions] = true
	s.show(scConditions)
	u.idle()
	said := shownTexts(u.win) // the page's own words and buttons
	g := guides.BySlug("heart-failure")
	if g == nil {
		t.Fatal("no heart failure guide")
	}
	p := s.pages[scConditions].(*conditionsPage)
	p.showGuide(health.Condition{Name: "Heart failure"}, mum, g)
	u.idle()
	said = append(said, shownTexts(u.win)...)
	s.openQuestions(mum)
	u.idle()
	said = append(said, overlayTexts(u.win)...)
	all := strings.Join(said, "\n")
	for _, bad := range []string{"my doctor", "your next visit", "bother you", "have you noticed", "how you are", "Your check-ins", "your visit summary", "Your care team"} {
		if strings.Contains(all, bad) {
			t.Errorf("Mum's page, with Dad in CareKeeper too, says %q:\n%s", bad, all)
		}
	}
	for _, want := range []string{"Questions for the doctor", "How much does it bother Mum today?", "Which of these has Mum noticed lately?"} {
		if !strings.Contains(all, want) {
			t.Errorf("Mum's page does not say %q:\n%s", want, all)
		}
	}
}
