package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// F351: Add measurement (blood pressure) with 130 typed as systolic kept Add off with nothing
// saying why, while a grey "80" in Diastolic looked entered. One line under the form says what
// is still missing or cannot be read, as Add appointment's does, and the examples say "e.g.".
func TestAddMeasurement_SaysWhatIsMissing(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	d := u.shell.openMeasure()
	if d == nil {
		t.Fatal("no measurement dialog")
	}
	u.idle()
	if !d.chosen().pair {
		t.Fatal("blood pressure is not the first measurement")
	}
	if d.value2.PlaceHolder != "e.g. 80" || d.value.PlaceHolder != "e.g. 120" {
		t.Errorf("examples %q, %q", d.value.PlaceHolder, d.value2.PlaceHolder)
	}
	for _, step := range []struct {
		entry  string
		typed  string
		need   string
		addOff bool
	}{
		{"", "", "Enter the systolic pressure.", true},
		{"systolic", "130", "Enter the diastolic pressure.", true},
		{"diastolic", "900", "Diastolic pressure: a number from", true},
		{"diastolic", "80", "", false},
	} {
		switch step.entry {
		case "systolic":
			d.value.SetText("")
			test.Type(d.value, step.typed)
		case "diastolic":
			d.value2.SetText("")
			test.Type(d.value2, step.typed)
		}
		got := ""
		if d.need.Visible() {
			got = d.need.Text
		}
		if (step.need == "" && got != "") || !strings.HasPrefix(got, step.need) {
			t.Errorf("after %s %q: the line says %q, want %q", step.entry, step.typed, got, step.need)
		}
		if d.dialog.confirm.Disabled() != step.addOff {
			t.Errorf("after %s %q: Add off %v", step.entry, step.typed, d.dialog.confirm.Disabled())
		}
	}
}

// F352: a time later than now (21:00 typed at 09:00, 9pm for 9am) was saved without a word, then
// left out of the chart and called "dated after today" on the same day. The form says so and
// Add stays off; a time before now is taken.
func TestAddMeasurement_LaterThanNowIsSaid(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	d := u.shell.openMeasure()
	if d == nil {
		t.Fatal("no measurement dialog")
	}
	u.idle()
	test.Type(d.value, "130")
	test.Type(d.value2, "80")
	for _, c := range []struct {
		clock  string
		later  bool
		addOff bool
	}{{"21:00", true, true}, {"08:30", false, false}} {
		d.clock.SetText(c.clock)
		later := d.need.Visible() && strings.Contains(d.need.Text, "21:00 is later than now (09:00)")
		if later != c.later || d.dialog.confirm.Disabled() != c.addOff {
			t.Errorf("at %s: the line says %q (shown %v), Add off %v", c.clock, d.need.Text, d.need.Visible(), d.dialog.confirm.Disabled())
		}
	}
}
