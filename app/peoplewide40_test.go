package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F525 item 7: People at 150 % text on a 1024×600 screen (FYNE_SCALE=2, 512×300): the folded
// tools, "Add person" and "Change this person…", were two columns of the wider's width: the page
// was wider than the window, "Change this p…" ran off its right edge and Everyone's line was cut
// mid-word, "… their medicines and appointr". The buttons go one under the other when side by
// side they do not fit; nothing on People is wider than the window.
func TestPeople_FoldedToolsFitTheWindow(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Margaret Mary O'Brien", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Kenji Tanaka", "d1", "Aspirin 100 mg", twiceDaily})
	u := rig.u
	for _, text := range []float64{1.5, 2} {
		t.Run(fmt.Sprintf("%.0f%%", text*100), func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, text)
			u.applyTheme()
			s := u.shell
			s.show(scPeople)
			u.idle()
			u.win.Resize(fyne.NewSize(511, 299))
			u.idle()
			u.win.Resize(fyne.NewSize(512, 300))
			u.idle()
			p := s.pages[scPeople].(*peoplePage)
			if !p.moreBt.Visible() {
				t.Fatalf("the tools are not folded at %.0f %%", text*100)
			}
			drv := fyne.CurrentApp().Driver()
			width := u.win.Canvas().Size().Width
			for _, b := range []*widget.Button{p.moreBt} {
				if right := drv.AbsolutePositionForObject(b).X + b.Size().Width; right > width {
					t.Errorf("%q ends at %.0f, past the window's %.0f", b.Text, right, width)
				}
				if b.Size().Width < b.MinSize().Width {
					t.Errorf("%q is %.0f wide, its words need %.0f", b.Text, b.Size().Width, b.MinSize().Width)
				}
			}
			if w := s.views[scPeople].Size().Width; w > width {
				t.Errorf("People is %.0f wide in a window %.0f wide", w, width)
			}
		})
	}
}
