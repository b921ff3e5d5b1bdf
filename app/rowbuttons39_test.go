package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// F512 item 11: at 150 % text on 1024×600 with FYNE_SCALE=2 (about 512×300 units) a due dose's
// name was squeezed by Taken / Skip / Snooze to one word a line, and a word wider than the room
// left was broken anywhere: "(colecalci / ferol)", "microgra / mos". Beside the buttons the
// words get at least their longest word and a short line; when the row is too narrow for that
// the buttons go under the words. On a wide window they stay beside.
func TestToday_DoseNameIsNotSqueezedByItsButtons(t *testing.T) {
	const name = "Vitamina D3 (colecalciferol) 2000 UI/mL gotas"
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", name, twiceDaily})
	u := rig.u
	rig.advance(at(8, 0).Add(5e9))
	rig.showToday()
	for _, tc := range []struct {
		text  float64
		size  fyne.Size
		under bool
	}{
		{1, fyne.NewSize(1200, 760), false},
		{2, fyne.NewSize(512, 300), true},
		{1.5, fyne.NewSize(512, 300), true},
	} {
		t.Run(fmt.Sprintf("%.0f%%_%.0fx%.0f", tc.text*100, tc.size.Width, tc.size.Height), func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, tc.text)
			u.applyTheme()
			u.win.Resize(tc.size.SubtractWidthHeight(1, 1))
			u.idle()
			u.win.Resize(tc.size)
			u.idle()
			due := rig.lines(lineDue)
			if len(due) != 1 || due[0].taken == nil || due[0].snooze == nil {
				t.Fatalf("due at 08:00: %d lines", len(due))
			}
			var label *widget.Label
			walk(u.shell.views[scToday], func(o any) {
				if l, ok := o.(*widget.Label); ok && label == nil && strings.HasPrefix(l.Text, "08:00 · "+name) {
					label = l
				}
			})
			if label == nil {
				t.Fatalf("no label says %q:\n%s", name, labelTexts(u.shell.views[scToday]))
			}
			d := fyne.CurrentApp().Driver()
			lp, ls := d.AbsolutePositionForObject(label), label.Size()
			for _, w := range strings.Fields(label.Text) {
				if need := fyne.MeasureText(w, theme.TextSize(), label.TextStyle).Width + 2*theme.InnerPadding(); need > ls.Width {
					t.Errorf("%q is %.0f wide in a name %.0f wide: broken inside the word", w, need, ls.Width)
				}
			}
			for _, b := range []*widget.Button{due[0].taken, due[0].skip, due[0].snooze} {
				bp := d.AbsolutePositionForObject(b)
				below := bp.Y >= lp.Y+ls.Height
				beside := bp.X >= lp.X+ls.Width
				if !below && !beside {
					t.Errorf("%s at %v over the name at %v %v", b.Text, bp, lp, ls)
				}
				if below != tc.under {
					t.Errorf("%s under the name: %v, want %v (button at %v, name at %v %v)", b.Text, below, tc.under, bp, lp, ls)
				}
				if bp.X+b.Size().Width > u.win.Canvas().Size().Width {
					t.Errorf("%s ends at %.0f, past the window", b.Text, bp.X+b.Size().Width)
				}
			}
		})
	}
	// Taken under the name answers the dose as beside it.
	test.Tap(rig.lines(lineDue)[0].taken)
	rig.settle()
	if got := rig.administrations(t, rig.people["Mum"]); len(got) != 1 {
		t.Errorf("Taken under the name recorded %v", got)
	}
}
