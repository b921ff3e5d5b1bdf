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

// The top bar's person list marks a person who died, as the People screen does: it listed
// Wendell Lesch (died 27 Apr 2018) beside a living person with nothing to tell them apart.
func TestSwitcher_MarksAPersonWhoDied(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json")
	addSecondPerson(t, u)
	opts := strings.Join(u.shell.person.Options, "\n")
	if !strings.Contains(opts, "Wendell Lesch (died 2018)") {
		t.Errorf("the switcher lists:\n%s", opts)
	}
	if !strings.Contains(opts, "Margaret Okonkwo-Smith") || strings.Contains(opts, "Okonkwo-Smith (died") {
		t.Errorf("the living person in the switcher:\n%s", opts)
	}
	if sel := u.shell.person.Selected; !strings.Contains(sel, "(died 2018)") && sel != "Everyone" {
		t.Errorf("the switcher shows %q", sel)
	}
}
