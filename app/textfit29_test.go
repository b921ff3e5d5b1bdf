package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
)

// F278: 200 % chosen in Settings on a screen already at 200 % (FYNE_SCALE=2, 1024×600): the
// size used must fit the screen, the window is at least what its content needs (it was sized
// and centred for less, then grown by the driver past the screen's edge), the line under Text
// size says what is used, and going back to 100 % gives the 100 % window. The narrower screen
// is one whose usual window (90 % of it) is narrower than the content at 150 %.
func TestTextSize_ChosenInSettingsFits(t *testing.T) {
	for _, screen := range []fyne.Size{scale2Screen, fyne.NewSize(480, 300)} {
		t.Run(fmt.Sprint(screen), func(t *testing.T) { textSizeChosenInSettings(t, screen) })
	}
}

func textSizeChosenInSettings(t *testing.T, scale2Screen fyne.Size) {
	u := newTestUI(t, t.TempDir()+"/data")
	u.applyTheme()
	u.showCreate()
	u.idle()
	u.SetScreen(func() (fyne.Size, bool) { return scale2Screen, true })
	u.fitToScreen()
	u.idle()
	u.create.demoBt.OnTapped()
	u.idle()
	u.shell.show(scSettings)
	u.idle()
	p := u.shell.pages[scSettings].(*settingsPage)
	p.sizeSel.SetSelected("200 %")
	u.idle()
	m := u.win.Canvas().Content().MinSize()
	t.Logf("text at %v, window needs %v, note %q (shown %v)", u.theme.scale, m, p.sizeNote.Text, p.sizeNote.Visible())
	if m.Width > scale2Screen.Width || m.Height > scale2Screen.Height {
		t.Errorf("text at %v: the window needs %v on a %v screen", u.theme.scale, m, scale2Screen)
	}
	if w := u.win.Canvas().Size(); w.Width < m.Width || w.Width > scale2Screen.Width {
		t.Errorf("text at %v: the window is %v, its content needs %v, the screen %v", u.theme.scale, w, m, scale2Screen)
	}
	if u.theme.scale < 2 && (!p.sizeNote.Visible() || p.sizeNote.Text == "") {
		t.Errorf("text at %v for 200 %% chosen, and nothing under Text size says so", u.theme.scale)
	}
	p.sizeSel.SetSelected("100 %")
	u.idle()
	if w := u.win.Canvas().Size(); w != windowSize(scale2Screen) {
		t.Errorf("back to 100 %%: the window is %v, want %v", w, windowSize(scale2Screen))
	}
	if u.theme.scale != 1 || p.sizeNote.Visible() {
		t.Errorf("back to 100 %%: text at %v, note %q shown %v", u.theme.scale, p.sizeNote.Text, p.sizeNote.Visible())
	}
}
