package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F71: an as-needed dose logged on Today can be undone for undoTime (nothing is written until
// then), and a dose sooner than the record allows ("every 4–6 hours") is asked about first, in
// plain words; not logging it writes nothing, logging it anyway writes it.
func TestToday_AsNeededUndoAndTooSoon(t *testing.T) {
	const every4h = `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m2", "Paracetamol 500 mg", every4h})
	u, mum := rig.u, rig.people["Mum"]
	button := func(o fyne.CanvasObject, text string) *widget.Button {
		var found *widget.Button
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				found = b
				return
			}
			for _, c := range childrenOf(o) {
				walk(c)
			}
		}
		walk(o)
		return found
	}
	logDose := func() {
		t.Helper()
		b := button(rig.showToday().box, "Log a dose")
		if b == nil {
			t.Fatal("no Log a dose button")
		}
		test.Tap(b)
		u.idle()
	}
	written := func() int { return len(rig.administrations(t, mum)) }

	logDose()
	today := rig.showToday()
	if button(today.box, "Undo") == nil || button(today.box, "Log a dose") != nil {
		t.Fatal("a dose logged: want it with Undo")
	}
	if n := written(); n != 0 {
		t.Errorf("written before the undo time ran out: %d", n)
	}
	test.Tap(button(today.box, "Undo"))
	rig.settle()
	if button(rig.showToday().box, "Log a dose") == nil || written() != 0 {
		t.Fatalf("after Undo: want Log a dose again and nothing written (%d)", written())
	}
	logDose()
	rig.settle()
	if n := written(); n != 1 {
		t.Fatalf("after the undo time: %d doses written, want 1", n)
	}

	// An hour later: asked first.
	rig.advance(at(9, 0))
	rig.u.rem.refresh()
	u.idle()
	logDose()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("a dose an hour after the last was logged without a word")
	}
	want := "The last dose was at 08:00, 1 hour ago. This medicine says at least 4 hours between doses. Log another dose anyway?"
	if got := visibleTexts(top); !strings.Contains(got, want) {
		t.Errorf("the question says %q, want %q", got, want)
	}
	test.Tap(button(top, "Do not log it"))
	rig.settle()
	if n := written(); n != 1 {
		t.Errorf("not logged, yet %d doses written", n)
	}
	logDose()
	top = u.win.Canvas().Overlays().Top()
	if top == nil || button(top, "Log it anyway") == nil {
		t.Fatal("not asked the second time")
	}
	test.Tap(button(top, "Log it anyway"))
	rig.settle()
	if n := written(); n != 2 {
		t.Errorf("logged anyway: %d doses written, want 2", n)
	}
}
