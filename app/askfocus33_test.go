package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F428 (3): "187 kg is more than twice the last body weight …: are the number and its unit
// right?" had "Add 187 kg" highlighted, so Enter kept the value asked about. "Change it" is
// focused and Enter changes it; "Add …" is not drawn as the main button.
func TestAddMeasurement_FarValueQuestionDefaultsToChangeIt(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Walter", "m1", "Furosemide 40 mg", twiceDaily})
	u, w := rig.u, rig.people["Walter"]
	addObservations(t, u.vault, w, "29463-7", "Body weight", "kg", 0, map[int]float64{3: 84.4})
	resultsOf(t, rig, w)
	d := u.shell.openMeasureOf(w, "weight")
	setText(d.value, "187")
	d.dialog.Submit()
	u.idle()
	if d.asked == nil {
		t.Fatal("187 kg after 84.4 kg was not asked about")
	}
	f, ok := u.win.Canvas().Focused().(*widget.Button)
	if !ok || f.Text != "Change it" {
		t.Fatalf("focused: %#v, want Change it", u.win.Canvas().Focused())
	}
	var add *widget.Button
	walk(u.win.Canvas().Overlays().Top(), func(x any) {
		if b, ok := x.(*widget.Button); ok && b.Text == "Add 187 kg" {
			add = b
		}
	})
	if add == nil || add.Importance == widget.HighImportance {
		t.Errorf("'Add 187 kg' is drawn as the main button: %+v", add)
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.idle()
	if rs := resultsOf(t, rig, w); len(rs.series) != 1 || rs.series[0].Len() != 1 {
		t.Errorf("Enter kept the value asked about")
	}
}
