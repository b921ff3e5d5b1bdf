package app

import (
	"context"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// A person who died (Wendell Lesch, Synthea, died 27 Apr 2018) is never treated as alive:
// Conditions called the conditions he had at his death "Current" and offered their guides
// (symptom check-ins, questions for a next visit); Medicines asked to set each medicine's
// times, supply and refill reminder and offered to add one; Appointments and Results offered to add an appointment and
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
	if cp.questions.Visible() {
		t.Error("Conditions offers questions for a next visit of a person who died")
	}
	s.show(scMeds)
	u.idle()
	mp := s.pages[scMeds].(*medsPage)
	if sub := mp.frame.sub.Text; strings.Contains(sub, "refill reminder") || !strings.Contains(sub, "Died 27 Apr 2018") {
		t.Errorf("Medicines says %q", sub)
	}
	if mp.addBt.Visible() {
		t.Error("Medicines offers to add a medicine for a person who died")
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
	if ap.exportBt.Visible() {
		t.Error("Appointments offers to export upcoming appointments of a person who died")
	}
	s.show(scResults)
	u.idle()
	if s.pages[scResults].(*resultsPage).addBt.Visible() {
		t.Error("Results offers to add a measurement for a person who died")
	}
}

// With Wendell Lesch (died 27 Apr 2018) chosen, People said Ned Hintz, alive, had died on
// Wendell's day: each person's death was read from the records of the person shown. Each
// person's line says their own, whoever is shown.
func TestDeceased_PeopleEachTheirOwn(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	for _, glob := range []string{"synthea/Ned_Hintz_*.json", "synthea/Wendell_Lesch_*.json"} {
		if _, err := cksync.ImportFile(context.Background(), u.vault, fixture(t, glob), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	for _, who := range []string{"Wendell Lesch", "Ned Hintz", "Everyone"} {
		s.person.SetSelected(who)
		u.idle()
		s.show(scPeople)
		u.idle()
		died := map[string]bool{}
		for _, r := range s.pages[scPeople].(*peoplePage).list.rows {
			died[r.Title] = strings.HasPrefix(r.Sub, "Died 27 Apr 2018 · ")
		}
		if !died["Wendell Lesch"] || died["Ned Hintz"] {
			t.Errorf("%s shown: died %v, want Wendell Lesch only", who, died)
		}
	}
}

// Records and files shows the records of the person chosen in the top bar: it went on showing
// the person it showed before under the other's name.
func TestFiles_FollowsTopBar(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	for _, glob := range []string{"synthea/Ned_Hintz_*.json", "synthea/Wendell_Lesch_*.json"} {
		if _, err := cksync.ImportFile(context.Background(), u.vault, fixture(t, glob), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	u.main.loadPeople("")
	u.idle()
	s, m := u.shell, u.main
	s.show(scFiles)
	u.idle()
	for _, who := range []string{"Wendell Lesch", "Ned Hintz", "Everyone", "Wendell Lesch"} {
		for _, l := range s.person.Options {
			if strings.HasPrefix(l, who) { // "Wendell Lesch (died 2018)"
				s.person.SetSelected(l)
			}
		}
		u.idle()
		want := "All people"
		if who != "Everyone" {
			want = who
		}
		if got := m.people[m.selectedIndex()].Name; got != want || m.heading.Text != want {
			t.Errorf("%s chosen: Records and files shows %q (heading %q)", who, got, m.heading.Text)
		}
	}
}
