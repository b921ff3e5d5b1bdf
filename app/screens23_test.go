package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
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

// At 200 % text in a 922×540 window (a 1024×600 tablet), the Timeline scrolled as a whole (its
// filters scrolled away with the events), the People buttons pushed the list off, and Records
// and files showed a row and a half of each list. The screens keep their tools and give their
// lists the rest: nothing scrolls as a whole and each list shows rows.
func TestLists_KeepTheirRoomAt200(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.shell.restale()
	size := windowSize(walkSize)
	u.win.Resize(size.SubtractWidthHeight(1, 1))
	u.win.Resize(size)
	s := u.shell
	for _, tc := range []struct {
		sc   screen
		list func() *widget.List
	}{
		{scTimeline, func() *widget.List { return s.pages[scTimeline].(*timelinePage).list }},
		{scPeople, func() *widget.List { return s.pages[scPeople].(*peoplePage).list.list }},
		{scFiles, func() *widget.List { return s.m.recordList }},
	} {
		s.show(tc.sc)
		u.idle()
		if tc.sc == scFiles {
			p := s.portalsPage()
			p.tabs.SelectIndex(1)
			u.win.Resize(size.SubtractWidthHeight(1, 1))
			u.win.Resize(size)
			if len(s.m.typeRows) > 0 {
				s.m.typeList.Select(0)
				u.idle()
			}
		}
		if c, v := s.scroll.Content.Size().Height, s.scroll.Size().Height; c > v+1 {
			t.Errorf("%s scrolls as a whole: %v of content in %v", tc.sc.title(), c, v)
		}
		l := tc.list()
		row := l.MinSize().Height // one row of the list
		if h := l.Size().Height; h < 2*row || !l.Visible() {
			t.Errorf("%s: its list is %v high (visible %v), a row %v", tc.sc.title(), h, l.Visible(), row)
		}
	}
}

// Choosing a person in Records and files chooses them in the top bar too (one chosen person
// for every screen): the top bar went on naming the person chosen before.
func TestFiles_ChoosingAPersonChoosesInTheTopBar(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	s, m := u.shell, u.main
	s.show(scFiles)
	u.idle()
	for i, p := range m.people {
		m.peopleList.Select(i)
		u.idle()
		want := "Everyone"
		if p.ID != "" {
			want = p.Name
		}
		if s.profile != p.ID || !strings.HasPrefix(s.person.Selected, want) {
			t.Errorf("%q chosen in Records and files: the top bar shows %q (profile %q)", p.Name, s.person.Selected, s.profile)
		}
	}
}

// The demo's appointment next week sat at the top of the timeline as if it had happened: the
// events still to come are under "Upcoming", marked planned, above "Past". Where each record
// came from is said in words, not as a file's name; and while the timeline is read it says
// "Reading…" instead of showing nothing.
func TestTimeline_UpcomingSourcesAndReading(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	s.show(scTimeline)
	tl := s.pages[scTimeline].(*timelinePage)
	if tl.status.Text != "Reading…" || !tl.reading.Visible() {
		t.Errorf("while reading: status %q, progress shown %v", tl.status.Text, tl.reading.Visible())
	}
	u.idle()
	if tl.reading.Visible() || len(tl.lines) == 0 {
		t.Fatalf("after reading: progress shown %v, %d lines", tl.reading.Visible(), len(tl.lines))
	}
	if tl.lines[0] != lineUpcoming {
		t.Errorf("the timeline starts with line %d, not Upcoming", tl.lines[0])
	}
	past := -1
	for n, l := range tl.lines {
		if l == linePast {
			past = n
			break
		}
	}
	if past < 0 {
		t.Fatal("no Past heading")
	}
	rows := map[bool][]string{}
	for n, l := range tl.lines {
		if l < 0 {
			continue
		}
		e := &tl.events[l]
		if future := e.Instant(tl.loc(e.Profile)).After(tl.now); future != (n < past) {
			t.Errorf("event on %s (now %s) at line %d, Past heading at %d", e.Date, tl.now, n, past)
		}
		c := newRowItem().(*fyne.Container)
		tl.updateItem(n, c)
		sub := c.Objects[0].(*fyne.Container).Objects[1].(*widget.Label).Text
		rows[n < past] = append(rows[n < past], sub)
		if strings.Contains(sub, ".json") || strings.Contains(sub, "http") {
			t.Errorf("line %d says where it came from as %q", n, sub)
		}
	}
	for _, sub := range rows[true] {
		if !strings.Contains(sub, "planned") {
			t.Errorf("an upcoming event: %q", sub)
		}
	}
	for _, sub := range rows[false] {
		if strings.Contains(sub, "planned") {
			t.Errorf("a past event: %q", sub)
		}
	}
	if len(rows[true]) == 0 || len(rows[false]) == 0 {
		t.Fatalf("%d upcoming, %d past", len(rows[true]), len(rows[false]))
	}
	t.Logf("first upcoming %q, first past %q", rows[true][0], rows[false][0])
}

// A record imported from a file says so, with the day, not the file's name.
func TestTimeline_FileSourceInWords(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Ned_Hintz_*.json")
	s := u.shell
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	for n, l := range tl.lines {
		if l < 0 {
			continue
		}
		c := newRowItem().(*fyne.Container)
		tl.updateItem(n, c)
		sub := c.Objects[0].(*fyne.Container).Objects[1].(*widget.Label).Text
		if !strings.Contains(sub, "imported from a file on ") || strings.Contains(sub, ".json") {
			t.Errorf("line %d: %q", n, sub)
		}
		break
	}
	if got := strings.Join(tl.provider.Options, ", "); got != "All sources, Files you imported" {
		t.Errorf("the sources to filter by: %s", got)
	}
}

// A record dating the person's death after today is no death: Today lists their medicines
// (it said "No current medicines in the records." under an overdue dose of one).
func TestToday_FutureDeathKeepsMedicines(t *testing.T) {
	// All on one fake clock: the reminders engine's and the import's were the real one, and the
	// medicine, authored 2026-01-10, was no longer current a year later (F586).
	rig := newRemindRig(t, testNow)
	u := rig.u
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Lund","given":["Ines"]}],"birthDate":"1960-02-03","deceasedDateTime":"2027-03-01"}},
{"fullUrl":"urn:uuid:m1","resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},"authoredOn":"2026-01-10","medicationCodeableConcept":{"text":"Lisinopril 10 mg tablet"},"dosageInstruction":[{"text":"one a day"}]}}]}`
	path := filepath.Join(t.TempDir(), "future-death.json")
	if err := os.WriteFile(path, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{Now: rig.clock.Now}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	u.rem.step() // the engine reloads
	u.idle()
	u.shell.show(scToday)
	u.idle()
	words := drawnText(u.shell.pages[scToday].view())
	if !strings.Contains(words, "Lisinopril 10 mg tablet") || strings.Contains(words, "No current medicines") {
		t.Errorf("Today says: %s", words)
	}
}

// For everyone, Results counts no measurement across people ("7 kinds of measurement" was
// body weight once per person), and two people of one name are told apart in every heading
// as in the person choices (Today headed two sections by one name).
func TestEveryone_NoCountAcrossPeopleAndNamesToldApart(t *testing.T) {
	u, _ := demoUI(t)
	demo := u.shell.people[0]
	if _, err := u.vault.AddProfile(demo.Name, "1990-01-02"); err != nil {
		t.Fatal(err)
	}
	u.shell.m.loadPeople("")
	u.idle()
	s := u.shell
	s.person.SetSelected("Everyone")
	u.idle()
	s.show(scResults)
	u.idle()
	rp := s.pages[scResults].(*resultsPage)
	if sub := rp.frame.sub.Text; strings.Contains(sub, "kinds of measurement") {
		t.Errorf("Results for everyone says %q", sub)
	}
	s.show(scToday)
	u.idle()
	labels := personLabels(s.people)
	if labels[0] == labels[1] {
		t.Fatalf("labels %q", labels)
	}
	words := drawnText(s.pages[scToday].view())
	for _, l := range labels {
		if !strings.Contains(words, l) {
			t.Errorf("Today for everyone does not name %q: %s", l, words)
		}
	}
}

// A record's details say where it came from in words (the file's name stays on its own line).
func TestDetails_SourceInWords(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Ned_Hintz_*.json")
	ps, _ := u.vault.Profiles()
	var id storage.ID
	_ = u.vault.Records(context.Background(), storage.Query{Profile: ps[0].ID, Type: "Condition"}, func(r *storage.Record) error {
		id = r.ID
		return nil
	})
	d, err := loadRecord(u.vault, id, u.rem.device(), u.auto.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	tabs := recordView(d, newReadOnlyEntry(u.onShortcut))
	var lines []string
	for _, it := range tabs.Items[0].Content.(*container.Scroll).Content.(*widget.Form).Items {
		if l, ok := it.Widget.(*widget.Label); ok {
			lines = append(lines, it.Text+": "+l.Text)
		}
	}
	words := strings.Join(lines, " | ")
	if !strings.Contains(words, "imported from a file on ") {
		t.Errorf("the details say: %s", words)
	}
}
