package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// The text size chosen in Settings is capped to what fits the screen: 200 % on a screen already
// at 200 % (FYNE_SCALE=2 on 1024×600, 512×300 units) made the window 1387 px wide at its
// smallest, Lock and the person menu past the screen's edge (F233). The choice is kept (on a
// larger screen it is used), and Settings says what is used instead.

// fixedShare is the part of the window's minimum size that does not grow with the text
// (paddings, icons, separators), a little below what the demo's frame measures (0.23 at 200 %,
// 0.37 at 100 %): the size a text size needs is then never under-guessed going up.
const fixedShare = 0.3

// textScaleFor is the largest text size up to chosen whose window fits the screen, guessed
// from the window's minimum size at the text size in use (the unlock screen at start, the
// records once shown). chosen when the screen is not known.
func (u *UI) textScaleFor(chosen float32) float32 {
	if u.screen == nil || u.theme == nil || u.win == nil || u.win.Canvas().Content() == nil {
		return chosen
	}
	screen, ok := u.screen()
	if !ok || screen.Width <= 0 || screen.Height <= 0 {
		return chosen
	}
	now, least := u.theme.scale, u.win.Canvas().Content().MinSize()
	need := func(f float32) fyne.Size {
		k := fixedShare + (1-fixedShare)*f/now
		return fyne.NewSize(least.Width*k, least.Height*k)
	}
	if n := need(chosen); n.Width <= screen.Width && n.Height <= screen.Height {
		return chosen
	}
	best := float32(textSizes[0])
	for _, f := range textSizes {
		if f := float32(f); f <= chosen {
			if n := need(f); n.Width <= screen.Width && n.Height <= screen.Height {
				best = f
			}
		}
	}
	return best
}

// textFitNote says the text size chosen does not fit this screen, and what is used; "" when
// it is used as chosen.
func (u *UI) textFitNote() string {
	chosen := float32(u.app.Preferences().FloatWithFallback(prefTextSize, 1))
	if u.theme == nil || u.theme.scale >= chosen {
		return ""
	}
	return fmt.Sprintf(lang.L("Text size %d %% does not fit this screen: %d %% used."), int(chosen*100+0.5), int(u.theme.scale*100+0.5))
}

// capText applies the text size that fits the screen, if it is not the one in use.
func (u *UI) capText() bool {
	chosen := float32(u.app.Preferences().FloatWithFallback(prefTextSize, 1))
	if u.theme == nil || u.textScaleFor(chosen) == u.theme.scale {
		return false
	}
	u.applyTheme()
	return true
}

// fitTextToScreen caps the text size once the records are shown, and says so once (the
// Settings page says it for as long as it is so).
func (u *UI) fitTextToScreen() {
	if u.capText() {
		u.resizeToScreen()
	}
	if p, ok := u.shell.pages[scSettings].(*settingsPage); ok {
		p.sayTextFit()
	}
	if note := u.textFitNote(); note != "" && !u.textNoteSaid {
		u.textNoteSaid = true
		dialog.NewInformation(lang.L("Text size"), note+" "+lang.L("You can choose another under Settings → Text size."), u.win).Show()
	}
}
