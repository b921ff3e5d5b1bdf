package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Appearance settings. They hold no health data, so they live in Fyne's preferences (and
// apply before the vault is unlocked).
const (
	prefTheme    = "appearance.theme"     // "system", "light", "dark", "contrast"
	prefTextSize = "appearance.textScale" // 1, 1.25, 1.5, 2
	prefAutoLock = "security.autoLockMin" // minutes; 0 = never
	prefTextFit  = "appearance.textFit"   // the text size used for the chosen one on a screen (textFit)
	// prefTextFitSaid is the textFit last said not to be the size chosen (textNoteNew).
	prefTextFitSaid = "appearance.textFitSaid"
)

// appTheme wraps the default theme: a chosen variant (or the system's), a high-contrast
// palette and a text scale. It follows the terminal app's pattern of overriding only what
// it must.
type appTheme struct {
	variant string // "system", "light", "dark", "contrast"
	scale   float32
}

func newAppTheme(variant string, scale float32) *appTheme {
	if scale < 0.75 || scale > 3 {
		scale = 1
	}
	return &appTheme{variant: variant, scale: scale}
}

func (t *appTheme) pick(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.variant {
	case "light":
		return theme.VariantLight
	case "dark", "contrast":
		return theme.VariantDark
	}
	return v
}

// textColours replace Fyne's where text drawn in them, or on them, was too faint.
var textColours = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameSuccess: color.NRGBA{0x1b, 0x5e, 0x20, 0xff}, // 7.9:1 on white
		theme.ColorNameWarning: color.NRGBA{0x8a, 0x4b, 0x00, 0xff}, // 6.8:1
		theme.ColorNameError:   color.NRGBA{0xb3, 0x26, 0x1e, 0xff}, // 6.5:1
	},
	theme.VariantDark: {
		theme.ColorNameError:               color.NRGBA{0xff, 0x66, 0x59, 0xff}, // 6.2:1 on #171718
		theme.ColorNameForegroundOnPrimary: color.NRGBA{0x17, 0x17, 0x18, 0xff}, // 8.5:1 on the teal
	},
}

// Color returns the palette colour; high contrast is pure black and white with yellow focus.
func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant == "contrast" {
		switch n {
		case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameHeaderBackground:
			return color.Black
		case theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
			// A drop-down's list and a dialog are not the page: black on the black page, a
			// list's items read as the page's text (F512 item 8). White on this is 16:1.
			return color.NRGBA{0x22, 0x22, 0x22, 0xff}
		case theme.ColorNameShadow:
			// the edge of a list or dialog drawn over the page: light on black (F512 item 8)
			return color.NRGBA{0xff, 0xff, 0xff, 0xcc}
		case theme.ColorNameForeground, theme.ColorNameInputBorder, theme.ColorNameSeparator:
			return color.White
		case theme.ColorNamePlaceHolder, theme.ColorNameDisabled:
			return color.NRGBA{0xc8, 0xc8, 0xc8, 0xff}
		case theme.ColorNameFocus, theme.ColorNameSelection:
			// A dark gold, opaque: white text on it reads at 7.25:1 (WCAG 1.4.6). The
			// translucent #ffd700 at 53 % it was gave a chosen row's text 4.7:1; a focused
			// row still has its ring in the bright yellow (Primary).
			return color.NRGBA{0x66, 0x56, 0x00, 0xff}
		case theme.ColorNamePrimary, theme.ColorNameHyperlink:
			return color.NRGBA{0xff, 0xd7, 0x00, 0xff}
		case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError:
			return color.Black
		case theme.ColorNameError:
			// A lighter red: Fyne's #f44336 was 5.7:1 on black, below the 7:1 of the rest of
			// High contrast; this is 7.7:1, and black on it (a Delete button) 7.7:1 too.
			// #ff9090: 7.3:1 on the lists' and dialogs' #222 too (F512 item 8), 9.6:1 on black.
			return color.NRGBA{0xff, 0x90, 0x90, 0xff}
		case theme.ColorNameHover, theme.ColorNamePressed:
			return color.NRGBA{0xff, 0xff, 0xff, 0x40}
		}
	}
	// Fyne's input border (the outline of an unticked check box, of a field) is #e3e3e3 on
	// white in the light theme and #39393a on #171718 in the dark one: 1.2:1 and 1.6:1, so an
	// unticked box is barely there. These meet 3:1 (WCAG 1.4.11) on the background and on a
	// field's own background.
	if n == theme.ColorNameInputBorder && t.variant != "contrast" {
		if t.pick(v) == theme.VariantDark {
			return color.NRGBA{0x80, 0x80, 0x82, 0xff}
		}
		return color.NRGBA{0x76, 0x76, 0x76, 0xff}
	}
	// Text drawn in the success, warning and error colours ("taken at 20:08", "High", "Wrong
	// passphrase") and a main button's text on the primary colour read at 4.5:1 or more (WCAG
	// 1.4.3): Fyne's #43f436 green was 1.5:1 on white, its #ff9800 orange 2.2:1, its #f44336 red
	// 3.7:1, and white on the dark theme's teal 2.1:1 (F64, F72, vapp26).
	if c, ok := textColours[t.pick(v)][n]; ok && t.variant != "contrast" {
		return c
	}
	if n == theme.ColorNamePrimary && t.variant != "contrast" {
		if t.pick(v) == theme.VariantDark {
			return color.NRGBA{0x4d, 0xc4, 0xb8, 0xff} // teal, the icon's colour, lighter for dark
		}
		return color.NRGBA{0x17, 0x7e, 0x78, 0xff}
	}
	return theme.DefaultTheme().Color(n, t.pick(v))
}

func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t *appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size scales text (and the paddings that go with it) by the chosen text size.
func (t *appTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText,
		theme.SizeNameSubHeadingText, theme.SizeNameInlineIcon:
		return s * t.scale
	}
	return s
}

// applyTheme sets the app's theme from the preferences.
func (u *UI) applyTheme() {
	p := u.app.Preferences()
	// The text size chosen, or the largest that fits the screen (F233, layouttext.go).
	u.theme = newAppTheme(p.StringWithFallback(prefTheme, "system"), u.textScaleFor(float32(p.FloatWithFallback(prefTextSize, 1))))
	u.app.Settings().SetTheme(u.theme)
}
