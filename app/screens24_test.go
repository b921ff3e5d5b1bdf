package app

import (
	"context"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2/theme"
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
	// (Her medicines are old orders to confirm: Medicines asks about them, Today does not list
	// them as being taken.)
	for _, tc := range []struct {
		screen, text string
	}{{"Today", today}, {"Medicines", strings.Join(meds, "\n")}} {
		if strings.Contains(tc.text, " MG") || strings.Contains(tc.text, "Oral Tablet") {
			t.Errorf("%s shows:\n%s", tc.screen, tc.text)
		}
	}
	if m := strings.Join(meds, "\n"); !strings.Contains(m, "Lisinopril 10 mg tablet") {
		t.Errorf("Medicines shows:\n%s", m)
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

// F17: Today's "Medicines being taken" listed a course that had ended and a medicine the
// person had stopped (judged with no clock and without the person's answers), while Medicines
// said "ended" and "stopped". Today lists what Medicines says is being taken.
func TestToday_MedicinesBeingTakenAsMedicinesSays(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026
	med := func(id, name, authored, extra string) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order",` +
			`"subject":{"reference":"urn:uuid:pat"},"authoredOn":"` + authored + `","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"` + id + `","display":"` + name + `"}]}` + extra + `}}`
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Course","given":["Ida"]}],"birthDate":"1950-04-02"}},` +
		med("314076", "lisinopril 10 MG Oral Tablet", "2026-02-20", "") + "," +
		med("308182", "Amoxicillin 500 MG Oral Capsule", "2026-02-01",
			`,"dosageInstruction":[{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","boundsPeriod":{"start":"2026-02-01","end":"2026-02-08"}}}}]`) + "," +
		med("855332", "Warfarin Sodium 5 MG Oral Tablet", "2026-01-15", "") + `]}`
	path := filepath.Join(t.TempDir(), "ida.json")
	if err := os.WriteFile(path, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	ps, _ := u.vault.Profiles()
	if err := journey.SetMedicineChoice(context.Background(), u.vault, ps[0].ID, "MedicationRequest/855332", false, testNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(ps[0].ID)
	u.idle()
	s := u.shell
	s.show(scToday)
	u.idle()
	today := drawnText(s.pages[scToday].view())
	if !strings.Contains(today, "Lisinopril 10 mg tablet") {
		t.Fatalf("Today does not list the medicine being taken:\n%s", today)
	}
	for _, gone := range []string{"Amoxicillin", "Warfarin"} {
		if strings.Contains(today, gone) {
			t.Errorf("Today lists %s as being taken:\n%s", gone, today)
		}
	}
}

// At 200 % text on a 1024×600 screen the blood pressure chart gave each panel's name
// ("Systolic") a line of its own under the legend, and with the legend's three lines the
// panels had no room left: the systolic panel was not drawn at all. The names sit inside the
// panels' top corners, and both panels are drawn.
func TestChart_PanelNamesInsideAt200(t *testing.T) {
	se := tenYearsBP()
	st := chartStyleFor(newAppTheme("light", 2), theme.VariantLight, 1)
	ch := health.BuildChart(se, health.PeriodAll, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, h := range []int{330, 420} {
		img, _ := renderChart(ch, 922, h, st)
		seen := map[color.NRGBA]int{}
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := 150; x < img.Bounds().Max.X; x++ { // right of the legend's samples
				seen[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)]++
			}
		}
		for name, c := range map[string]color.Color{"systolic": st.line1, "diastolic": st.line2} {
			if n := seen[color.NRGBAModel.Convert(c).(color.NRGBA)]; n < 50 {
				t.Errorf("922×%d at 200 %% text: the %s line has %d pixels", h, name, n)
			}
		}
	}
}

// F23: a person who died today still had next week's appointment listed as upcoming (the
// calendar icon; a tap offered edit and export) under "0 past visits. Died …". It is shown as
// booked for after the death, with no export, and "No past visits".
func TestAppointments_BookedAfterTheDeathIsNotUpcoming(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026, 09:00
	u.rem.opts.Clock = &remClock{now: testNow}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Finch","given":["Hal"]}],"birthDate":"1940-01-02","deceasedDateTime":"2026-03-02T04:10:00Z"}},` +
		`{"fullUrl":"urn:uuid:ap","resource":{"resourceType":"Appointment","id":"ap","status":"booked","description":"Memory clinic","start":"2026-03-09T15:00:00Z","end":"2026-03-09T15:30:00Z","participant":[{"actor":{"reference":"urn:uuid:pat"},"status":"accepted"}]}}]}`
	path := filepath.Join(t.TempDir(), "hal.json")
	if err := os.WriteFile(path, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	ps, _ := u.vault.Profiles()
	u.main.loadPeople(ps[0].ID)
	u.idle()
	s := u.shell
	s.show(scAppts)
	u.idle()
	ap := s.pages[scAppts].(*apptsPage)
	if len(ap.list.rows) != 1 {
		t.Fatalf("%d rows: %+v", len(ap.list.rows), ap.list.rows)
	}
	r := ap.list.rows[0]
	if !strings.Contains(r.Sub, "booked for after the death") || r.Icon == theme.CalendarIcon() || len(ap.upcoming) != 0 {
		t.Errorf("the appointment after the death: %+v (upcoming %d)", r, len(ap.upcoming))
	}
	if sub := ap.frame.sub.Text; !strings.HasPrefix(sub, "No past visits, 1 booked for after the death. Died") {
		t.Errorf("subtitle %q", sub)
	}
}

// At 200 % text in a 1024×600 window the Portals tab without portals scrolled as a whole: the
// words and buttons above the empty state said again what it says. The empty state alone
// fills the tab, its button in view.
func TestPortals_EmptyTabFitsAt200(t *testing.T) {
	u, _ := demoUI(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.shell.restale()
	size := windowSize(walkSize)
	u.win.Resize(size.SubtractWidthHeight(1, 1))
	u.win.Resize(size)
	s := u.shell
	s.show(scFiles)
	u.idle()
	p := s.portalsPage()
	p.tabs.SelectIndex(0)
	u.win.Resize(size.SubtractWidthHeight(1, 1))
	u.win.Resize(size)
	u.idle()
	if !p.emptyState.Visible() {
		t.Fatal("the demo has portals")
	}
	if c, v := s.scroll.Content.Size().Height, s.scroll.Size().Height; c > v+1 {
		t.Errorf("the Portals tab scrolls as a whole: %v of content in %v", c, v)
	}
	if p.sub.Visible() || p.tools.Visible() {
		t.Error("the words and buttons above the empty state are shown with it")
	}
}

// Medicines said "from entered by you" for a medicine the person added.
func TestMedicines_OwnMedicineSaysEnteredByYou(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	s.show(scMeds)
	u.idle()
	var own int
	for _, r := range s.pages[scMeds].(*medsPage).rows {
		if strings.Contains(r.Sub, "from entered by you") {
			t.Errorf("%s: %q", r.Title, r.Sub)
		}
		if strings.Contains(r.Sub, "entered by you") {
			own++
		}
	}
	if own == 0 {
		t.Error("the demo's own medicines do not say they were entered by the person")
	}
}
