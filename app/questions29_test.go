package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/journey"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2/test"
)

// F248: Everyone → Conditions → Questions for my doctor opened the first person's list
// ('· Courtney Schinner') with no way to choose whose: a question meant for Ned's visit went
// into Courtney's summary. In the household view it asks whose, among the living (Wendell
// Lesch died in 2018: no next visit), and a question goes onto the list of the one chosen.
func TestQuestions_EveryoneChoosesWhose(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	for _, glob := range []string{"synthea/Courtney_Schinner_*.json", "synthea/Ned_Hintz_*.json", "synthea/Wendell_Lesch_*.json"} {
		if _, err := cksync.ImportFile(context.Background(), u.vault, fixture(t, glob), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	ids := map[string]string{}
	for _, p := range s.people {
		ids[strings.Fields(p.Name)[0]] = p.ID
	}
	s.person.SetSelected("Everyone")
	u.idle()
	s.show(scConditions)
	u.idle()
	cp := s.pages[scConditions].(*conditionsPage)
	test.Tap(cp.questions)
	u.idle()
	q := s.questions
	if q == nil || q.person == nil {
		t.Fatal("the questions dialog does not ask whose")
	}
	opts := q.person.Options
	if len(opts) != 2 || !slices.ContainsFunc(opts, func(o string) bool { return strings.HasPrefix(o, "Ned Hintz") }) ||
		slices.ContainsFunc(opts, func(o string) bool { return strings.HasPrefix(o, "Wendell") }) {
		t.Fatalf("person choices %q, want Courtney and Ned (Wendell died in 2018)", opts)
	}
	for _, o := range opts {
		if strings.HasPrefix(o, "Ned Hintz") {
			q.person.SetSelected(o)
		}
	}
	u.idle()
	setText(q.entry, "Can I lower the sertraline?")
	test.Tap(q.addBt)
	u.idle()
	if len(q.items) != 1 || q.items[0] != "Can I lower the sertraline?" {
		t.Errorf("Ned's list shows %q", q.items)
	}
	for who, want := range map[string]int{"Ned": 1, "Courtney": 0} {
		qs, err := journey.LoadQuestions(u.vault, ids[who])
		if err != nil {
			t.Fatal(err)
		}
		if len(qs.Own) != want {
			t.Errorf("%s has %d questions of their own, want %d", who, len(qs.Own), want)
		}
	}
}
