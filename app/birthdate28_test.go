package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestReadBirthDate(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct{ in, want, err string }{
		{"", "", ""},
		{"3 May 1950", "1950-05-03", ""},
		{"3 may 1950", "1950-05-03", ""},
		{" 3  May  1950 ", "1950-05-03", ""},
		{"3rd May 1950", "1950-05-03", ""},
		{"May 3, 1950", "1950-05-03", ""},
		{"3 September 1950", "1950-09-03", ""},
		{"1950-05-03", "1950-05-03", ""},
		{"13/05/1950", "1950-05-13", ""},
		{"05/13/1950", "1950-05-13", ""},
		{"05/05/1950", "1950-05-05", ""},
		{"05/03/1950", "", "05/03/1950 could be 5 March or 3 May: write it with the month in words, e.g. 5 Mar 1950"},
		{"31 Feb 1950", "", "write the birth date like 3 May 1950"},
		{"1914-02-29", "", "not a real date"},
		{"soon", "", "write the birth date like 3 May 1950"},
		{"3 May 2999", "", "after today"},
	} {
		got, err := readBirthDate(c.in, now)
		if got != c.want || (c.err == "") != (err == nil) || (err != nil && !strings.Contains(wholeWords(err), c.err)) {
			t.Errorf("readBirthDate(%q) = %q, %v; want %q, %q", c.in, got, err, c.want, c.err)
		}
	}
}

// Add person with a birth date as people write it keeps the day: '3 May 1950' (F207: it was
// 'not a real date: use the form YYYY-MM-DD').
func TestAddPerson_BirthDateInWords(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	people.openEditor(nil)
	test.Type(people.edit.name, "Frank Miller")
	test.Type(people.edit.birth, "3 May 1950")
	if err := people.edit.birth.Validate(); err != nil {
		t.Fatalf("'3 May 1950' refused: %v", err)
	}
	submit(people.edit.birth)
	u.idle()
	found := false
	for _, p := range s.people {
		if p.Name == "Frank Miller" {
			found = true
			if p.BirthDate != "1950-05-03" {
				t.Errorf("kept as %q, want 1950-05-03", p.BirthDate)
			}
		}
	}
	if !found {
		t.Errorf("not added: %+v", s.people)
	}
}
