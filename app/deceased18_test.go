package app

import (
	"strings"
	"testing"
)

// A person who died (Wendell Lesch, Synthea, died 27 Apr 2018) is never treated as alive:
// Conditions called the conditions he had at his death "Current" and offered their guides
// (symptom check-ins, questions for a next visit); Medicines asked to set each medicine's
// times, supply and refill reminder; Appointments and Results offered to add an appointment and
// a home measurement.
func TestDeceased_ConditionsAndMedicines(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json")
	s := u.shell
	s.show(scConditions)
	u.idle()
	cp := s.pages[scConditions].(*conditionsPage)
	if len(cp.rows) == 0 {
		t.Fatal("no conditions")
	}
	for _, r := range cp.rows {
		if strings.HasPrefix(r.Sub, "Current") || r.Right == "Guide" {
			t.Errorf("condition %q: %q %q, for a person who died", r.Title, r.Sub, r.Right)
		}
	}
	if sub := cp.frame.sub.Text; strings.Contains(sub, "current") || !strings.Contains(sub, "until death") || !strings.Contains(sub, "Died 27 Apr 2018") {
		t.Errorf("Conditions says %q", sub)
	}
	s.show(scMeds)
	u.idle()
	mp := s.pages[scMeds].(*medsPage)
	if sub := mp.frame.sub.Text; strings.Contains(sub, "refill reminder") || !strings.Contains(sub, "Died 27 Apr 2018") {
		t.Errorf("Medicines says %q", sub)
	}

	// No appointment or home measurement to add for him.
	s.show(scAppts)
	u.idle()
	ap := s.pages[scAppts].(*apptsPage)
	if sub := ap.frame.sub.Text; strings.Contains(sub, "upcoming") || !strings.Contains(sub, "past visits. Died 27 Apr 2018.") {
		t.Errorf("Appointments says %q", sub)
	}
	if ap.addBt.Visible() {
		t.Error("Appointments offers to add an appointment for a person who died")
	}
	s.show(scResults)
	u.idle()
	if s.pages[scResults].(*resultsPage).addBt.Visible() {
		t.Error("Results offers to add a measurement for a person who died")
	}
}
