package app

import (
	"strings"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// whose prefixes a line with the person's name in the household view.
func whose(d *pageData, profile, text string) string {
	if d.profile != "" {
		return text
	}
	if n := d.personName(profile); n != "" {
		return n + " · " + text
	}
	return text
}

// profileOf is the person a record belongs to.
func profileOf(set *health.Set, k health.Key) string {
	if r := set.Get(k); r != nil {
		return r.Profile
	}
	return ""
}

// lowText is a quiet, wrapping line.
func lowText(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// showSized shows content in a dialog of at most w×h.
func showSized(win fyne.Window, title string, content fyne.CanvasObject, w, h float32) {
	d := newCustomDialog(title, content, win)
	fitDialog(d, win, w, h)
	d.Show()
}

// fitDialog sizes d to w×h, or smaller to fit inside the window with a margin (1024×600
// tablets, 200 % text).
func fitDialog(d interface{ Resize(fyne.Size) }, win fyne.Window, w, h float32) {
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(size.Width-40, w), min(size.Height-40, h)))
}
