package app

import (
	"context"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// F339: with Courtney Schinner's Bills shown, choosing Fletcher Hyatt left "76 bills … 2021",
// Courtney's, on the screen under Fletcher's name until his records were read and the screen
// computed (seconds on a slow computer); a screen shown again kept the person it last showed
// the same way. Until a screen's content is the chosen person's, it is not shown: "Reading
// Fletcher Hyatt (died 1996)'s records…" is, in its place.
func TestSwitchPerson_NeverShowsThePersonBefore(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	for _, glob := range []string{"synthea/Courtney_Schinner_*.json", "synthea/Fletcher_Hyatt_*.json"} {
		if _, err := cksync.ImportFile(context.Background(), u.vault, fixture(t, glob), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	choose := func(who string) {
		t.Helper()
		for _, l := range s.person.Options {
			if strings.HasPrefix(l, who) {
				s.person.SetSelected(l)
				return
			}
		}
		t.Fatalf("%s is not among %q", who, s.person.Options)
	}
	content := u.win.Canvas().Content()
	for _, sc := range []screen{scToday, scMeds, scAppts, scResults, scConditions, scTeam, scBills, scPeople} {
		choose("Courtney")
		u.idle()
		s.show(sc)
		u.idle()
		before := visibleTexts(s.views[sc])
		if !s.views[sc].Visible() || before == "" {
			t.Fatalf("%s: nothing shown for Courtney", sc.title())
		}
		// Chosen from the top bar: nothing of Courtney's stays on the screen while Fletcher's
		// records are read.
		choose("Fletcher")
		if s.views[sc].Visible() {
			t.Errorf("%s: still shows Courtney's %q after Fletcher was chosen", sc.title(), cut(before))
		}
		if got := visibleTexts(content); !strings.Contains(got, "Reading Fletcher Hyatt's records…") {
			t.Errorf("%s: while reading, the window says %q", sc.title(), cut(got))
		}
		u.idle()
		if after := visibleTexts(s.views[sc]); !s.views[sc].Visible() || after == before {
			t.Errorf("%s: once read, shown %v, %q", sc.title(), s.views[sc].Visible(), cut(after))
		}
		if strings.Contains(visibleTexts(content), "Reading") {
			t.Errorf("%s: still says Reading once read", sc.title())
		}
	}
	// A screen last shown for Courtney, shown again once Fletcher is chosen.
	choose("Courtney")
	u.idle()
	s.show(scBills)
	u.idle()
	s.show(scResults)
	u.idle()
	choose("Fletcher")
	u.idle()
	s.show(scBills)
	if s.views[scBills].Visible() {
		t.Errorf("Bills shown again still shows Courtney's %q under Fletcher's name", cut(visibleTexts(s.views[scBills])))
	}
	u.idle()
	if !s.views[scBills].Visible() {
		t.Error("Bills not shown once computed")
	}
}

func cut(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}
