package app

import (
	"carekeeper/storage"
	"slices"
	"testing"
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
