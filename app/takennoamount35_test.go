package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F457 (the app's part): Rose's mealtime insulin, whose record gives no amount but "1 unit per
// 15 g carbohydrate at meals and snacks", was recorded "taken at 16:58" by Take now at once,
// with no amount: nobody could later tell how much was given. Taken asks how much, in units,
// saying the record's words, and records the amount typed.
func TestToday_TakenOnADoseWithNoAmountAsksHowMuch(t *testing.T) {
	const ratio = `[{"text":"1 unit per 15 g carbohydrate at meals and snacks","timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}}}]`
	rig := newRemindRig(t, at(7, 0), medFixture{"Rose", "m1", "Insulin lispro 100 units/mL injection", ratio})
	u, rose := rig.u, rig.people["Rose"]
	rig.advance(at(8, 0))
	rig.showToday()
	due := rig.lines(lineDue)
	if len(due) != 1 || due[0].taken == nil {
		t.Fatalf("due lines: %+v", due)
	}
	test.Tap(due[0].taken)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		rig.settle()
		t.Fatalf("Taken on a dose with no amount asked nothing; recorded: %v", dosages(t, u.vault, rose))
	}
	if want := "Insulin lispro 100 units/mL injection: the record gives no amount, only how to work it out: “1 unit per 15 g carbohydrate at meals and snacks”."; !strings.Contains(visibleTexts(top), want) {
		t.Errorf("the question says %q, want %q in it", visibleTexts(top), want)
	}
	var given *widget.Entry
	var logIt *widget.Button
	walk(top, func(x any) {
		switch w := x.(type) {
		case *widget.Entry:
			given = w
		case *widget.Button:
			if w.Text == "Log it" {
				logIt = w
			}
		}
	})
	if given == nil || logIt == nil {
		t.Fatalf("no amount box or Log it: %q", visibleTexts(top))
	}
	if given.PlaceHolder != "how many units" {
		t.Errorf("the box says %q", given.PlaceHolder)
	}
	setText(given, "4")
	u.idle()
	if !logIt.Disabled() || !strings.Contains(visibleTexts(top), "Say the unit too: 4 units?") {
		t.Errorf("a bare 4 is taken, or its line is not about units: %q", visibleTexts(top))
	}
	setText(given, "4 units")
	u.idle()
	test.Tap(logIt)
	rig.settle()
	if got := dosages(t, u.vault, rose); len(got) != 1 || got[0] != "completed 2026-03-02T08:00:00Z 4 units" {
		t.Errorf("recorded %q, want the 08:00 dose given, 4 units", got)
	}
}
