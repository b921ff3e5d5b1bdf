package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// contrast is the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(bl)
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// An unticked check box (drawn in the input border colour over the input background) stands
// out from the page at 3:1 or more (WCAG 1.4.11) in every theme; in the light theme it was
// #e3e3e3 on white.
func TestTheme_UntickedCheckBoxContrast(t *testing.T) {
	for _, c := range []struct {
		variant string
		v       fyne.ThemeVariant
	}{
		{"light", theme.VariantLight}, {"dark", theme.VariantDark}, {"contrast", theme.VariantDark},
		{"system", theme.VariantLight}, {"system", theme.VariantDark},
	} {
		th := newAppTheme(c.variant, 1)
		border := th.Color(theme.ColorNameInputBorder, c.v)
		for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground} {
			if r := contrast(border, th.Color(bg, c.v)); r < 3 {
				t.Errorf("%s theme (variant %d): the check box outline on %s is %.2f:1, want 3:1", c.variant, c.v, bg, r)
			}
		}
	}
}

// Text in the success, warning and error colours, and the text of buttons drawn on them or on
// the primary colour, reads at 4.5:1 or more in the light and dark themes: "taken at 20:08" was
// #43f436 on white (1.5:1), "High" #ff9800 (2.2:1), "Wrong passphrase" #f44336 (3.7:1), and
// every main button in the dark theme white on #4dc4b8 (2.1:1) (F64, F72).
func TestTheme_TextColoursContrast(t *testing.T) {
	for _, c := range []struct {
		variant string
		v       fyne.ThemeVariant
	}{
		{"light", theme.VariantLight}, {"dark", theme.VariantDark}, {"contrast", theme.VariantDark},
		{"system", theme.VariantLight}, {"system", theme.VariantDark},
	} {
		th := newAppTheme(c.variant, 1)
		col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, c.v) }
		for _, n := range []fyne.ThemeColorName{theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError, theme.ColorNameForeground} {
			for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground} {
				if r := contrast(col(n), col(bg)); r < 4.5 {
					t.Errorf("%s theme (variant %d): %s text on %s is %.2f:1, want 4.5:1", c.variant, c.v, n, bg, r)
				}
			}
		}
		for on, bg := range map[fyne.ThemeColorName]fyne.ThemeColorName{
			theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary, theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess,
			theme.ColorNameForegroundOnWarning: theme.ColorNameWarning, theme.ColorNameForegroundOnError: theme.ColorNameError,
		} {
			if r := contrast(col(on), col(bg)); r < 4.5 {
				t.Errorf("%s theme (variant %d): %s on %s is %.2f:1, want 4.5:1", c.variant, c.v, on, bg, r)
			}
		}
	}
}
