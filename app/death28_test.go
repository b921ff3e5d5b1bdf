package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F145: a file whose Patient (born on another day) states a death, imported into a living
// person chosen, is asked about first: the question says what it would do, before the
// answers (Mum has no record saying whether she is a woman or a man: "they"); imported into
// her anyway, the results line says it did (the file says "female"). The days said are UTC's:
// the test is on UTC's clock (onUTCClock; 1 Dec under TZ=Pacific/Chatham, F559).
func TestImport_IdentityQuestionSaysTheDeath(t *testing.T) {
	onUTCClock(t)
	u := unlocked(t)
	m := u.main
	mum, err := m.v.AddProfile("Mum", "1950-03-04")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ann.json")
	os.WriteFile(path, []byte(`{"resourceType":"Patient","id":"a1","gender":"female","birthDate":"1980-05-01","deceasedDateTime":"2026-11-30T12:00:00Z","name":[{"family":"Lee","given":["Ann"]}]}`), 0o600)
	m.loadPeople(mum.ID)
	u.idle()
	m.importInto([]string{path}, mum.ID)
	u.idle()
	q := m.identity
	if q == nil {
		t.Fatal("not asked")
	}
	if want := "ann.json is for Ann Lee (born 1980), not Mum (born 1950). It says that person died on 30 Nov 2026: imported into Mum, who is living, they would be shown as having died and their reminders would stop."; !strings.Contains(q.text.Text, want) {
		t.Errorf("question %q\nwant it to say %q", q.text.Text, want)
	}
	q.into.OnTapped()
	u.idle()
	if m.results == nil || m.results.results[0].Err != nil {
		t.Fatalf("import did not run: %+v", m.results)
	}
	if got := m.results.results[0].what; !strings.Contains(got, "this file says Mum died on 30 Nov 2026: she is now shown as having died, and her reminders stop") {
		t.Errorf("results line %q", got)
	}
}
