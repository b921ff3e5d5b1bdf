package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
)

// F287: Conditions marked past ones with the ✓ that means 'taken' on Today — '✓ Blighted
// ovum · Past', '✓ Miscarriage'. A past condition has the history icon, as a stopped
// medicine has.
func TestConditions_PastOnesAreHistoryNotTicked(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/synthea_Donnette259_*.json")
	s := u.shell
	s.show(scConditions)
	u.idle()
	cp := s.pages[scConditions].(*conditionsPage)
	past := 0
	for _, r := range cp.rows {
		if r.Icon == nil {
			continue
		}
		if r.Icon.Name() == theme.ConfirmIcon().Name() {
			t.Errorf("condition %q (%q) is ticked", r.Title, r.Sub)
		}
		if strings.HasPrefix(r.Sub, "Past") {
			past++
			if r.Icon.Name() != theme.HistoryIcon().Name() && r.Right != "Guide" {
				t.Errorf("past condition %q: icon %q, want the history icon", r.Title, r.Icon.Name())
			}
		}
	}
	if past == 0 {
		t.Fatal("no past conditions for Donnette")
	}
}
