package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/journey"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// fixtureUI is an unlocked UI with a Synthea patient imported, on a fake clock.
func fixtureUI(t *testing.T, glob string) (*UI, *fakeClock) {
	t.Helper()
	path := fixture(t, glob)
	u := unlocked(t)
	clock := &fakeClock{now: testNow}
	u.auto.clock = clock
	if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	// Ten days after the newest observation, as the journey tests do.
	ps, _ := u.vault.Profiles()
	last := ""
	for _, p := range ps {
		u.vault.Records(context.Background(), storage.Query{Profile: p.ID, Type: "Observation"}, func(r *storage.Record) error {
			last = max(last, r.Meta.Date)
			return nil
		})
	}
	if t0, err := time.Parse(time.RFC3339, last); err == nil {
		clock.now = t0.AddDate(0, 0, 10)
	}
	u.main.loadPeople("")
	u.idle()
	if len(u.shell.people) != 1 {
		t.Fatalf("people: %+v", u.shell.people)
	}
	return u, clock
}

// forEachText calls f with every text o draws.
func forEachText(o fyne.CanvasObject, f func(*canvas.Text)) {
	switch t := o.(type) {
	case *canvas.Text:
		f(t)
	case *fyne.Container:
		for _, c := range t.Objects {
			forEachText(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(t).Objects() {
			forEachText(c, f)
		}
	}
}

func (s *shell) testData() *pageData {
	return &pageData{ctx: s.u.ctx, v: s.v, profile: s.profile, people: s.people, set: s.set, now: s.u.auto.clock.Now()}
}

func TestInsights_CardsDismissSnooze(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Clemente_Kreiger_*.json")
	s := u.shell
	p := newInsightsPanel(s)
	p.compute(s.testData())()
	n := len(p.cards)
	if n < 2 {
		t.Fatalf("%d cards for the fixture person, want at least 2", n)
	}
	for _, c := range p.cards {
		if c.card.Title == "" || c.card.Body == "" {
			t.Errorf("card without words: %+v", c.card)
		}
		if len(c.card.Why) > 0 {
			test.Tap(c.whyBt)
			if !c.why.Visible() || !strings.Contains(c.why.Text, c.card.Why[0]) {
				t.Errorf("why not shown: %q", c.why.Text)
			}
			// Drawn in the text colour, not the disabled one (#e3e3e3 on white: F51, vapp25).
			fg := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
			forEachText(c.why, func(tx *canvas.Text) {
				if tx.Text != "" && tx.Color != fg {
					t.Errorf("the reasons %q are drawn in %v, not the text colour %v", tx.Text, tx.Color, fg)
				}
			})
		}
	}
	first, second := p.cards[0], p.cards[1]
	test.Tap(first.dismiss)
	u.idle()
	test.Tap(second.snooze)
	u.idle()
	if len(p.cards) != n-2 {
		t.Fatalf("%d cards after dismiss and snooze, want %d", len(p.cards), n-2)
	}
	// Recomputed, they stay hidden.
	p.compute(s.testData())()
	for _, c := range p.cards {
		if c.card.ID == first.card.ID || c.card.ID == second.card.ID {
			t.Errorf("card %s came back", c.card.Kind)
		}
	}
	// "Show the data" goes somewhere for every card that has data.
	for _, c := range p.cards {
		if len(c.card.Links) > 0 && c.open == nil {
			t.Errorf("card %s links to data but offers no way there", c.card.Kind)
		}
	}
}

func TestConditions_GuideCheckInQuestions(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Clemente_Kreiger_*.json")
	s := u.shell
	s.show(scConditions)
	u.idle()
	p := s.pages[scConditions].(*conditionsPage)
	gi := -1
	for i, r := range p.rows {
		if r.Right != "" {
			gi = i
			break
		}
	}
	if gi < 0 {
		t.Fatalf("no condition with a guide among %d rows", len(p.rows))
	}
	p.rows[gi].OnTap()
	u.idle()
	gv := p.guide
	if gv == nil {
		t.Fatal("the guide did not open")
	}
	g := gv.guide
	if len(g.Symptoms) == 0 || len(gv.checkIn.checks) != len(g.Symptoms) {
		t.Fatalf("symptom checklist: %d of %d", len(gv.checkIn.checks), len(g.Symptoms))
	}
	// A check-in: one symptom, severity 6, a note.
	test.Tap(gv.checkIn.checks[0])
	gv.checkIn.severity.SetValue(6)
	setText(gv.checkIn.note, "worse after stairs")
	test.Tap(gv.checkIn.saveBt)
	u.idle()
	if gv.checkIn.saved == nil || gv.checkIn.message.isError() {
		t.Fatalf("check-in not saved: %q", gv.checkIn.message.Text)
	}
	cis, err := journey.CheckIns(context.Background(), u.vault, gv.profile, g.Slug)
	if err != nil || len(cis) != 1 || cis[0].Severity != 6 || cis[0].Note != "worse after stairs" || len(cis[0].Symptoms) != 1 ||
		cis[0].Symptoms[0] != g.Symptoms[0].Key {
		t.Fatalf("stored check-ins %+v, %v", cis, err)
	}
	if gv.chart == nil || len(gv.chart.Severity) != 1 {
		t.Errorf("the chart did not pick up the check-in: %+v", gv.chart)
	}
	// Star a guide question; it is on the questions list.
	if len(gv.stars) == 0 {
		t.Fatal("no guide questions")
	}
	test.Tap(gv.stars[0])
	u.idle()
	s.openQuestions(gv.profile)
	u.idle()
	q := s.questions
	setText(q.entry, "Can I lower the dose?")
	test.Tap(q.addBt)
	u.idle()
	if len(q.items) != 2 || q.items[0] != "Can I lower the dose?" || q.items[1] != g.Questions[0] {
		t.Errorf("questions: %q", q.items)
	}
	q.remove(0)
	u.idle()
	if len(q.items) != 1 {
		t.Errorf("after removing: %q", q.items)
	}
	test.Tap(gv.backBt)
	if p.guide != nil {
		t.Error("Back did not close the guide")
	}

	// The card action "check in" opens the same form in a dialog.
	s.openCheckIn(gv.profile, g.Slug)
	if s.checkIn == nil || s.checkIn.guide.Slug != g.Slug {
		t.Error("the check-in form did not open")
	}
	if guides.BySlug(g.Slug) == nil {
		t.Error("guide lookup")
	}
}

func TestVisitSummary_WritesPDFAndBundle(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Clemente_Kreiger_*.json")
	s := u.shell
	s.openVisitSummary()
	d := s.summary
	if d == nil {
		t.Fatal("no summary dialog")
	}
	d.period.SetSelectedIndex(3)
	d.bundle.SetChecked(true)
	out := filepath.Join(t.TempDir(), "summary.pdf")
	d.save(out)
	u.idle()
	if d.message.isError() || len(d.written) != 2 {
		t.Fatalf("summary: %q, written %q", d.message.Text, d.written)
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("not a PDF: %v", err)
	}
	js, err := os.ReadFile(strings.TrimSuffix(out, ".pdf") + ".json")
	if err != nil || !strings.Contains(string(js), `"Composition"`) {
		t.Fatalf("no IPS bundle: %v", err)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("summary mode %v, want 0600", st.Mode().Perm())
	}
}
