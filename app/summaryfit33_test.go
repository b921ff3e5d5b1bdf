package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F430: at 200 % text on a 1024×600 screen "Prepare a visit summary" was wider and taller than
// the window: its sentence cut at the right, Close and Save as PDF… drawn over the Period box,
// the FHIR box cut at the bottom, and nothing scrolled. It now fits the window and its form
// scrolls: nothing is cut or lies outside what holds it, at 200 % text (a 1024×600 window) and
// at FYNE_SCALE=2 (the same screen is 512×300).
func TestVisitSummary_FitsASmallScreen(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h float32
		text float64
	}{{"200 % text, 1024×600", 1024, 600, 2}, {"FYNE_SCALE=2, 1024×600 (512×300)", 512, 300, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			u, _ := fixtureUI(t, "synthea/Courtney_Schinner_*.json")
			u.app.Preferences().SetFloat(prefTextSize, tc.text)
			u.applyTheme()
			u.win.Resize(fyne.NewSize(tc.w, tc.h))
			u.idle()
			u.shell.openVisitSummary()
			top := topDialog(t, u)
			pop, ok := top.(*widget.PopUp)
			if !ok {
				t.Fatalf("no dialog: %T", top)
			}
			win := u.win.Canvas().Size()
			if sz := pop.Content.Size(); sz.Width > win.Width || sz.Height > win.Height {
				t.Errorf("the dialog is %v, the window %v", sz, win)
			}
			var out []misplaced
			walkBounds(top, "summary", &out)
			for _, m := range out {
				t.Errorf("%s %s", m.path, m.what)
			}
			d := u.shell.summary
			for name, o := range map[string]fyne.CanvasObject{"Period": d.period, "Save as PDF…": d.saveBt, "the FHIR box": d.bundle} {
				if where := onScreen(u, o); where != "" {
					t.Errorf("%s: %s", name, where)
				}
			}
		})
	}
}
