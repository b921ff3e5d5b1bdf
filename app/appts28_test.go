package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// An appointment with no date keeps Add off and says so in one plain line (no Go parse error,
// no 'Something went wrong'); '9am' and '9:30pm' are the times they are (F219).
func TestApptFormSaysWhatIsMissing(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scAppts)
	u.idle()
	p := s.pages[scAppts].(*apptsPage)
	overlays := len(u.win.Canvas().Overlays().List())
	p.openEditor(nil)
	e := p.edit
	if e == nil {
		t.Fatal("no editor")
	}
	setText(e.title, "Cardiology check")
	e.clock.SetText("9am")
	if !e.dialog.confirm.Disabled() {
		t.Error("Add is on with no date")
	}
	if e.need.Hidden || e.need.Text != "Choose a date." {
		t.Errorf("the line under the form: %q (hidden %v), want 'Choose a date.'", e.need.Text, e.need.Hidden)
	}
	if err := e.form.Validate(); err == nil || strings.Contains(err.Error(), "parsing") || strings.Contains(err.Error(), "2006") {
		t.Errorf("the form's error: %v", err)
	}
	submit(e.title) // Enter: nothing happens while the form is not complete
	u.idle()
	if n := len(u.win.Canvas().Overlays().List()); n != overlays+1 || p.edit != e {
		t.Errorf("%d overlays after Enter on an incomplete form, want only the editor", n-overlays)
	}
	test := func(date string) {
		e.date.SetText("")
		for _, r := range date {
			e.date.TypedRune(r)
		}
	}
	test("3 Mayy")
	e.checkNeeds()
	if !strings.Contains(e.need.Text, "Write the date like") || !e.dialog.confirm.Disabled() {
		t.Errorf("an unreadable date: %q, Add off %v", e.need.Text, e.dialog.confirm.Disabled())
	}
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	e.date.SetDate(&day)
	e.clock.SetText("9 pm x")
	if !strings.Contains(e.need.Text, "Write the time like 09:30 or 9:30 am") || !e.dialog.confirm.Disabled() {
		t.Errorf("an unreadable time: %q", e.need.Text)
	}
	e.clock.SetText("9:30pm")
	if e.dialog.confirm.Disabled() || !e.need.Hidden {
		t.Fatalf("complete, Add off %v, line %q", e.dialog.confirm.Disabled(), e.need.Text)
	}
	submit(e.title)
	u.idle()
	n := 0
	u.vault.Records(context.Background(), storage.Query{Profile: mum, Type: "Appointment"}, func(r *storage.Record) error {
		n++
		return nil
	})
	if n != 1 {
		t.Errorf("%d appointments kept, want 1", n)
	}
	if len(p.list.rows) != 1 || !strings.Contains(p.list.rows[0].Right, "21:30") {
		var rows []string
		for _, r := range p.list.rows {
			rows = append(rows, r.Title+" / "+r.Right)
		}
		t.Errorf("saved: %q, want one appointment at 21:30", rows)
	}
}

func TestReadClock(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" not read
	}{
		{"09:30", "09:30"}, {"9:30", "09:30"}, {"9.30", "09:30"}, {"21", "21:00"}, {"9am", "09:00"}, {"9 am", "09:00"},
		{"9 AM", "09:00"}, {"9:30pm", "21:30"}, {"9.30 p.m.", "21:30"}, {"12am", "00:00"}, {"12 pm", "12:00"}, {"12:15 a.m.", "00:15"},
		{"", ""}, {"25:00", ""}, {"9:60", ""}, {"13pm", ""}, {"0am", ""}, {"9:5", ""}, {"nine", ""}, {"9 pm x", ""}, {"-1", ""},
	} {
		h, m, ok := readClock(c.in)
		got := ""
		if ok {
			got = time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Format("15:04")
		}
		if got != c.want {
			t.Errorf("readClock(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
