package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// F208: 'Add my own medicine' with Times '8pm' saved the medicine 'as needed' (no reminder
// ever came) while the box showed a red ! and Add stayed on. Now '8pm', '8 pm', '8:30am' and
// '20.00' are the times they are; a time that cannot be read turns Add off and the box says
// why in words; Medicines reminds at the time typed.
func TestMeds_AddOwnReadsTimesAsPeopleWriteThem(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"8pm", "20:00"}, {"8 pm", "20:00"}, {"8:30am", "08:30"}, {"20.00", "20:00"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			rig := newRemindRig(t, at(9, 0), medFixture{"Lola", "m1", "Metformin 500 mg", twiceDaily})
			u, s := rig.u, rig.u.shell
			s.show(scMeds)
			u.idle()
			meds := s.pages[scMeds].(*medsPage)
			test.Tap(meds.addBt)
			d := meds.addOwn
			if d == nil {
				t.Fatal("no add dialog")
			}
			test.Type(d.name, "Lisinopril")
			hint := func() string { return d.dialog.form.Items[len(d.dialog.form.Items)-1].HintText }
			d.times.pickers[0].SetText("8 o'clock-ish")
			if !d.dialog.confirm.Disabled() {
				t.Error("Add is on while the time cannot be read")
			}
			if h := hint(); !strings.Contains(h, "write it like 20:00 or 8 pm") {
				t.Errorf("the Times box says %q, want why in words", h)
			}
			d.times.pickers[0].SetText(tc.typed)
			if d.dialog.confirm.Disabled() {
				t.Errorf("Add is off for %q", tc.typed)
			}
			if h := hint(); strings.Contains(h, "write it like") {
				t.Errorf("the Times box still says %q for %q", h, tc.typed)
			}
			submit(d.name)
			u.idle()
			rig.advance(at(9, 1))
			s.stale[scMeds] = true
			s.show(scMeds)
			u.idle()
			var sub string
			for _, r := range meds.rows {
				if strings.Contains(r.Title, "Lisinopril") {
					sub = r.Sub
				}
			}
			if strings.Contains(sub, "as needed") || !strings.Contains(sub, tc.want) {
				t.Errorf("Lisinopril row %q, want reminded at %s, not 'as needed'", sub, tc.want)
			}
		})
	}
}

// F208 in the medicine's own settings: a time it cannot read closed the editor with 'Could
// not save the plan' and everything had to be entered again. Now the editor says it as it is
// typed and stays (opens again) with what was typed; '8pm' is saved as 20:00.
func TestMeds_EditorKeepsWhatWasTypedAndReads8pm(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	s := u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	meds.rows[0].OnTap()
	e := meds.edit
	if e == nil {
		t.Fatal("no editor")
	}
	e.mode.SetSelected("At set times")
	e.times.pickers[0].SetText("8 o'clock-ish")
	if !e.problem.Visible() || !strings.Contains(e.problem.Text, "write it like 20:00 or 8 pm") {
		t.Errorf("the editor says %q (shown %v), want why in words", e.problem.Text, e.problem.Visible())
	}
	setText(e.supply, "28")
	submit(e.times.pickers[0])
	u.idle()
	if meds.edit != e || e.times.pickers[0].Text != "8 o'clock-ish" || e.supply.Text != "28" {
		t.Fatalf("the editor closed or lost what was typed (open %v, %q, %q)", meds.edit == e, e.times.pickers[0].Text, e.supply.Text)
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(visibleTexts(top), "write it like 20:00 or 8 pm") {
		t.Error("the editor is not shown again with the reason")
	}
	e.times.pickers[0].SetText("8pm")
	if e.problem.Visible() {
		t.Errorf("still says %q for 8pm", e.problem.Text)
	}
	submit(e.times.pickers[0])
	u.idle()
	if !strings.Contains(meds.rows[0].Sub, "20:00") || !strings.Contains(meds.rows[0].Sub, "set by you") {
		t.Errorf("row after saving 8pm: %q", meds.rows[0].Sub)
	}
}
