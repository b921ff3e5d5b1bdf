package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F525 item 9: at 200 % text on a 1024×600 screen (FYNE_SCALE=2), "+ Log a dose" on Today
// records the dose at once and its row shrinks to "… taken at … [Undo]": the page moved under
// the person's eyes and what they saw was the next appointments, the confirmation and its Undo
// out of sight above. The row answered stays in sight, with its Undo; and Undo, in turn, leaves
// the row with Log a dose in sight.
func TestToday_LoggedDoseStaysInSight(t *testing.T) {
	const every6h = `[{"asNeededBoolean":true,"asNeededCodeableConcept":{"text":"pain or fever"},` +
		`"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"maxDosePerPeriod":{"numerator":{"value":8,"unit":"tablet"},"denominator":{"value":24,"unit":"h"}},` +
		`"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]`
	meds := []medFixture{{"Mum", "pn", "Acetaminophen 500 mg tablet, two tablets up to four times a day", every6h}}
	for i := range 5 {
		meds = append(meds, medFixture{"Mum", fmt.Sprintf("d%d", i), fmt.Sprintf("Daily medicine number %d 10 mg tablet", i), twiceDaily})
	}
	rig := newRemindRig(t, at(7, 0), meds...)
	u := rig.u
	rig.advance(at(14, 0))
	rig.showToday()
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(511, 299))
	u.idle()
	u.win.Resize(fyne.NewSize(512, 300))
	u.idle()
	tp := rig.today()
	sc := tp.frame.body.(*container.Scroll)
	button := func(text string) *widget.Button {
		var b *widget.Button
		walk(tp.box, func(o any) {
			if bt, ok := o.(*widget.Button); ok && b == nil && bt.Text == text && bt.Visible() {
				b = bt
			}
		})
		return b
	}
	d := fyne.CurrentApp().Driver()
	// In sight: inside the page's body and inside the screen's own scroll (a page taller than
	// the window is cut by it).
	inSight := func(o fyne.CanvasObject) (bool, string) {
		top := d.AbsolutePositionForObject(o).Y
		vTop := d.AbsolutePositionForObject(sc).Y
		vBottom := vTop + sc.Size().Height
		outer := u.shell.scroll
		vTop, vBottom = max(vTop, d.AbsolutePositionForObject(outer).Y), min(vBottom, d.AbsolutePositionForObject(outer).Y+outer.Size().Height)
		return top >= vTop && top+o.Size().Height <= vBottom, fmt.Sprintf("at %.0f–%.0f, the page's view %.0f–%.0f (offset %.0f)", top, top+o.Size().Height, vTop, vBottom, sc.Offset.Y)
	}
	log := button("Log a dose")
	if log == nil {
		t.Fatalf("no Log a dose:\n%s", labelTexts(tp.box))
	}
	// Scrolled with the wheel, a little at a time, as a person scrolls to it, until it is in
	// sight at the bottom of the view (the header folds away on the way).
	for range 400 {
		if ok, _ := inSight(log); ok {
			break
		}
		sc.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -10}})
		u.idle()
	}
	if ok, where := inSight(log); !ok {
		t.Fatalf("Log a dose not in sight before the tap: %s", where)
	}
	test.Tap(log)
	u.idle()
	undo := button("Undo")
	if undo == nil {
		t.Fatalf("no Undo after Log a dose:\n%s", labelTexts(tp.box))
	}
	if ok, where := inSight(undo); !ok {
		t.Errorf("Undo out of sight after Log a dose: %s", where)
	}
	test.Tap(undo)
	u.idle()
	if log = button("Log a dose"); log == nil {
		t.Fatalf("no Log a dose after Undo:\n%s", labelTexts(tp.box))
	}
	if ok, where := inSight(log); !ok {
		t.Errorf("Log a dose out of sight after Undo: %s", where)
	}
}
