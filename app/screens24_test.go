package app

import (
	"strings"
	"testing"
)

// F12: a Synthea person's medicines were shown as RxNorm writes them ("lisinopril 10 MG Oral
// Tablet") on Today and Medicines, and a heart rate as "72/min" on Results. They read as people
// write them: "Lisinopril 10 mg tablet", "beats a minute".
func TestF12_RealNamesAndUnitsInWords(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Sharonda198_*.json")
	s := u.shell
	s.show(scToday)
	u.idle()
	today := drawnText(s.pages[scToday].view())
	s.show(scMeds)
	u.idle()
	var meds []string
	for _, r := range s.pages[scMeds].(*medsPage).rows {
		meds = append(meds, r.Title+" | "+r.Sub)
	}
	s.show(scResults)
	u.idle()
	var results []string
	for _, r := range s.pages[scResults].(*resultsPage).list.rows {
		results = append(results, r.Title+" | "+r.Sub+" | "+r.Right)
	}
	for _, tc := range []struct {
		screen, text string
	}{{"Today", today}, {"Medicines", strings.Join(meds, "\n")}} {
		if !strings.Contains(tc.text, "Lisinopril 10 mg tablet") || strings.Contains(tc.text, " MG") || strings.Contains(tc.text, "Oral Tablet") {
			t.Errorf("%s shows:\n%s", tc.screen, tc.text)
		}
	}
	all := strings.Join(results, "\n")
	if !strings.Contains(all, "beats a minute") || strings.Contains(all, "/min") {
		t.Errorf("Results shows:\n%s", all)
	}
}

// A birth date after today is an error in the record: People said "born 1 Jan 2030" and
// Records and files "b. 2030". They say what it is, as the CLI's profile list does.
func TestPeople_FutureBirthDateIsSaidAsTheRecordsError(t *testing.T) {
	u, _ := demoUI(t)
	if _, err := u.vault.AddProfile("Future Born", "2030-01-01"); err != nil { // as an import of such a record sets it
		t.Fatal(err)
	}
	u.shell.m.loadPeople("")
	u.idle()
	s := u.shell
	s.show(scPeople)
	u.idle()
	var sub string
	for _, r := range s.pages[scPeople].(*peoplePage).list.rows {
		if r.Title == "Future Born" {
			sub = r.Sub
		}
	}
	if !strings.HasPrefix(sub, "birth date in the record is in the future (1 Jan 2030)") {
		t.Errorf("People: %q", sub)
	}
	m := u.main
	s.show(scFiles)
	u.idle()
	for i, p := range m.people {
		if p.Name != "Future Born" {
			continue
		}
		m.peopleList.Select(i)
		u.idle()
		if got := m.subheading.Text; !strings.HasPrefix(got, "birth date in the record is in the future (1 Jan 2030)") {
			t.Errorf("Records and files: %q", got)
		}
		c := m.peopleList.CreateItem()
		m.peopleList.UpdateItem(i, c)
		if got := drawnText(c); strings.Contains(got, "b. 2030") || !strings.Contains(got, "birth date in the future") {
			t.Errorf("Records and files' list: %q", got)
		}
	}
}
