package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F442 item 5: Taken on an overdue dose recorded the time it was tapped: the 08:00 dose
// answered at 18:59 was recorded given at 18:59, a minute before the 19:00 one, "late". Taken
// now asks when it was given, at its time or just now, and records that; Cancel records
// nothing.
func TestToday_TakenOnAnOverdueDoseAsksWhen(t *testing.T) {
	for _, c := range []struct {
		button, want string
	}{
		{"Cancel", ""},
		{"Given at 08:00", "2026-03-02T08:00:00Z"},
		{"Given just now, 09:30", "2026-03-02T09:30:00Z"},
	} {
		t.Run(c.button, func(t *testing.T) {
			rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
			u, mum := rig.u, rig.people["Mum"]
			rig.advance(at(8, 0))
			rig.advance(at(9, 30))
			rig.showToday()
			over := rig.lines(lineOverdue)
			if len(over) != 1 || over[0].taken == nil {
				t.Fatalf("09:30: overdue %+v", over)
			}
			test.Tap(over[0].taken)
			u.idle()
			top := u.win.Canvas().Overlays().Top()
			if top == nil {
				rig.settle()
				t.Fatalf("Taken on the overdue 08:00 dose asked nothing; recorded %v", rig.administrations(t, mum))
			}
			if got, want := visibleTexts(top), "Metformin 500 mg (1 tablet) was due at 08:00. Was it given then, or just now?"; !strings.Contains(got, "When was it given?") || !strings.Contains(got, want) {
				t.Errorf("the question says %q, want %q", got, want)
			}
			if f, ok := u.win.Canvas().Focused().(*widget.Button); !ok || f.Text != "Cancel" {
				t.Errorf("focused %T, want Cancel (Enter records nothing)", u.win.Canvas().Focused())
			}
			var bt *widget.Button
			walk(top, func(x any) {
				if b, ok := x.(*widget.Button); ok && b.Text == c.button {
					bt = b
				}
			})
			if bt == nil {
				t.Fatalf("no %q in %q", c.button, visibleTexts(top))
			}
			test.Tap(bt)
			rig.settle()
			got := rig.administrations(t, mum)
			switch {
			case c.want == "" && len(got) != 0:
				t.Errorf("Cancel recorded %v", got)
			case c.want != "" && (len(got) != 1 || got[c.want] != "completed"):
				t.Errorf("recorded %v, want the dose given at %s", got, c.want)
			}
		})
	}
}
