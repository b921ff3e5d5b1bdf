package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A record dating a death after today is an error in the record, not a death (b5a0640):
// profile list and today say so; the app said nothing, and the person simply looked alive.
// The People screen and Today now say it in the same words.
func TestFutureDeathNote(t *testing.T) {
	rig := newRemindRig(t, at(7, 30), medFixture{"Wendell", "w1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	id := rig.people["Wendell"]
	patient := `{"resourceType":"Patient","id":"p1","name":[{"text":"Wendell"}],"birthDate":"1950-01-01","deceasedDateTime":"2999-05-01"}`
	rec, err := storage.NewRecord(id, storage.ID{Source: "clinic", Type: "Patient", ID: "p1"}, []byte(patient))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(id)
	u.idle()
	const note = "The record's date of death (1 May 2999) is in the future: it is not taken as a death."
	today := rig.showToday()
	if len(today.doses) == 0 {
		t.Error("no doses: the person was taken as dead")
	}
	if shown := labelTexts(today.box); !strings.Contains(shown, note) {
		t.Errorf("Today does not say the date of death is not taken:\n%s", shown)
	}
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	if !people.notes.Visible() || people.notes.Text != "Wendell: "+note {
		t.Errorf("People notes %q (shown %v), want the note", people.notes.Text, people.notes.Visible())
	}
	if rows := people.list.rows; len(rows) != 1 || strings.HasPrefix(rows[0].Sub, "Died") || !rows[0].Warn {
		t.Errorf("People: %+v, want a living person marked with a warning", rows)
	}
}

// labelTexts is the text of every label under o, one a line.
func labelTexts(o fyne.CanvasObject) string {
	var texts []string
	walk(o, func(x any) {
		if l, ok := x.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	return strings.Join(texts, "\n")
}

// An imported birth date naming no real day (1914-02-29) showed raw ("born 1914-02-29" in
// the person's details); it reads as profile list says it.
func TestImpossibleBirthDateWords(t *testing.T) {
	u := unlocked(t)
	p := storage.Profile{ID: storage.NewProfileID(), Name: "Ida Leap", BirthDate: "1914-02-29"}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Profiles: []storage.Profile{p}}); err != nil {
		t.Fatal(err)
	}
	m := u.main
	m.loadPeople(p.ID)
	u.idle()
	if !strings.Contains(m.subheading.Text, "not a real date (1914-02-29)") {
		t.Errorf("details %q, want the date called not a real one", m.subheading.Text)
	}
	s := u.shell
	s.show(scPeople)
	u.idle()
	var sub string
	for _, r := range s.pages[scPeople].(*peoplePage).list.rows {
		if r.Title == p.Name {
			sub = r.Sub
		}
	}
	if !strings.Contains(sub, "not a real date (1914-02-29)") {
		t.Errorf("People row %q, want the date called not a real one", sub)
	}
}

// The app's birth date check is health.CheckBirthDate's, as profile add: an impossible day
// and a day after today are refused, each in its own words.
func TestValidBirthDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{" 1984-07-02 ", ""},
		{"1916-02-29", ""},
		{"1914-02-29", "not a real date"},
		{"1815-13-40", "not a real date"},
		{"02/07/1984", "could be 2 July or 7 February"},
		{"2999-01-01", "after today"},
	} {
		err := validBirthDate(c.in)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q refused: %v", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(wholeWords(err), c.want)):
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
	// The People screen's form refuses an impossible day in those words.
	u := unlocked(t)
	s := u.shell
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	people.openEditor(nil)
	test.Type(people.edit.name, "Ida Leap")
	test.Type(people.edit.birth, "1914-02-29")
	if err := people.edit.birth.Validate(); err == nil || !strings.Contains(err.Error(), "not a real date") {
		t.Errorf("the form takes 1914-02-29: %v", err)
	}
	people.edit.dialog.Hide()
}

// A 600-character name widened the top bar's person choice (its drop-down) past the window;
// the choices cut it to health.MaxNameCols with "…", and choosing it still chooses that
// person, whose whole name the People screen shows.
func TestPersonSwitcherCutsLongNames(t *testing.T) {
	u := unlocked(t)
	long := strings.Repeat("Alexandra ", 59) + "Alexandra"
	wide := strings.Repeat("王", 300)
	var ids []string
	for _, n := range []string{"Ann Lee", long, wide, long} {
		p, err := u.vault.AddProfile(n, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	seen := map[string]bool{}
	for _, l := range s.person.Options {
		if health.DisplayWidth(l) > health.MaxNameCols+len(" (2)") {
			t.Errorf("choice %q is %d columns wide", l, health.DisplayWidth(l))
		}
		if seen[l] {
			t.Errorf("two choices %q", l)
		}
		seen[l] = true
	}
	u.win.Resize(fyne.NewSize(1024, 600))
	test.Tap(s.person)
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the person choice opened nothing")
	}
	var menu *widget.PopUpMenu
	for _, o := range test.WidgetRenderer(top.(fyne.Widget)).Objects() {
		if m, ok := o.(*widget.PopUpMenu); ok {
			menu = m
		}
	}
	if menu == nil {
		t.Fatalf("the person choice opened %T, not a menu", top)
	}
	if w := menu.MinSize().Width; w > 1024 {
		t.Errorf("the person choice is %v wide, more than the window's 1024", w)
	}
	u.win.Canvas().Overlays().Remove(top)
	for i, l := range s.person.Options {
		if strings.HasPrefix(l, "王") {
			s.person.SetSelected(s.person.Options[i])
		}
	}
	u.idle()
	if s.profile != ids[2] {
		t.Errorf("chose the cut name: shows %q, want %q", s.profile, ids[2])
	}
	s.show(scPeople)
	u.idle()
	whole := 0
	for _, r := range s.pages[scPeople].(*peoplePage).list.rows {
		if strings.HasPrefix(r.Title, long) || r.Title == wide { // the two of one name: "(1)", "(2)" (F122)
			whole++
		}
	}
	if whole != 3 {
		t.Errorf("People shows %d whole long names, want 3", whole)
	}
}
