package intake

import (
	"testing"
	"time"

	cksync "carekeeper/sync"
)

// F145: a file whose Patient states a death, forced into a person here who was living, made
// them shown as having died (no reminders, "Died 1 Dec 2026" on Today) and the import said
// only "1 added; for Mary Smith". The line says it, with the day on the person's clock; a
// later record of the person that states their death says it too. A new person made from such
// a file, a person already shown as having died, or a file imported again, is not said to have
// died by the import. A forced import of such a file into a living person of another birth date
// is asked about first (AskDeath).
func TestImportSaysThePersonDied(t *testing.T) {
	const (
		aliveJSON = `{"resourceType":"Patient","id":"m1","gender":"female","birthDate":"1980-05-01","identifier":[{"system":"urn:x","value":"7"}],"name":[{"family":"Smith","given":["Mary"]}]}`
		// another Mary Smith, born 1950, who died at 23:30 in New York on 30 Nov (1 Dec in UTC)
		otherDead = `{"resourceType":"Patient","id":"m3","birthDate":"1950-05-01","deceasedDateTime":"2026-11-30T23:30:00-05:00","name":[{"family":"Smith","given":["Mary"]}]}`
		// Mary's own record, later: she died
		herDeath = `{"resourceType":"Patient","id":"m1","gender":"female","birthDate":"1980-05-01","identifier":[{"system":"urn:x","value":"7"}],"deceasedDateTime":"2026-11-30T23:30:00-05:00","name":[{"family":"Smith","given":["Mary"]}]}`
	)
	utc := func() *time.Location { return time.UTC }
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	alive, dead, later := write(t, "alive.json", []byte(aliveJSON)), write(t, "dead.json", []byte(otherDead)), write(t, "later.json", []byte(herDeath))

	for _, tc := range []struct {
		name   string
		file   string
		forced bool
		device *time.Location
		want   string
	}{
		{"forced, another person's death", dead, true, time.UTC,
			"1 added; this file says Mary Smith died on 1 Dec 2026: she is now shown as having died, and her reminders stop; for Mary Smith"},
		{"on the person's clock", dead, true, ny,
			"1 added; this file says Mary Smith died on 30 Nov 2026: she is now shown as having died, and her reminders stop; for Mary Smith"},
		{"her own later record, matched", later, false, time.UTC,
			"1 updated; this file says Mary Smith died on 1 Dec 2026: she is now shown as having died, and her reminders stop; for Mary Smith"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newVault(t)
			opt := Options{Options: cksync.Options{Now: clock}, Device: func() *time.Location { return tc.device }}
			s, err := importPath(t, v, alive, opt)
			if err != nil {
				t.Fatal(err)
			}
			mary := s.Profile
			if tc.forced {
				opt.Profile = mary
			}
			s, err = importPath(t, v, tc.file, opt)
			if err != nil {
				t.Fatal(err)
			}
			ps, _ := v.Profiles()
			if got := s.DescribeFor(Names(ps)); got != tc.want || len(s.Died) != 1 || s.Died[0].Profile != mary {
				t.Errorf("%q %+v\nwant %q", got, s.Died, tc.want)
			}
			// again: she is shown as having died already
			if s, err = importPath(t, v, tc.file, opt); err != nil || len(s.Died) != 0 {
				t.Errorf("again: %+v %v", s, err)
			}
		})
	}

	// A new person made from the file is not said to have died by the import.
	if s, err := importPath(t, newVault(t), dead, Options{Device: utc}); err != nil || len(s.Died) != 0 || len(s.NewPeople) != 1 {
		t.Errorf("a new person: %+v %v", s, err)
	}

	// Asked first: the file's person, of another birth date, died; the person chosen is living.
	v := newVault(t)
	s, err := importPath(t, v, alive, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mary := s.Profile
	opt := Options{Options: cksync.Options{Now: clock, Profile: mary}, Device: utc}
	ask := func(path string) *DeathAsk {
		t.Helper()
		in, err := Read(ctx, path, opt)
		if err != nil {
			t.Fatal(err)
		}
		a, err := AskDeath(v, mary, in.PatientFile(), opt)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := ask(dead)
	if a == nil {
		t.Fatal("a file stating another person's death, into a living person: not asked")
	}
	if got, want := a.Sentence("Mary Smith (born 1980)"), "It says that person died on 1 Dec 2026: imported into Mary Smith (born 1980), who is living, she would be shown as having died and her reminders would stop."; got != want {
		t.Errorf("sentence %q\nwant %q", got, want)
	}
	if a := ask(later); a != nil {
		t.Errorf("her own record (the same birth date) is asked about: %+v", a)
	}
	if a := ask(alive); a != nil {
		t.Errorf("a file stating no death is asked about: %+v", a)
	}
	if _, err := importPath(t, v, later, opt); err != nil {
		t.Fatal(err)
	}
	if a := ask(dead); a != nil {
		t.Errorf("into a person shown as having died already: asked %+v", a)
	}
}
