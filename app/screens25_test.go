package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cksync "carekeeper/sync"
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
		u.main.loadPeople(tc.profile)
		u.idle()
		s := u.shell
		s.choose(tc.profile)
		s.load()
		u.idle()
		s.restale()
		s.show(scTimeline)
		u.idle()
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
		if _, w, ok := strings.Cut(l[1], " · "); ok && where == "" {
			where = w
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
