package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/remind"
)

// F408: the Everyone view is headed with this computer's day, "Monday 2 March 2026", and
// listed Ana's Tuesday (Auckland, already past midnight) under it as "Later today" with no
// word on her section's heading; her heading now says her day. Lou, on this computer's day,
// is named alone.
func TestToday_EveryoneSaysAPersonsOwnDay(t *testing.T) {
	rig := newRemindRig(t, at(11, 30),
		medFixture{"Ana", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Lou", "m2", "Aspirin 100 mg", twiceDaily})
	u := rig.u
	st, err := remind.LoadSettings(u.vault, rig.people["Ana"])
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Pacific/Auckland"
	if err := remind.SaveSettings(context.Background(), u.vault, rig.people["Ana"], st); err != nil {
		t.Fatal(err)
	}
	u.shell.person.SetSelected("Everyone")
	u.idle()
	rig.advance(at(11, 31))
	today := rig.showToday()
	auckland, _ := time.LoadLocation("Pacific/Auckland")
	want := map[string]string{
		"Ana": "Ana · " + at(11, 31).In(auckland).Format("Monday 2 January") + " there",
		"Lou": "Lou",
	}
	if at(11, 31).In(auckland).Day() == at(11, 31).Day() {
		t.Fatalf("the test's time is the same day in Auckland: %v", at(11, 31))
	}
	seen := 0
	for _, o := range today.box.Objects {
		sec, ok := o.(*fyne.Container)
		if !ok || len(sec.Objects) == 0 {
			continue
		}
		h, ok := sec.Objects[0].(*widget.Label)
		if !ok {
			continue
		}
		for name, w := range want {
			if len(h.Text) >= len(name) && h.Text[:len(name)] == name {
				seen++
				if h.Text != w {
					t.Errorf("%s's section is headed %q, want %q", name, h.Text, w)
				}
			}
		}
	}
	if seen != 2 {
		t.Errorf("found %d of the 2 people's sections", seen)
	}
}
