package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F422: at 1024×600 with 200 % text (a 461-wide window) the question "Is June with this
// computer, on Berlin time, or at home on London time?" had its two buttons side by side, wider
// than the window: the second button and every line of Today under it were cut at the right
// edge. The buttons go under each other when they do not fit side by side.
func TestToday_TravelQuestionFitsANarrowWindow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	rig := newRemindRig(t, at(12, 0), medFixture{"June Pennington", "m1", "Latanoprost 50 micrograms/mL eye drops", twiceDaily})
	rig.clock.setZone(berlin)
	u, june := rig.u, rig.people["June Pennington"]
	st, err := remind.LoadSettings(u.vault, june)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Europe/London"
	if err := remind.SaveSettings(context.Background(), u.vault, june, st); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(at(12, 1))
	u.win.Resize(fyne.NewSize(461, 270))
	u.idle()
	today := rig.showToday()
	var q fyne.CanvasObject
	walk(today.view(), func(x any) {
		if l, ok := x.(*widget.Label); ok && strings.HasPrefix(l.Text, "Is June Pennington with this computer") && q == nil {
			q = l
		}
	})
	if q == nil {
		t.Fatal("Today does not ask the travel question")
	}
	var keep, follow *widget.Button
	walk(today.view(), func(x any) {
		if b, ok := x.(*widget.Button); ok {
			switch {
			case strings.HasPrefix(b.Text, "At home: keep"):
				keep = b
			case strings.HasPrefix(b.Text, "With this computer: follow"):
				follow = b
			}
		}
	})
	if keep == nil || follow == nil {
		t.Fatal("no answers to the travel question")
	}
	win := u.win.Canvas().Size().Width
	if w := today.view().MinSize().Width; w > win {
		t.Errorf("Today asks for %.0f, wider than the window's %.0f", w, win)
	}
	drv := fyne.CurrentApp().Driver()
	for _, b := range []*widget.Button{keep, follow} {
		if end := drv.AbsolutePositionForObject(b).X + b.Size().Width; end > win+0.5 {
			t.Errorf("%q ends at %.0f, past the window's %.0f", b.Text, end, win)
		}
	}
}
