package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// Add appointment refused "9 Dec 2026" — the way every screen writes dates — and said the same
// of "12/05/2026" without asking which day it is, while People's birth date reads both (F353).
// A date typed as people write it is read and saved; day-or-month numbers are asked about.
func TestApptDateTypedAsPeopleWriteIt(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scAppts)
	u.idle()
	p := s.pages[scAppts].(*apptsPage)
	p.openEditor(nil)
	e := p.edit
	if e == nil {
		t.Fatal("no editor")
	}
	typeDate := func(date string) {
		e.date.SetText("")
		for _, r := range date {
			e.date.TypedRune(r)
		}
		e.checkNeeds()
	}
	setText(e.title, "Dentist")
	e.clock.SetText("10:30")
	// Day-or-month numbers in a form the locale's layout does not read (en_US reads
	// 12/05/2026 as its own month-first form, the way its calendar writes it).
	ambiguous := ""
	for _, a := range []string{"12/05/2026", "12-05-2026", "12.05.2026"} {
		if _, err := time.Parse(e.date.Layout(), a); err != nil {
			ambiguous = a
			break
		}
	}
	for _, c := range []struct{ typed, want string }{
		{ambiguous, "could be 12 May or 5 December"},
		{"2026-02-31", "ot a real date"},
		{"next week", "Write the date like 9 Dec 2026"},
	} {
		typeDate(c.typed)
		if !strings.Contains(e.need.Text, c.want) || !e.dialog.confirm.Disabled() {
			t.Errorf("%q: the line %q, Add off %v; want %q", c.typed, e.need.Text, e.dialog.confirm.Disabled(), c.want)
		}
	}
	typeDate("9 Dec 2026")
	if e.dialog.confirm.Disabled() || !e.need.Hidden {
		t.Fatalf("'9 Dec 2026': Add off %v, line %q", e.dialog.confirm.Disabled(), e.need.Text)
	}
	submit(e.title)
	u.idle()
	m, err := remind.Load(context.Background(), u.vault, remind.LoadOptions{Device: u.rem.device()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range m.Appts {
		if a.Profile == mum {
			got = append(got, a.Start.In(m.Zone(mum).Loc).Format("2006-01-02 15:04"))
		}
	}
	if len(got) != 1 || got[0] != "2026-12-09 10:30" {
		t.Errorf("saved %v, want one appointment on 2026-12-09 10:30", got)
	}
}
