package app

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/assets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// settingsPage: theme, text size, auto-lock, and about (version, bundled data licences).
type settingsPage struct {
	s        *shell
	content  fyne.CanvasObject
	themeSel *widget.RadioGroup
	sizeSel  *widget.Select
	lockSel  *widget.Select
}

var (
	themeChoices = []struct{ key, label string }{
		{"system", "Same as the system"}, {"light", "Light"}, {"dark", "Dark"}, {"contrast", "High contrast"},
	}
	textSizes = []float64{1, 1.25, 1.5, 2}
	lockTimes = []int{1, 5, 10, 30, 0}
)

func lockLabel(m int) string {
	if m == 0 {
		return lang.L("Never")
	}
	if m == 1 {
		return lang.L("After 1 minute")
	}
	return fmt.Sprintf(lang.L("After %d minutes"), m)
}

func newSettingsPage(s *shell) *settingsPage {
	p := &settingsPage{s: s}
	prefs := s.u.app.Preferences()
	var labels []string
	for _, c := range themeChoices {
		labels = append(labels, lang.L(c.label))
	}
	p.themeSel = widget.NewRadioGroup(labels, nil)
	for _, c := range themeChoices {
		if c.key == s.u.theme.variant {
			p.themeSel.SetSelected(lang.L(c.label))
		}
	}
	p.themeSel.OnChanged = p.onTheme
	var sizes []string
	for _, f := range textSizes {
		sizes = append(sizes, fmt.Sprintf("%d %%", int(f*100)))
	}
	p.sizeSel = widget.NewSelect(sizes, nil)
	p.sizeSel.SetSelected(fmt.Sprintf("%d %%", int(float64(s.u.theme.scale)*100+0.5)))
	p.sizeSel.OnChanged = p.onSize
	var locks []string
	for _, m := range lockTimes {
		locks = append(locks, lockLabel(m))
	}
	p.lockSel = widget.NewSelect(locks, nil)
	p.lockSel.SetSelected(lockLabel(int(s.u.auto.after / time.Minute)))
	p.lockSel.OnChanged = p.onLock
	_ = prefs

	version := s.u.app.Metadata().Version
	if version == "" {
		version = "development"
	}
	about := paragraph(strings.Join([]string{
		fmt.Sprintf(lang.L("CareKeeper %s. Your records stay on this computer, encrypted."), version),
		lang.L("Bundled data:"),
		"• " + assets.DemoAttribution,
		"• " + lang.L("Record compression dictionary: built from HL7 FHIR R4 examples (CC0-1.0) and Synthea sample data (Apache-2.0)."),
		"• " + lang.L("Fyne (BSD-3-Clause), gonum/plot (BSD-3-Clause), Badger (Apache-2.0), zxcvbn (MIT)."),
	}, "\n"))
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Theme"), p.themeSel),
		widget.NewFormItem(lang.L("Text size"), p.sizeSel),
		widget.NewFormItem(lang.L("Lock when idle"), p.lockSel),
	)
	body := container.NewVBox(form, widget.NewSeparator(), section(lang.L("Notifications and start at login")),
		lowText(lang.L("These settings arrive with dose reminders.")), widget.NewSeparator(), section(lang.L("About")), about)
	p.content = container.NewBorder(heading2(lang.L("Settings")), nil, nil, nil, container.NewVScroll(body))
	return p
}

func (p *settingsPage) view() fyne.CanvasObject  { return p.content }
func (p *settingsPage) compute(*pageData) func() { return nil }

func (p *settingsPage) onTheme(label string) {
	for _, c := range themeChoices {
		if lang.L(c.label) == label {
			p.s.u.app.Preferences().SetString(prefTheme, c.key)
		}
	}
	p.s.u.applyTheme()
	p.s.restale()
}

func (p *settingsPage) onSize(label string) {
	for _, f := range textSizes {
		if fmt.Sprintf("%d %%", int(f*100)) == label {
			p.s.u.app.Preferences().SetFloat(prefTextSize, f)
		}
	}
	p.s.u.applyTheme()
}

func (p *settingsPage) onLock(label string) {
	for _, m := range lockTimes {
		if lockLabel(m) == label {
			p.s.u.app.Preferences().SetInt(prefAutoLock, m)
			p.s.u.auto.after = time.Duration(m) * time.Minute
			p.s.u.auto.start()
		}
	}
}

// restale marks every screen for recomputing (charts follow the theme colours).
func (s *shell) restale() {
	for i := range s.stale {
		s.stale[i] = true
	}
}
