package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// High contrast keeps its text at 7:1 or more (WCAG 1.4.6), as its foreground, selection and
// focus are: its error red ("Wrong passphrase", a dose missed, "High") was Fyne's #f44336, 5.7:1
// on black. The success, warning and error colours read at 7:1 on every background of the
// theme, and the text of a button drawn on them at 7:1 on it.
func TestTheme_HighContrastStatusColoursAt7(t *testing.T) {
	th := newAppTheme("contrast", 1)
	v := theme.VariantDark
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	for _, n := range []fyne.ThemeColorName{theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError, theme.ColorNameForeground} {
		for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground} {
			if r := contrast(col(n), col(bg)); r < 7 {
				t.Errorf("%s text on %s is %.2f:1, want 7:1", n, bg, r)
			}
		}
	}
	for on, bg := range map[fyne.ThemeColorName]fyne.ThemeColorName{
		theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess, theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
		theme.ColorNameForegroundOnError: theme.ColorNameError, theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary,
	} {
		if r := contrast(col(on), col(bg)); r < 7 {
			t.Errorf("%s on %s is %.2f:1, want 7:1", on, bg, r)
		}
	}
}
