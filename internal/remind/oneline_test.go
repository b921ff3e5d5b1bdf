package remind

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"
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
				alert := alertText(p, &Alert{Due: at, Names: []string{"Drug\x1b[2J\nfake"}})
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
