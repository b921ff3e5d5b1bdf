package app

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F383 (4), F356: Add appointment for a person on New York time took 02:30 on 14 Mar 2027, a
// time the clocks skip that night, and saved another hour without a word; `appointment add`
// refuses it in one line. The form says it, with the times to choose, and Add stays off; the
// same for 01:30 on 7 Nov 2027, which happens twice.
func TestApptForm_RefusesATimeTheClocksSkipOrRepeat(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	st, err := remind.LoadSettings(u.vault, mum)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "America/New_York"
	if err := remind.SaveSettings(context.Background(), u.vault, mum, st); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.show(scAppts)
	u.idle()
	p := s.pages[scAppts].(*apptsPage)
	p.openEditor(nil)
	e := p.edit
	if e == nil {
		t.Fatal("no editor")
	}
	setText(e.title, "Cardiology check")
	for _, c := range []struct {
		day   time.Time
		clock string
		want  string
	}{
		{time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC), "2:30am", "14 Mar 2027, 02:30 does not exist on New York time: the clocks go forward from 02:00 to 03:00 that night; choose 01:30 or 03:30."},
		{time.Date(2027, 11, 7, 0, 0, 0, 0, time.UTC), "01:30", "7 Nov 2027, 01:30 happens twice on New York time: the clocks go back from 02:00 to 01:00 that night; choose a time before 01:00 or from 02:00."},
		{time.Date(2027, 3, 14, 0, 0, 0, 0, time.UTC), "03:30", ""},
	} {
		e.date.SetDate(&c.day)
		e.clock.SetText(c.clock)
		u.idle()
		if e.need.Text != c.want || e.need.Hidden != (c.want == "") {
			t.Errorf("%s %s: the line says %q (hidden %v), want %q", c.day.Format("2 Jan 2006"), c.clock, e.need.Text, e.need.Hidden, c.want)
		}
		if off := e.dialog.confirm.Disabled(); off != (c.want != "") {
			t.Errorf("%s %s: Add off %v", c.day.Format("2 Jan 2006"), c.clock, off)
		}
	}
}
