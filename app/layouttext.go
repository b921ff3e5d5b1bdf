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

// textScaleFor is the text size used for chosen: the one measured for the records at this
// choice on this screen (textFit, kept in the preferences for the next start; fitText decides
// it), else, before the records were ever shown at this choice on this screen, a guess from the
// window's minimum size now (the unlock screen at a first start). chosen when the screen is
// not known.
//
// The guess is never kept: it said that 200 % fits, which it does not, so after Lock and
// unlocking the records came back at 200 %, larger than the screen (F543), and the guess and
// the measured size were two answers (F567 item 2). The unlock screen, at start and after
// Lock, uses the size measured.
func (u *UI) textScaleFor(chosen float32) float32 {
	if u.screen == nil || u.theme == nil || u.win == nil || u.win.Canvas().Content() == nil {
		return chosen
	}
	screen, ok := u.screen()
	if !ok || screen.Width <= 0 || screen.Height <= 0 {
		return chosen
	}
	if f := u.keptTextFit(); f != nil && f.chosen == chosen && f.screen == screen {
		return f.scale
	}
	return u.guessTextScale(chosen, screen)
}

// keptTextFit is the text size measured for the records (nil: none), read from the
// preferences the first time.
func (u *UI) keptTextFit() *textFit {
	if u.textFit == nil {
		u.textFit = readTextFit(u.app.Preferences().String(prefTextFit))
	}
	return u.textFit
}

// fitText decides the text size used for the records, and is the one place that does: the
// largest size up to the one chosen at which the records shown fit the screen, measured in
// the window, not guessed; kept for this choice and screen (textFit), and lowered when they
// no longer fit at the size kept. It says whether the size in use changed.
func (u *UI) fitText() bool {
	was := float32(0)
	if u.theme != nil {
		was = u.theme.scale
	}
	if u.screen == nil || u.shell == nil || u.theme == nil || u.win.Canvas().Content() == nil {
		u.applyTheme()
		return u.theme.scale != was
	}
	screen, ok := u.screen()
	if !ok || screen.Width <= 0 || screen.Height <= 0 {
		u.applyTheme()
		return u.theme.scale != was
	}
	chosen := float32(u.app.Preferences().FloatWithFallback(prefTextSize, 1))
	if f := u.keptTextFit(); f == nil || f.chosen != chosen || f.screen != screen {
		u.textFit = &textFit{chosen: chosen, screen: screen, scale: chosen} // measured from the size chosen
	}
	if u.theme.scale != u.textFit.scale {
		u.applyTheme()
	}
	u.shrinkTextToFit()
	u.app.Preferences().SetString(prefTextFit, u.textFit.String())
	return u.theme.scale != was
}

// fits says whether the window's content fits the screen at the text size in use.
func (u *UI) fits(screen fyne.Size) bool {
	m := u.win.Canvas().Content().MinSize()
	return m.Width <= screen.Width && m.Height <= screen.Height
}

// textFit is the text size used for the records for a size chosen on a screen of a size.
type textFit struct {
	chosen, scale float32
	screen        fyne.Size
}

// String is how the preferences keep it: "2 512x300 1.5".
func (f textFit) String() string {
	return fmt.Sprintf("%g %gx%g %g", f.chosen, f.screen.Width, f.screen.Height, f.scale)
}

// readTextFit reads textFit.String; nil when s is not one.
func readTextFit(s string) *textFit {
	var f textFit
	if _, err := fmt.Sscanf(s, "%g %gx%g %g", &f.chosen, &f.screen.Width, &f.screen.Height, &f.scale); err != nil || f.scale <= 0 || f.scale > f.chosen {
		return nil
	}
	return &f
}

// guessTextScale is textScaleFor's guess from the window's minimum size now.
func (u *UI) guessTextScale(chosen float32, screen fyne.Size) float32 {
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
	return fmt.Sprintf(lang.L("Text size %d%% does not fit this screen: %d%% used."), int(chosen*100+0.5), int(u.theme.scale*100+0.5))
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

// shrinkTextToFit lowers the text size, a step at a time, while the records shown do not fit
// the screen at the size in use, and keeps the size found (textFit): a guess can be wrong, and
// 200 % chosen in Settings on a 1024×600 screen at FYNE_SCALE=2 was applied as guessed, the
// window 1038×619, larger than the screen (F557 item 8). It says whether it lowered it.
func (u *UI) shrinkTextToFit() bool {
	if u.screen == nil || u.shell == nil || u.theme == nil || u.win.Canvas().Content() == nil {
		return false
	}
	screen, ok := u.screen()
	if !ok || screen.Width <= 0 || screen.Height <= 0 {
		return false
	}
	chosen := float32(u.app.Preferences().FloatWithFallback(prefTextSize, 1))
	lowered := false
	for !u.fits(screen) {
		u.resizeToScreen() // measured again as laid out in the window it gets: labels wrap narrower
		if u.fits(screen) {
			break
		}
		lower := float32(0)
		for _, f := range textSizes {
			if f := float32(f); f < u.theme.scale {
				lower = f
			}
		}
		if lower == 0 {
			break
		}
		was, before := u.theme.scale, u.win.Canvas().Content().MinSize()
		u.textFit = &textFit{chosen: chosen, screen: screen, scale: lower}
		u.applyTheme()
		if u.win.Canvas().Content().MinSize() == before { // not the text's doing: keep the size
			u.textFit.scale = was
			u.applyTheme()
			break
		}
		u.app.Preferences().SetString(prefTextFit, u.textFit.String())
		lowered = true
	}
	return lowered
}

// fitTextToScreen decides the text size once the records are shown (fitText), and says it
// when the size chosen is not used, once: not again at every unlock, nor where Settings said
// it already when she chose it (F567 item 2; the Settings page says it for as long as it is so).
func (u *UI) fitTextToScreen() {
	if u.fitText() {
		u.resizeToScreen()
	}
	if p, ok := u.shell.pages[scSettings].(*settingsPage); ok {
		p.sayTextFit()
	}
	if note := u.textFitNote(); note != "" && u.textNoteNew() {
		dialog.NewInformation(lang.L("Text size"), note+" "+lang.L("You can choose another under Settings → Text size."), u.win).Show()
	}
}

// textNoteNew says whether the text size used, not the one chosen, has not been said yet for
// this choice on this screen, and marks it said (also for the next start).
func (u *UI) textNoteNew() bool {
	if u.textFit == nil || u.textFitNote() == "" {
		return false
	}
	f := u.textFit.String()
	if u.app.Preferences().String(prefTextFitSaid) == f {
		return false
	}
	u.app.Preferences().SetString(prefTextFitSaid, f)
	return true
}
