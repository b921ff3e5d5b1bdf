package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/remind"
)

// F566: on a carer's laptop on another clock, Today → Everyone headed a parent's section
// "佐藤和子 · Tuesday 8 December there" on one line that did not wrap: at large text it was wider
// than the window, and so was the whole page under it, every line cut at the right. The
// heading now wraps, and the page is no wider than the window.
func TestToday_EveryoneHeadingWrapsInTheWindow(t *testing.T) {
	long := "Kazuko Sato-Yamamoto de la Vega Hernández"
	rig := newRemindRig(t, at(11, 30),
		medFixture{long, "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Lou", "m2", "Aspirin 100 mg", twiceDaily})
	u := rig.u
	st, err := remind.LoadSettings(u.vault, rig.people[long])
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Pacific/Auckland"
	if err := remind.SaveSettings(context.Background(), u.vault, rig.people[long], st); err != nil {
		t.Fatal(err)
	}
	u.win.Resize(fyne.NewSize(420, 500))
	u.shell.person.SetSelected("Everyone")
	u.idle()
	rig.advance(at(11, 31))
	today := rig.showToday()
	var heading *widget.Label
	for _, o := range today.box.Objects {
		if sec, ok := o.(*fyne.Container); ok && len(sec.Objects) > 0 {
			if h, ok := sec.Objects[0].(*widget.Label); ok && strings.HasPrefix(h.Text, "Kazuko Sato-Yamamoto") {
				heading = h
			}
		}
	}
	if heading == nil {
		t.Fatalf("no section headed with the person's name and day in %q", visibleTexts(today.box))
	}
	if w, win := heading.MinSize().Width, u.win.Canvas().Size().Width; w > win {
		t.Errorf("the heading %q needs %.0f wide, the window is %.0f", heading.Text, w, win)
	}
	if w, win := today.box.MinSize().Width, u.win.Canvas().Size().Width; w > win {
		t.Errorf("Today's page needs %.0f wide, the window is %.0f", w, win)
	}
}
