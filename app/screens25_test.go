package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// importBundle writes a FHIR bundle of entries (JSON resources with fullUrl) to a file and
// imports it.
func importBundle(t *testing.T, u *UI, name, entries string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+entries+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
}

// showImported shows page sc of profile ("" for everyone) as the window does after records
// were imported under it: the people list and the person's records loaded again, every page
// to be computed afresh.
func showImported(u *UI, profile string, sc screen) *shell {
	u.main.loadPeople(profile)
	u.idle()
	s := u.shell
	s.choose(profile)
	s.load()
	u.idle()
	s.restale()
	s.show(sc)
	u.idle()
	return s
}

// F23's other half: the Timeline of a person who died today showed next week's appointment
// under "Upcoming", "Visit · planned", where Appointments says "booked for after the death".
// It says so on the Timeline too, with no "Upcoming" above it; a living person's appointment
// (everyone shown) is still upcoming and planned.
func TestTimeline_BookedAfterTheDeathIsNotUpcoming(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026, 09:00
	u.rem.opts.Clock = &remClock{now: testNow}
	importBundle(t, u, "hal.json", `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Finch","given":["Hal"]}],"birthDate":"1940-01-02","deceasedDateTime":"2026-03-02T04:10:00Z"}},`+
		`{"fullUrl":"urn:uuid:ap","resource":{"resourceType":"Appointment","id":"ap","status":"booked","description":"Memory clinic","start":"2026-03-09T15:00:00Z","end":"2026-03-09T15:30:00Z","participant":[{"actor":{"reference":"urn:uuid:pat"},"status":"accepted"}]}}`)
	importBundle(t, u, "ada.json", `{"fullUrl":"urn:uuid:p2","resource":{"resourceType":"Patient","id":"p2","name":[{"family":"Lovell","given":["Ada"]}],"birthDate":"1980-05-06"}},`+
		`{"fullUrl":"urn:uuid:ap2","resource":{"resourceType":"Appointment","id":"ap2","status":"booked","description":"Eye clinic","start":"2026-03-12T10:00:00Z","end":"2026-03-12T10:30:00Z","participant":[{"actor":{"reference":"urn:uuid:p2"},"status":"accepted"}]}}`)
	ps, _ := u.vault.Profiles()
	if len(ps) != 2 {
		t.Fatalf("%d people", len(ps))
	}
	hal := ps[0].ID
	if !strings.Contains(ps[0].Name, "Hal") {
		hal = ps[1].ID
	}
	for _, tc := range []struct {
		profile  string
		upcoming bool
		want     []string
	}{
		{hal, false, []string{"Memory clinic | Visit · booked for after the death"}},
		{"", true, []string{"Hal Finch · Memory clinic | Visit · booked for after the death", "Ada Lovell · Eye clinic | Visit · planned"}},
	} {
		s := showImported(u, tc.profile, scTimeline)
		tl := s.pages[scTimeline].(*timelinePage)
		var got []string
		upcoming := false
		for n, l := range timelineTexts(tl) {
			got = append(got, l[0]+" | "+l[1])
			upcoming = upcoming || tl.lines[n] == lineUpcoming
		}
		all := strings.Join(got, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("profile %q: the timeline lacks %q:\n%s", tc.profile, w, all)
			}
		}
		if upcoming != tc.upcoming || strings.Contains(all, "Memory clinic | Visit · planned") {
			t.Errorf("profile %q: Upcoming heading %v:\n%s", tc.profile, upcoming, all)
		}
	}
}

// Medicines of a person who died (Wendell Lesch, died 27 Apr 2018) said "Stopped 27 Apr 2018"
// of those his records still gave as taken, where the summary says "ended at death": the
// screen says it as the summary does (health.Medication.EndWords).
func TestMedicines_EndedAtDeathAsTheSummarySaysIt(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json")
	s := u.shell
	s.show(scMeds)
	u.idle()
	mp := s.pages[scMeds].(*medsPage)
	atDeath := 0
	for _, r := range mp.list.rows {
		if strings.Contains(r.Sub, "27 Apr 2018") && !strings.HasPrefix(r.Sub, "Ended at death, 27 Apr 2018") {
			t.Errorf("%q: %q", r.Title, r.Sub)
		}
		if strings.HasPrefix(r.Sub, "Ended at death, 27 Apr 2018 · ") {
			atDeath++
		}
	}
	if atDeath == 0 {
		t.Errorf("no medicine ended at his death: %+v", mp.list.rows)
	}
}

// Medicines rows ended "from Wendell_Lesch_853767e6-….json" where the Timeline says of the
// same records "imported from a file on 2 Mar 2026" (health.Where): both say it so.
func TestMedicines_WhereInTheTimelinesWords(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json")
	s := u.shell
	s.show(scMeds)
	u.idle()
	mp := s.pages[scMeds].(*medsPage)
	if len(mp.list.rows) == 0 {
		t.Fatal("no medicines")
	}
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	var where string
	for _, l := range timelineTexts(tl) {
		// "imported from a file on …", after "dated after the death · " on a record dated
		// after his death (F333)
		if i := strings.Index(l[1], "imported from a file on "); i >= 0 && where == "" {
			where = l[1][i:]
		}
	}
	if !strings.HasPrefix(where, "imported from a file on ") {
		t.Fatalf("the timeline says %q", where)
	}
	for _, r := range mp.list.rows {
		if strings.Contains(r.Sub, ".json") || !strings.HasSuffix(r.Sub, " · "+where) {
			t.Errorf("%q: %q (the timeline: %q)", r.Title, r.Sub, where)
		}
	}
}

// F30: Joseph died on 14 Feb 2019 with a cardiology review booked for 5 Mar 2019. Years later
// that booking read as a visit that happened: Today's "Last visit: 5 Mar 2019", "2 past
// visits" on Appointments, a plain "Visit" on the Timeline. It is the booking it was on all
// three, and his last visit is the one before his death.
func TestAppointments_BookedAfterAPastDeathNeverTookPlace(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026
	u.rem.opts.Clock = &remClock{now: testNow}
	importBundle(t, u, "joseph.json", `{"fullUrl":"urn:uuid:jb","resource":{"resourceType":"Patient","id":"jb","name":[{"family":"Brennan","given":["Joseph"]}],"birthDate":"1931-06-01","deceasedDateTime":"2019-02-14"}},`+
		`{"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"},"type":[{"text":"Anticoagulation clinic"}],"subject":{"reference":"urn:uuid:jb"},"period":{"start":"2019-01-20T09:00:00Z","end":"2019-01-20T09:30:00Z"}}},`+
		`{"fullUrl":"urn:uuid:a1","resource":{"resourceType":"Appointment","id":"a1","status":"booked","description":"Cardiology review","start":"2019-03-05T10:00:00Z","end":"2019-03-05T10:30:00Z","participant":[{"actor":{"reference":"urn:uuid:jb"},"status":"accepted"}]}}`)
	ps, _ := u.vault.Profiles()
	u.main.loadPeople(ps[0].ID)
	u.idle()
	s := u.shell
	s.show(scToday)
	u.idle()
	today := labelTexts(u.win.Canvas().Content())
	if !strings.Contains(today, "Last visit: 20 Jan 2019 · Anticoagulation clinic") {
		t.Errorf("Today:\n%s", today)
	}
	s.show(scAppts)
	u.idle()
	ap := s.pages[scAppts].(*apptsPage)
	if sub := ap.frame.sub.Text; sub != "1 past visit, 1 booked for after the death. Died 14 Feb 2019." {
		t.Errorf("Appointments says %q", sub)
	}
	booked := 0
	for _, r := range ap.list.rows {
		if strings.Contains(r.Title, "Cardiology review") && strings.Contains(r.Sub, "booked for after the death") {
			booked++
		}
	}
	if booked != 1 {
		t.Errorf("Appointments rows: %+v", ap.list.rows)
	}
	s.show(scTimeline)
	u.idle()
	var lines []string
	for _, l := range timelineTexts(s.pages[scTimeline].(*timelinePage)) {
		lines = append(lines, l[0]+" | "+l[1])
	}
	all := strings.Join(lines, "\n")
	if !strings.Contains(all, "Cardiology review | Visit · booked for after the death · ") || strings.Contains(all, "Anticoagulation clinic | Visit · booked") {
		t.Errorf("Timeline:\n%s", all)
	}
}

// longNames are the texts under o that hold more than max characters of the name made of
// part repeated, cut for the message.
func longNames(o fyne.CanvasObject, part string, max int) []string {
	var long []string
	add := func(s string) {
		if n := strings.Count(s, part) * utf8.RuneCountInString(part); n > max {
			long = append(long, fmt.Sprintf("%d characters: %.60s…", n, s))
		}
	}
	var shown func(o fyne.CanvasObject, fn func(any))
	shown = func(o fyne.CanvasObject, fn func(any)) { // walk, past hidden objects only
		if !o.Visible() {
			return
		}
		fn(o)
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				shown(ch, fn)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				shown(ch, fn)
			}
		}
	}
	shown(o, func(x any) {
		switch w := x.(type) {
		case *widget.Label:
			add(w.Text)
		case *canvas.Text:
			add(w.Text)
		case *widget.Select:
			add(w.Selected)
			for _, op := range w.Options {
				add(op)
			}
		case *widget.Button:
			add(w.Text)
		}
	})
	return long
}

// F27's app half: a person whose stored name is 200,000 characters long (a file can give one;
// the CLI cuts it in its headings since b1f1ff1) had it printed whole in the app's headings
// (Records and files, People, the Timeline's lines): every text on every screen is cut as the
// CLI cuts a heading (health.MaxHeadingCols), or shorter.
func TestHugeNameIsCutOnEveryScreen(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	u.rem.opts.Clock = &remClock{now: testNow}
	huge := strings.Repeat("Abcdefghij", 20000)
	importBundle(t, u, "huge.json", `{"fullUrl":"urn:uuid:h","resource":{"resourceType":"Patient","id":"h","name":[{"family":"`+huge+`"}],"birthDate":"1950-01-02"}},`+
		`{"fullUrl":"urn:uuid:o","resource":{"resourceType":"Observation","id":"o","status":"final","subject":{"reference":"urn:uuid:h"},"code":{"text":"Weight"},"effectiveDateTime":"2026-01-05","valueQuantity":{"value":70,"unit":"kg"}}}`)
	if _, err := u.vault.AddProfile("Ann Lee", "1980-01-01"); err != nil {
		t.Fatal(err)
	}
	ps, _ := u.vault.Profiles()
	hugeID := ps[0].ID
	if ps[1].Name != "Ann Lee" {
		hugeID = ps[1].ID
	}
	const max = 120 // a heading's columns
	u.win.Resize(fyne.NewSize(1024, 600))
	for _, profile := range []string{hugeID, ""} {
		u.main.loadPeople(profile)
		u.idle()
		s := u.shell
		s.choose(profile)
		s.load()
		u.idle()
		for sc := screen(0); sc < numScreens; sc++ {
			s.show(sc)
			u.idle()
			if sc == scFiles {
				s.portalsPage().tabs.SelectIndex(1) // the records' tab
				u.idle()
			}
			limit := max
			if sc == scPeople {
				limit = peopleNameCols // where the name is shown whole, up to this
			}
			for _, l := range longNames(u.win.Canvas().Content(), "Abcdefghij", limit) {
				t.Errorf("person %q, %s: %s", profile, sc.title(), l)
			}
		}
	}
}

// F48: with everyone shown, the Timeline named two men "Joseph Brennan" alike, and Results
// headed a chart with the bare name: the father's 2019 visit read as the son's. Lines and
// headings tell them apart as the person choices do ("Joseph Brennan (born 1931)").
func TestTimeline_EveryoneTellsTwoOfOneNameApart(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	u.rem.opts.Clock = &remClock{now: testNow}
	for _, born := range []string{"1931", "1960"} {
		importBundle(t, u, "joseph-"+born+".json", `{"fullUrl":"urn:uuid:p`+born+`","resource":{"resourceType":"Patient","id":"p`+born+`","name":[{"family":"Brennan","given":["Joseph"]}],"birthDate":"`+born+`-06-01"}},`+
			`{"fullUrl":"urn:uuid:o`+born+`","resource":{"resourceType":"Observation","id":"o`+born+`","status":"final","subject":{"reference":"urn:uuid:p`+born+`"},"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"2019-01-05","valueQuantity":{"value":70,"unit":"kg"}}}`)
	}
	if ps, _ := u.vault.Profiles(); len(ps) != 2 {
		t.Fatalf("%d people", len(ps))
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	s.choose("")
	s.load()
	u.idle()
	s.show(scTimeline)
	u.idle()
	var lines []string
	for _, l := range timelineTexts(s.pages[scTimeline].(*timelinePage)) {
		lines = append(lines, l[0])
	}
	all := strings.Join(lines, "\n")
	for _, w := range []string{"\nJoseph Brennan (born 1931) · ", "\nJoseph Brennan (born 1960) · "} {
		if !strings.Contains(all, w) {
			t.Errorf("the timeline lacks %q:\n%s", w, all)
		}
	}
	s.show(scResults)
	u.idle()
	res := s.pages[scResults].(*resultsPage)
	if len(res.series) != 2 {
		t.Fatalf("%d series", len(res.series))
	}
	for i := range res.series {
		res.choose(i)
		if n := res.name.Text; !strings.HasPrefix(n, "Joseph Brennan (born 19") {
			t.Errorf("the chosen series is headed %q", n)
		}
	}
}

// F43: Records and files did not say that a person died ("b. 1931", "born … · 10 records")
// where every other screen does: "b. 1938, died 2018" in its people list and "died 27 Apr 2018"
// under the name.
func TestRecords_SaysThePersonDied(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json")
	s := u.shell
	s.show(scFiles)
	u.idle()
	m := u.main
	m.loadPeople("")
	u.idle()
	var lines []string
	for i := range m.people {
		o := newPersonItem()
		m.updatePersonItem(i, o)
		lines = append(lines, labelTexts(o))
	}
	if all := strings.Join(lines, "\n"); !strings.Contains(all, ", died 2018") {
		t.Errorf("the people list:\n%s", all)
	}
	if sub := m.subheading.Text; !strings.Contains(sub, " · died 27 Apr 2018 · ") {
		t.Errorf("under the name: %q", sub)
	}
}
