package app

import (
	"testing"

	"fyne.io/fyne/v2/widget"
)

// F437 (the app's small part): asked "Another dose?" of a medicine whose record allows no
// other yet, "Log it anyway" was the main, coloured button, so Enter logged the dose the
// record says not to give. "Do not log it" is focused, and "Log it anyway" is not the main one.
func TestToday_AnotherDoseQuestionDefaultsToDoNotLog(t *testing.T) {
	const every4h = `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m2", "Paracetamol 500 mg", every4h})
	u := rig.u
	tapButton(t, rig.showToday().box, "Log a dose")
	rig.settle()
	rig.advance(at(9, 0))
	rig.u.rem.refresh()
	u.idle()
	tapButton(t, rig.showToday().box, "Log a dose")
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("a dose an hour after the last was logged without a word")
	}
	var anyway *widget.Button
	walk(top, func(x any) {
		if b, ok := x.(*widget.Button); ok && b.Text == "Log it anyway" {
			anyway = b
		}
	})
	if anyway == nil || anyway.Importance == widget.HighImportance {
		t.Errorf("Log it anyway: %+v, want it there and not the main button", anyway)
	}
	if f, ok := u.win.Canvas().Focused().(*widget.Button); !ok || f.Text != "Do not log it" {
		t.Errorf("focused %T, want Do not log it", u.win.Canvas().Focused())
	}
}
