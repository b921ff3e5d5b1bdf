package app

import (
	"testing"
)

// Edit person offered the birth date as "2019-05-20" beside "born 20 May 2019" on the People
// list; it now offers it as the screens write it, and Save as offered keeps the same date.
func TestEditPerson_BirthDateInWords(t *testing.T) {
	u := unlocked(t)
	for _, c := range []struct{ stored, shown string }{{"2019-05-20", "20 May 2019"}, {"1950-03-05", "5 Mar 1950"}} {
		p, err := u.vault.AddProfile("Lily "+c.stored, c.stored)
		if err != nil {
			t.Fatal(err)
		}
		u.main.loadPeople(p.ID)
		u.idle()
		u.shell.show(scPeople)
		u.idle()
		pp := u.shell.pages[scPeople].(*peoplePage)
		pp.openEditor(p)
		u.idle()
		if got := pp.edit.birth.Text; got != c.shown {
			t.Errorf("Edit person offers the birth date %q as %q, want %q", c.stored, got, c.shown)
		}
		pp.edit.dialog.Submit()
		u.idle()
		got, err := u.vault.Profile(p.ID)
		if err != nil || got.BirthDate != c.stored {
			t.Errorf("saved as offered: birth date %q (%v), want %q kept", got.BirthDate, err, c.stored)
		}
	}
}
