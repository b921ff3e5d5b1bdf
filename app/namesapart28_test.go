package app

import (
	"slices"
	"testing"
)

// F122: two people of one name and one birth date (one hospital's two record numbers for Mary
// Smith, 1 May 1980) were "Mary Smith (born 1 May 1980)" and "Mary Smith (2)" in the person
// switcher, and two identical rows on People. Both say "Mary Smith (1)" and "Mary Smith (2)",
// as 'today', 'results' and 'profile list' do (health.NamesApart), and choosing each shows
// that one.
func TestSameNameSameBirthToldApart(t *testing.T) {
	u := unlocked(t)
	for range 2 {
		if _, err := u.vault.AddProfile("Mary Smith", "1980-05-01"); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := u.vault.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if got := personLabels(ps); !slices.Equal(got, []string{"Mary Smith (1)", "Mary Smith (2)"}) {
		t.Errorf("labels %q", got)
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	for i, p := range ps {
		label := []string{"Mary Smith (1)", "Mary Smith (2)"}[i]
		if !slices.Contains(s.person.Options, label) {
			t.Fatalf("switcher %q has no %q", s.person.Options, label)
		}
		s.person.SetSelected(label)
		u.idle()
		if s.profile != p.ID {
			t.Errorf("chose %q: shows %q, want %q", label, s.profile, p.ID)
		}
	}
	s.show(scPeople)
	u.idle()
	var titles []string
	for _, r := range s.pages[scPeople].(*peoplePage).list.rows {
		titles = append(titles, r.Title)
	}
	if !slices.Contains(titles, "Mary Smith (1)") || !slices.Contains(titles, "Mary Smith (2)") {
		t.Errorf("People rows %q", titles)
	}
}
