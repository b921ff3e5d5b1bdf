package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// At 200 % text on a 1024×600 screen "Add measurement" kept its 100 % width (460): the person
// read "Joseph Br…", the measurement "Blood pre…" and the date "04/12/20…" — 4 December or
// 12 April? (F60, vapp25). Dialogs grow with the text size, within the window, and a date with
// no region in the locale reads as ISO 8601.
func TestDialogs_WiderWithLargerText(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	u.win.Resize(fyne.NewSize(1024, 600))
	u.idle()
	width := func() float32 {
		d := u.shell.openMeasure()
		if d == nil {
			t.Fatal("no measurement dialog")
		}
		u.idle()
		pop, ok := u.win.Canvas().Overlays().Top().(*widget.PopUp)
		if !ok {
			t.Fatalf("the dialog is not shown: %T", u.win.Canvas().Overlays().Top())
		}
		w := pop.Content.Size().Width
		// The date as every screen writes it, "2 Mar 2026" (F351), in any locale.
		if got := d.date.Text; got != u.auto.clock.Now().Format("2 Jan 2006") {
			t.Errorf("the date reads %q, want %q", got, u.auto.clock.Now().Format("2 Jan 2006"))
		}
		d.dialog.Hide()
		u.idle()
		return w
	}
	at100 := width()
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.idle()
	at200 := width()
	if at200 < 1.8*at100 && at200 < 1024-40 {
		t.Errorf("the dialog is %.0f wide at 200 %% text, %.0f at 100 %%", at200, at100)
	}
	if at200 > 1024-40 {
		t.Errorf("the dialog (%.0f) is wider than the window allows", at200)
	}
}
