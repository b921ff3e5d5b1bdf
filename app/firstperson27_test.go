package app

import "testing"

// F129: the first person a new vault gets (its first import) is the one the switcher shows —
// it read 'Choose a person' over their Today until picked; and when a household of two becomes
// one, 'Everyone' gives way to that person.
func TestSwitcherShowsTheFirstPerson(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	ps, err := u.vault.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	s.setPeople(ps)
	u.idle()
	if len(ps) != 0 || s.profile != "" {
		t.Fatalf("a new vault has %d people, shows %q", len(ps), s.profile)
	}
	ann, err := u.vault.AddProfile("Ann X", "1950-03-04")
	if err != nil {
		t.Fatal(err)
	}
	if ps, err = u.vault.Profiles(); err != nil {
		t.Fatal(err)
	}
	s.setPeople(ps)
	u.idle()
	if s.profile != ann.ID || s.person.Selected != "Ann X" {
		t.Errorf("after the first person: shows %q, switcher %q (want Ann X)", s.profile, s.person.Selected)
	}
	bob, err := u.vault.AddProfile("Bob Y", "1952-01-01")
	if err != nil {
		t.Fatal(err)
	}
	if ps, err = u.vault.Profiles(); err != nil {
		t.Fatal(err)
	}
	s.setPeople(ps)
	u.idle()
	s.person.SetSelected("Everyone")
	u.idle()
	if s.profile != "" {
		t.Fatalf("Everyone chosen, shows %q", s.profile)
	}
	if _, err := u.vault.DeleteProfile(t.Context(), ann.ID); err != nil {
		t.Fatal(err)
	}
	if ps, err = u.vault.Profiles(); err != nil {
		t.Fatal(err)
	}
	s.setPeople(ps)
	u.idle()
	if s.profile != bob.ID || s.person.Selected != "Bob Y" {
		t.Errorf("one person left: shows %q, switcher %q (want Bob Y)", s.profile, s.person.Selected)
	}
}

// F129: the settings show UTC as "UTC", not "Etc/UTC", and keep the zone stored when it is
// not changed; a very weak passphrase fills a fifth of the strength bar, not none of it.
func TestSmallWordsOfFirstRun(t *testing.T) {
	for in, want := range map[string]string{"Etc/UTC": "UTC", "Etc/GMT": "UTC", "Europe/Dublin": "Europe/Dublin", "": ""} {
		if got := zoneEntryText(in); got != want {
			t.Errorf("zoneEntryText(%q) = %q, want %q", in, got, want)
		}
	}
	u := newTestUI(t, t.TempDir())
	u.showCreate()
	u.idle()
	s := u.create
	if s == nil {
		t.Fatal("no welcome screen")
	}
	for _, c := range []struct {
		pass string
		fill float64
	}{{"abc", 1.0 / 5}, {"maple tractor violet ocean lantern", 1}} {
		s.fields.pass.SetText(c.pass)
		u.idle()
		if got := s.fields.strength.Value / s.fields.strength.Max; got != c.fill {
			t.Errorf("%q fills %.2f of the strength bar, want %.2f (%s)", c.pass, got, c.fill, s.fields.strengthL.Text)
		}
	}
}
