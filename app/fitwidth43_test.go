package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F512 item 7's rest: at 200 % text on a 1024×600 screen at FYNE_SCALE=2 (a window of 461×270)
// Settings asked 549 wide (its form's labels beside the theme choices; "Import a clinic
// configuration…" 485) and Results 504 (the chart's least width): the window stops at the
// screen's edge and the page's right side was cut. The form's labels go above their choices
// when narrow, the chart asks less; both pages fit, at every text size.
func TestShortWindow_SettingsAndResultsFitTheWidth(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	for _, text := range textSizes {
		u.app.Preferences().SetFloat(prefTextSize, text)
		u.applyTheme()
		u.win.Resize(fyne.NewSize(461, 270))
		for _, sc := range []screen{scSettings, scResults} {
			s.show(sc)
			u.idle()
			if w := s.views[sc].MinSize().Width; w > 461 {
				t.Errorf("%s at %.0f %% needs %.0f wide, the window is 461", sc.title(), text*100, w)
			}
		}
	}
	// Wide again, the form's labels are beside their choices.
	u.app.Preferences().SetFloat(prefTextSize, 1)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1000, 700))
	s.show(scSettings)
	u.idle()
	p := s.pages[scSettings].(*settingsPage)
	if p.form.Orientation != widget.Horizontal {
		t.Error("at 100 % in a wide window the form's labels are not beside their choices")
	}
}
