package app

import (
	"slices"
	"strings"
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Two people of one name (a mother and her daughter, both imported from documents) are both
// in the person switcher, told apart by birth year, and choosing either shows that one: the
// switcher never takes one for the other.
func TestPersonSwitcherTwoOfOneName(t *testing.T) {
	u := unlocked(t)
	mum, err := u.vault.AddProfile("Ann X", "1950-03-04")
	if err != nil {
		t.Fatal(err)
	}
	daughter, err := u.vault.AddProfile("Ann X", "1980-06-01")
	if err != nil {
		t.Fatal(err)
	}
	everyone, err := u.vault.AddProfile("Everyone", "")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := u.vault.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.setPeople(ps)
	u.idle()
	for _, want := range []string{"Ann X (born 1950)", "Ann X (born 1980)", "Everyone (2)"} {
		if !slices.Contains(s.person.Options, want) {
			t.Errorf("switcher %q has no %q", s.person.Options, want)
		}
	}
	for label, id := range map[string]string{"Ann X (born 1980)": daughter.ID, "Ann X (born 1950)": mum.ID, "Everyone (2)": everyone.ID, "Everyone": ""} {
		s.person.SetSelected(label)
		u.idle()
		if s.profile != id || s.person.Selected != label {
			t.Errorf("chose %q: shows %q (%q), want %q", label, s.profile, s.person.Selected, id)
		}
	}
	// A measurement added while the daughter is shown is offered for her, and is hers.
	s.person.SetSelected("Ann X (born 1980)")
	u.idle()
	d := s.openMeasure()
	if d == nil {
		t.Fatal("no measurement dialog")
	}
	if i := d.person.SelectedIndex(); i < 0 || s.people[i].ID != daughter.ID {
		t.Errorf("the measurement dialog is for %q (index %d), want the daughter", d.person.Selected, i)
	}
}

// Two people of one name born in the same year (twins, or one person's documents with two birth
// dates) were "Eve B (born 1975)" and "Eve B (2)": the year told nobody apart. They are told
// apart by their birth dates (held-out check of issue 15).
func TestPersonLabelsSameNameSameYear(t *testing.T) {
	ps := []storage.Profile{
		{ID: "a", Name: "Eve B", BirthDate: "1975-05-01"},
		{ID: "b", Name: "Eve B", BirthDate: "1975-05-02"},
		{ID: "c", Name: "Eve B", BirthDate: "1980-01-01"},
	}
	got := personLabels(ps)
	want := []string{"Eve B (born 1 May 1975)", "Eve B (born 2 May 1975)", "Eve B (born 1980)"}
	if !slices.Equal(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
}

// At FYNE_SCALE=2 on a 1024×600 screen (and at 200 % text) the top bar's person switcher cut
// "Sam Rivera (born 3 May 1975)" before the birth date that tells two of one name apart. The
// switcher is now as wide as its labels (up to switcherEms), and a name too long for that is
// cut, not the date.
func TestPersonSwitcherShowsTheTellingDate(t *testing.T) {
	for _, c := range []struct {
		name   string
		size   fyne.Size
		text   float64
		person string
		want   string
	}{
		{"FYNE_SCALE=2", windowSize(scale2Screen), 1, "Sam Rivera", "Sam Rivera (born 3 May 1975)"},
		{"200 % text", fyne.NewSize(1024, 600), 2, "Sam Rivera", "Sam Rivera (born 3 May 1975)"},
		{"a long name at FYNE_SCALE=2", windowSize(scale2Screen), 1, "Samantha Alexandra Rivera-Montgomery", "(born 3 May 1975)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, _ := demoUI(t)
			for _, born := range []string{"1975-05-03", "1975-08-21"} {
				if _, err := u.vault.AddProfile(c.person, born); err != nil {
					t.Fatal(err)
				}
			}
			u.shell.m.loadPeople("")
			u.idle()
			s := u.shell
			var label string
			for i, l := range s.person.Options {
				if i > 0 && strings.Contains(l, "3 May 1975") {
					label = l
				}
			}
			if !strings.Contains(label, c.want) {
				t.Fatalf("switcher options %q: none with %q", s.person.Options, c.want)
			}
			s.person.SetSelected(label)
			u.idle()
			u.app.Preferences().SetFloat(prefTextSize, c.text)
			u.applyTheme()
			s.restale()
			s.show(scToday)
			u.idle()
			// Two layout passes: wrapped labels learn their width in the first.
			u.win.Resize(c.size.SubtractWidthHeight(1, 1))
			u.win.Resize(c.size)
			if m := u.win.Canvas().Content().MinSize(); m.Width > c.size.Width || m.Height > c.size.Height {
				t.Errorf("the window needs %v, more than the %v it has", m, c.size)
			}
			var out []misplaced
			walkBounds(s.content, "Today", &out)
			for _, m := range out {
				t.Errorf("%s %s", m.path, m.what)
			}
			if shown := switcherText(s.person); shown != label {
				t.Errorf("the switcher shows %q, want %q whole", shown, label)
			}
		})
	}
}

// switcherText is the text a Select shows, as drawn (with "…" where it was cut).
func switcherText(sel *widget.Select) string {
	var out string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Text:
			out += x.Text
		case *widget.RichText:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	for _, o := range test.WidgetRenderer(sel).Objects() {
		walk(o)
	}
	return out
}
