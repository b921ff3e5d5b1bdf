package app

import (
	"strings"
	"testing"
)

// A person without conditions sees only the empty state: Conditions said "0 current, 0 past.
// Conditions with a guide open it…" above "No conditions in the records".
func TestConditions_EmptySaysOnlyTheEmptyState(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	s := u.shell
	for i, p := range s.people {
		if p.Name == "Margaret Okonkwo-Smith" {
			s.person.SetSelected(s.switcherLabels()[i])
		}
	}
	u.idle()
	s.show(scConditions)
	u.idle()
	cp := s.pages[scConditions].(*conditionsPage)
	if len(cp.rows) != 0 || !cp.frame.empty.Visible() {
		t.Fatalf("%d conditions, empty state shown %v", len(cp.rows), cp.frame.empty.Visible())
	}
	if sub := cp.frame.sub.Text; sub != "" {
		t.Errorf("above the empty state: %q", sub)
	}
	if strings.Contains(drawnText(cp.view()), "0 current") {
		t.Errorf("Conditions draws %q", drawnText(cp.view()))
	}
}
