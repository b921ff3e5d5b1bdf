package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F367 (the app's part): "1–2 tablets when needed, at most 8 tablets a day": Log a dose said the
// most but did not count the doses given today against it. Before a dose that could pass it
// (4 doses logged, up to 2 tablets each) it asks first, in plain words; not before.
func TestToday_LogADoseCountsAgainstTheDailyMost(t *testing.T) {
	const ranged = `[{"asNeededCodeableConcept":{"text":"pain"},"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"h"}},` +
		`"doseAndRate":[{"doseRange":{"low":{"value":1,"unit":"tablet"},"high":{"value":2,"unit":"tablet"}}}],` +
		`"maxDosePerPeriod":{"numerator":{"value":8,"unit":"tablet"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m5", "Paracetamol 500 mg tablet", ranged})
	u := rig.u
	var button func(o fyne.CanvasObject, text string) *widget.Button
	button = func(o fyne.CanvasObject, text string) *widget.Button {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
		for _, c := range childrenOf(o) {
			if b := button(c, text); b != nil {
				return b
			}
		}
		return nil
	}
	overlays := len(u.win.Canvas().Overlays().List())
	for h := 8; h <= 12; h++ {
		rig.advance(at(h, 0))
		rig.u.rem.refresh()
		u.idle()
		b := button(rig.showToday().box, "Log a dose")
		if b == nil {
			t.Fatalf("%02d:00: no Log a dose", h)
		}
		test.Tap(b)
		u.idle()
		asked := len(u.win.Canvas().Overlays().List()) > overlays
		if h < 12 {
			if asked {
				t.Fatalf("%02d:00: asked %q", h, visibleTexts(u.win.Canvas().Overlays().Top()))
			}
			rig.settle()
			continue
		}
		want := "4 doses were logged today, the last at 11:00: at up to 2 tablets each, that may be 8 tablets already. This medicine says at most 8 tablets a day. Log another dose anyway?"
		if !asked {
			t.Fatal("12:00: a fifth dose was logged without a word")
		}
		if got := visibleTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(strings.Join(strings.Fields(got), " "), want) {
			t.Errorf("12:00: the question says %q, want %q", got, want)
		}
	}
}
