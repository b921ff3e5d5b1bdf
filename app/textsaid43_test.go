package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// F567 item 2 (rest): 200 % chosen in Settings on a screen where 150 % is used; Settings said
// so under Text size. After the idle lock, unlocking brought the same words back as a dialog
// to dismiss, at every unlock. They are said once, where she chose the size: not at the
// unlock after it, nor at the next start. A start at a size chosen on another screen, not
// said here yet, says it once.
func TestTextSize_NotFittingIsSaidOnceWhereChosen(t *testing.T) {
	screen := lowScreen
	dir, _ := newVault(t)
	u := newTestUI(t, dir)
	u.applyTheme()
	u.SetScreen(func() (fyne.Size, bool) { return screen, true })
	u.fitToScreen()
	u.idle()
	unlock := func(u *UI, when string) {
		t.Helper()
		test.Type(u.unlock.pass, testPass)
		submit(u.unlock.pass)
		u.idle()
		if u.shell == nil {
			t.Fatalf("%s: not unlocked: %q", when, u.unlock.message.Text)
		}
	}
	said := func(u *UI) bool {
		for _, o := range u.win.Canvas().Overlays().List() {
			if strings.Contains(drawnText(o), "does not fit this screen") {
				return true
			}
		}
		return false
	}
	unlock(u, "first unlock")
	u.shell.show(scSettings)
	u.idle()
	p := u.shell.pages[scSettings].(*settingsPage)
	p.sizeSel.SetSelected("200 %")
	u.idle()
	if u.theme.scale >= 2 || !p.sizeNote.Visible() {
		t.Fatalf("200 %% chosen: text at %v, the line under Text size %q shown %v", u.theme.scale, p.sizeNote.Text, p.sizeNote.Visible())
	}
	if said(u) {
		t.Error("Settings says it under Text size, and a dialog says it again")
	}
	for i := range 2 {
		u.lock()
		u.idle()
		unlock(u, "after Lock")
		if said(u) {
			t.Errorf("unlock %d: the dialog says again what Settings said", i+1)
		}
	}
	// The next start, on the same screen: said already.
	kept := func(next *UI) {
		for _, k := range []string{prefTextSize, prefTextFit, prefTextFitSaid} {
			if k == prefTextSize {
				next.app.Preferences().SetFloat(k, u.app.Preferences().Float(k))
				continue
			}
			next.app.Preferences().SetString(k, u.app.Preferences().String(k))
		}
	}
	u.lock()
	u.idle()
	next := newTestUI(t, dir)
	kept(next)
	next.applyTheme()
	next.SetScreen(func() (fyne.Size, bool) { return screen, true })
	next.fitToScreen()
	next.idle()
	unlock(next, "next start")
	if said(next) {
		t.Error("next start: the dialog says again what Settings said")
	}
	// A start where it was never said (the size chosen on a larger screen): said once.
	next.lock()
	next.idle()
	other := newTestUI(t, dir)
	other.app.Preferences().SetFloat(prefTextSize, 2)
	other.applyTheme()
	other.SetScreen(func() (fyne.Size, bool) { return screen, true })
	other.fitToScreen()
	other.idle()
	unlock(other, "a start on this screen")
	if !said(other) {
		t.Errorf("200 %% chosen elsewhere, %v used here, and nothing says so", other.theme.scale)
	}
	for _, o := range other.win.Canvas().Overlays().List() {
		other.win.Canvas().Overlays().Remove(o)
	}
	other.lock()
	other.idle()
	unlock(other, "its unlock after Lock")
	if said(other) {
		t.Error("said again after Lock")
	}
}
