package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// F400: height was not a measurement one could add. It is, typed as people write it ("5 ft 6
// in", "66 in", "168 cm"), in the unit of the person's own heights, and a value more than twice
// or less than half the last one is asked about as a weight is.
func TestAddMeasurement_HeightAsPeopleWriteIt(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Lily", "m1", "Paracetamol 120 mg/5 mL", twiceDaily})
	u, lily := rig.u, rig.people["Lily"]
	addObservations(t, u.vault, lily, "8302-2", "Body height", "cm", 0, map[int]float64{200: 108, 14: 112})
	resultsOf(t, rig, lily)

	d := u.shell.openMeasureOf(lily, "height")
	if d == nil || d.chosen().kind != "height" {
		t.Fatal("no Height in Add measurement")
	}
	if got := d.items[2].Text; got != "Value (cm)" {
		t.Errorf("height entered as %q, want Value (cm) as her readings", got)
	}
	// 44 (her height in inches, typed in the cm box) is less than half her 112 cm: asked.
	test.Type(d.value, "44")
	d.dialog.Submit()
	u.idle()
	if want := "44 cm is less than half the last body height, 112 cm on 16 Feb 2026: are the number and its unit right?"; d.askedText != want {
		t.Errorf("asked %q, want %q", d.askedText, want)
	}
	if d.asked != nil {
		d.asked.Dismiss()
		u.idle()
	}
	// Feet and inches as people write them, kept in her unit.
	d = u.shell.openMeasureOf(lily, "height")
	test.Type(d.value, `3'9"`)
	u.idle()
	if d.dialog.confirm.Disabled() {
		t.Fatalf(`3'9" not taken: %q`, d.need.Text)
	}
	d.dialog.Submit()
	u.idle()
	res := resultsOf(t, rig, lily)
	found := false
	for i, se := range res.series {
		if se.Code == "http://loinc.org|8302-2" {
			res.choose(i)
			found = true
		}
	}
	if got := res.value.Text; !found || got != "114.3 cm" {
		t.Errorf(`after 3'9" the latest height is %q, want 114.3 cm`, got)
	}
	d = u.shell.openMeasureOf(lily, "height")
	test.Type(d.value, "tall")
	u.idle()
	if !d.dialog.confirm.Disabled() || d.need.Text == "" {
		t.Errorf("'tall' taken as a height (need %q)", d.need.Text)
	}
	d.dialog.Hide()
}
