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

// Settings → Text size 200 % where it fits (a vault of one person, 1024×600 at FYNE_SCALE=2):
// the Household section's two buttons side by side asked 712 wide, the page was laid out at
// that width and "Same as the s|" was cut at the window's edge. They go one above the other,
// and the form's labels above their choices; back at 100 %, beside them again.
func TestShortWindow_SettingsFormFoldsWhenTheTextGrows(t *testing.T) {
	u := unlocked(t)
	if _, err := u.vault.AddProfile("Kazuko Sato", "1951-03-12"); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.SetScreen(func() (fyne.Size, bool) { return scale2Screen, true })
	u.fitToScreen()
	u.idle()
	s := u.shell
	s.show(scSettings)
	u.idle()
	p := s.pages[scSettings].(*settingsPage)
	p.sizeSel.SetSelected("200 %")
	u.idle()
	if u.theme.scale != 2 {
		t.Fatalf("text at %v", u.theme.scale)
	}
	if w, win := s.views[scSettings].MinSize().Width, u.win.Canvas().Size().Width; w > win {
		t.Errorf("Settings at 200 %% needs %.0f wide, the window is %.0f", w, win)
	}
	l := &foldFormLayout{form: p.form}
	if beside, _ := l.widths(); p.form.Orientation != widget.Vertical && beside > p.form.Size().Width {
		t.Errorf("at 200 %% the labels are beside their choices: %.0f wide in %.0f", beside, p.form.Size().Width)
	}
	p.sizeSel.SetSelected("100 %")
	u.idle()
	if p.form.Orientation != widget.Horizontal {
		t.Error("back at 100 % the labels stay above their choices")
	}
}
