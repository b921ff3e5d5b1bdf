package remind

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"carekeeper/storage"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestICSGolden(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	events := []ICSEvent{
		{UID: "abc@carekeeper", Start: time.Date(2026, 3, 9, 9, 30, 0, 0, ny), End: time.Date(2026, 3, 9, 10, 0, 0, 0, ny),
			Summary: "Mum — Dentist, check-up; bring X-rays", Location: "Main St. 5, Springfield",
			Note:   "Fast for 8 hours.\nBring your medicines list\\card. This note is long enough that it has to be folded over more than one line — ünïcødé included ✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓",
			Alarms: []int{1440, 120, 45}},
		{UID: "def@carekeeper", Start: time.Date(2026, 11, 1, 1, 30, 0, 0, ny), Summary: "Dad — Blood test"},
	}
	var b bytes.Buffer
	if err := WriteICS(&b, events, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	checkICS(t, b.Bytes())
	golden := filepath.Join("testdata", "appointments.ics")
	if *update {
		os.WriteFile(golden, b.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("ics differs from %s (run with -update):\n%s", golden, b.String())
	}
}

// checkICS checks the RFC 5545 rules the writer promises.
func checkICS(t *testing.T, data []byte) {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Fatalf("bad line ends")
	}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line longer than 75 octets: %q", l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("fold split a UTF-8 sequence: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(s, "\r\n ", "")
	if strings.Count(unfolded, "BEGIN:VEVENT") != strings.Count(unfolded, "END:VEVENT") {
		t.Fatal("unbalanced VEVENT")
	}
}

func FuzzICS(f *testing.F) {
	f.Add("Dentist, check-up; ok", "Main St\\5", "line1\nline2", 120)
	f.Add(strings.Repeat("ü", 100), "", "\r\x00\x7f", 1440)
	f.Fuzz(func(t *testing.T, summary, loc, note string, off int) {
		ev := ICSEvent{UID: "x@carekeeper", Start: time.Unix(1_800_000_000, 0), Summary: summary, Location: loc, Note: note, Alarms: []int{off}}
		var b bytes.Buffer
		if err := WriteICS(&b, []ICSEvent{ev}, time.Unix(1_800_000_000, 0)); err != nil {
			t.Fatal(err)
		}
		checkICS(t, b.Bytes())
		unfolded := strings.ReplaceAll(b.String(), "\r\n ", "")
		for _, l := range strings.Split(unfolded, "\r\n") {
			if strings.HasPrefix(l, "SUMMARY:") && utf8.ValidString(summary) && unescapeICS(strings.TrimPrefix(l, "SUMMARY:")) != cleanICS(summary) {
				t.Fatalf("summary did not round-trip: %q → %q", summary, l)
			}
		}
	})
}

func cleanICS(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\r' || (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unescapeICS(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n")
	return r.Replace(s)
}

func TestAppointmentsRemindersAndExport(t *testing.T) {
	v := openVault(t)
	lon := mustLoc(t, "Europe/London")
	pid := addPerson(t, v, "Dad")
	start := time.Date(2026, 3, 30, 9, 0, 0, 0, lon) // the day after the clocks go forward
	ref, err := AddAppointment(context.Background(), v, NewAppointment{Profile: pid, Start: start, Title: "Eye clinic", Location: "St Mary's", Note: "No driving after the drops."})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(context.Background(), v, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Appts) != 1 || m.Appts[0].Ref != ref || m.Appts[0].Location != "St Mary's" || m.Appts[0].Note != "No driving after the drops." {
		t.Fatalf("appointment %+v", m.Appts)
	}
	rs := m.Reminders(pid, start.AddDate(0, 0, -3), start, start.AddDate(0, 0, -3))
	if len(rs) != 2 || !rs[0].At.Equal(time.Date(2026, 3, 29, 9, 0, 0, 0, lon)) || !rs[1].At.Equal(start.Add(-2*time.Hour)) {
		t.Fatalf("reminders %+v", rs)
	}
	txt := notificationText(m.Person(pid), rs[:1], false)
	if txt.Title != "Dad — Eye clinic, Mon 30 Mar 09:00" || txt.Body != "At St Mary's. No driving after the drops." {
		t.Fatalf("text %+v", txt)
	}
	var b bytes.Buffer
	if err := WriteICS(&b, m.ICSEvents(m.Upcoming("", start.AddDate(0, 0, -1))), start); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DTSTART:20260330T080000Z", "TRIGGER:-P1D", "TRIGGER:-PT2H", "LOCATION:St Mary's", "UID:" + appointmentUID(m.Appts[0])} {
		if !strings.Contains(b.String(), want+"\r\n") {
			t.Errorf("ics lacks %q", want)
		}
	}
}

// F21: the same appointment imported from a file and synced from a portal got two reminders
// (two records, two sources); it is one appointment with one set of reminders.
func TestAppointmentFromTwoSourcesOneReminder(t *testing.T) {
	v := openVault(t)
	pid := addPerson(t, v, "Aigerim")
	body := []byte(`{"resourceType":"Appointment","id":"a0","status":"booked","description":"Endocrinology — insulin review","start":"2026-12-04T21:00:00Z"}`)
	var b storage.Batch
	for _, src := range []string{"local", "http://127.0.0.1:8765/fhir"} {
		rec, err := storage.NewRecord(pid, storage.ID{Source: src, Type: "Appointment", ID: "a0"}, body)
		if err != nil {
			t.Fatal(err)
		}
		b.Records = append(b.Records, rec)
	}
	if _, err := v.Write(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Appts) != 1 {
		t.Fatalf("%d appointments, want 1: %+v", len(m.Appts), m.Appts)
	}
	from := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	if rs := m.Reminders(pid, from, from.AddDate(0, 0, 2), from); len(rs) != 2 {
		t.Fatalf("%d reminders, want 2 (a day before, 2 hours before): %+v", len(rs), rs)
	}
}

// F22: two people of one name got notifications that could not be told apart ("María García —
// 08:00 medicines" twice, also on the locked screen); they are named as the person choices
// name them — but a locked or private text, and reminders-locked.json (plaintext), never holds
// a full birth date: the birth year when it tells them apart, else their place in the list. A
// reminder name the person set still wins.
func TestNotificationsTellPeopleOfOneNameApart(t *testing.T) {
	v := openVault(t)
	var ids []string
	for _, p := range [][2]string{{"María García", "1950-04-02"}, {"María García", "1950-11-17"}, {"Ana García", "1984-02-03"}, {"Ana García", "1990-05-06"}} {
		pr, err := v.AddProfile(p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.ID)
		addMed(t, v, pr.ID, "w"+pr.ID, "Warfarin", twiceDaily)
	}
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	rs := []Reminder{{Kind: KindDose, At: at, Due: at, Title: "Warfarin"}}
	open := []string{"María García (born 2 Apr 1950)", "María García (born 17 Nov 1950)", "Ana García (born 1984)", "Ana García (born 1990)"}
	locked := []string{"María García (1)", "María García (2)", "Ana García (born 1984)", "Ana García (born 1990)"}
	for i := range ids {
		if got, want := notificationText(m.Person(ids[i]), rs, false).Title, open[i]+" — 08:00 medicines: Warfarin"; got != want {
			t.Errorf("person %d: %q, want %q", i, got, want)
		}
		if got, want := notificationText(m.Person(ids[i]), rs, true).Title, locked[i]+" — 08:00 medicines"; got != want {
			t.Errorf("person %d locked: %q, want %q", i, got, want)
		}
	}

	// The lock-safe agenda as saved beside the vault: told apart, no full birth date.
	e := New(v, newRecorder(), Options{Clock: &fakeClock{now: at.Add(-time.Hour)}, Device: func() *time.Location { return time.UTC }})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := SaveAgenda(dir, e.Lock(context.Background())); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, AgendaFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"María García (1) — 08:00 medicines", "María García (2) — 08:00 medicines", "Ana García (born 1984) — 08:00 medicines"} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("the saved agenda lacks %q: %.300s", want, saved)
		}
	}
	for _, leak := range []string{"Apr", "Nov", "1950", "Warfarin"} {
		if strings.Contains(string(saved), leak) {
			t.Errorf("the saved agenda holds %q: %.300s", leak, saved)
		}
	}

	p := m.Person(ids[0])
	p.Settings.Label = "Mum"
	p.Name = "Mum"
	for _, private := range []bool{false, true} {
		if got := notificationText(p, rs, private).Title; !strings.HasPrefix(got, "Mum — 08:00 medicines") {
			t.Errorf("with a reminder name (private %v): %q", private, got)
		}
	}
}
