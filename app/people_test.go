package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The People screen renames the person shown and sets their birth date; the switcher follows.
func TestPeople_RenameAndBirthDate(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, err := u.vault.AddProfile("Mum", "")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	if !people.editBt.Visible() || !people.importBt.Visible() {
		t.Fatal("no edit or import button for the person shown")
	}
	test.Tap(people.editBt)
	d := people.edit
	if d == nil || d.name.Text != "Mum" {
		t.Fatalf("editor %+v", d)
	}
	setText(d.name, "Margaret Hintz")
	setText(d.birth, "1950-03-04")
	d.dialog.Submit()
	u.idle()
	got, err := u.vault.Profile(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Margaret Hintz" || got.BirthDate != "1950-03-04" {
		t.Errorf("saved %+v", got)
	}
	if s.person.Selected != "Margaret Hintz" || s.profile != p.ID {
		t.Errorf("switcher shows %q (profile %q)", s.person.Selected, s.profile)
	}
	test.Tap(people.importBt)
	if u.fileDialog == nil || u.main.pickProfile != p.ID {
		t.Error("Import records… on the People screen is not for the person shown")
	}
}
