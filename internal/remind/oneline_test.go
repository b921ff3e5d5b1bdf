package remind

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"

	"carekeeper/storage"
)

// A record's control characters and bidi overrides never reach a notification (or the locked
// agenda beside the vault): a name from a file of "Evil\x1b]0;…\u202e…\r\nInjected: line" made a
// two-line reminder of the file's choosing (F42); a huge name is cut as the CLI cuts it.
func TestNotificationTextIsOneCleanLine(t *testing.T) {
	v := openVault(t)
	evil, err := v.AddProfile("Evil\x1b]0;pwned\a\u202eRTL\r\nInjected: line", "2001-01-01")
	if err != nil {
		t.Fatal(err)
	}
	huge, err := v.AddProfile(strings.Repeat("Loooong ", 5000), "2002-02-02")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{evil.ID, huge.ID} {
		addMed(t, v, p, "m"+p, `Drug\u001b[2J\u2066\nfake line`, twiceDaily)
	}
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	cases := map[string][]Reminder{
		"dose":        {{Kind: KindDose, At: at, Due: at, Title: "Drug\x1b[2J\u2066\nfake line"}},
		"appointment": {{Kind: KindAppointment, At: at, Due: at, Title: "Visit\x1b[5m\nfake", Appt: &Appointment{Location: "Room\r\n1", Note: "bring\u202e\tnotes"}}},
		"refill":      {{Kind: KindRefill, At: at, Due: at, Title: "Refill\x07 Drug"}},
	}
	for _, id := range []string{evil.ID, huge.ID} {
		p := m.Person(id)
		for kind, rs := range cases {
			for _, private := range []bool{false, true} {
				txt := notificationText(p, rs, private)
				alert := alertText(p, &Alert{Due: at, Names: []string{"Drug\x1b[2J\nfake"}}, private)
				for _, s := range []string{txt.Title, txt.Body, alert.Title, alert.Body} {
					for _, r := range s {
						if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
							t.Errorf("%s (private %v): %q holds %U", kind, private, s, r)
							break
						}
					}
					if len(s) > 400 {
						t.Errorf("%s (private %v): a %d-byte line", kind, private, len(s))
					}
				}
			}
		}
	}
	if got := notificationText(m.Person(evil.ID), cases["dose"], true).Title; got != "Evil ]0;pwned RTL Injected: line — 08:00 medicines" {
		t.Errorf("locked title %q", got)
	}
}

// A medicine whose record names a Medication contained in it ("#c1") is reminded by that
// name: reminders said "medicine (1 tablet)" (F56).
func TestReminderNamesAContainedMedication(t *testing.T) {
	v := openVault(t)
	p := addPerson(t, v, "Jadwiga Kowalczyk")
	rec, err := storage.NewRecord(p, storage.ID{Source: "local", Type: "MedicationRequest", ID: "mr"}, []byte(
		`{"resourceType":"MedicationRequest","id":"mr","status":"active","intent":"order","authoredOn":"2026-11-20",`+
			`"contained":[{"resourceType":"Medication","id":"c1","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"855332","display":"warfarin sodium 5 MG Oral Tablet"}]}}],`+
			`"medicationReference":{"reference":"#c1"},"dosageInstruction":`+twiceDaily+`}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(p, "MedicationRequest/mr")
	if med == nil || med.Name != "Warfarin sodium 5 mg tablet" {
		t.Fatalf("%+v, want the medicine named Warfarin sodium 5 mg tablet", med)
	}
}
