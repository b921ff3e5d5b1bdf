package app

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/assets"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// settingsPage: theme, text size, auto-lock, and about (version, bundled data licences).
type settingsPage struct {
	s          *shell
	content    fyne.CanvasObject
	form       *widget.Form // its labels go above its choices when narrow (newFoldForm)
	themeSel   *widget.RadioGroup
	sizeSel    *widget.Select
	sizeNote   *widget.Label // the text size chosen does not fit this screen (F233)
	lockSel    *widget.Select
	login      *widget.Check   // start at login
	passBt     *widget.Button  // change the passphrase
	recoveryBt *widget.Button  // make a new recovery code (newrecovery.go)
	people     *fyne.Container // notifications on/off and private, per person
	notes      []personNotify
	house      *householdSection   // Settings → Household (household.go)
	cards      *cardIssuersSection // Settings → Card issuers you trust (cardissuers.go)
}

// personNotify is one person's notification switches on the Settings screen.
type personNotify struct {
	profile     string
	on, private *widget.Check
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
	return count(m, "After {{.Count}} minutes")
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
	p.sizeSel.SetSelected(fmt.Sprintf("%d %%", int(s.u.app.Preferences().FloatWithFallback(prefTextSize, 1)*100+0.5)))
	p.sizeSel.OnChanged = p.onSize
	p.sizeNote = widget.NewLabel(s.u.textFitNote())
	p.sizeNote.Wrapping = fyne.TextWrapWord
	p.sizeNote.Hidden = p.sizeNote.Text == ""
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
	p.form = widget.NewForm(
		widget.NewFormItem(lang.L("Theme"), p.themeSel),
		widget.NewFormItem(lang.L("Text size"), boxed(p.sizeSel, nil)),
		widget.NewFormItem(lang.L("Lock when idle"), boxed(p.lockSel, nil)),
	)
	// A check's words never wrap: the explanation is a line of its own (at 200 % text the
	// sentence made Settings wider than a 1024×600 screen).
	p.login = widget.NewCheck(lang.L("Start CareKeeper when I log in"), nil)
	if on, err := s.u.autostart().Enabled(); err == nil {
		p.login.Checked = on
	}
	p.login.OnChanged = p.onLogin
	p.people = container.NewVBox()
	p.passBt = widget.NewButtonWithIcon(lang.L("Change passphrase…"), theme.AccountIcon(), s.openChangePassphrase)
	p.recoveryBt = widget.NewButtonWithIcon(lang.L("Make a new recovery code…"), theme.AccountIcon(), s.openNewRecoveryCode)
	p.house = newHouseholdSection(s)
	p.cards = newCardIssuersSection(s)
	body := container.NewVBox(newFoldForm(p.form), p.sizeNote, widget.NewSeparator(), section(lang.L("Household")), p.house.content,
		widget.NewSeparator(), section(lang.L("Card issuers you trust")), p.cards.content,
		widget.NewSeparator(), section(lang.L("Passphrase")),
		paragraph(lang.L("The passphrase opens your vault. Change it here; you need the current one.")),
		container.NewHBox(p.passBt),
		paragraph(lang.L("The recovery code opens it if you forget the passphrase. Lost it? Make a new one; the old one stops working.")),
		container.NewHBox(p.recoveryBt), widget.NewSeparator(), section(lang.L("Notifications and start at login")),
		p.login, lowText(lang.L("Reminders come while CareKeeper runs, also while the vault is locked.")), p.people, lowText(lang.L(remind.NoticesHere)), widget.NewSeparator(), section(lang.L("About")), about, newClinicSection(s).content)
	p.content = container.NewBorder(heading2(lang.L("Settings")), nil, nil, nil, container.NewVScroll(body))
	return p
}

func (p *settingsPage) view() fyne.CanvasObject { return p.content }

// compute reads every person's notification settings.
func (p *settingsPage) compute(d *pageData) func() {
	type entry struct {
		id, name string
		st       remind.Settings
		died     string // "Died 14 Mar 2026": nothing notifies of them
	}
	var list []entry
	for _, pr := range d.people {
		st, err := remind.LoadSettings(d.v, pr.ID)
		if err != nil {
			continue
		}
		death, _ := journey.PersonDeath(d.ctx, d.v, pr.ID, d.now) // unread: shown with the switches
		list = append(list, entry{pr.ID, headingName(pr.Name), st, death.Words()})
	}
	cards := p.cards.load(d)
	return func() {
		p.house.refresh()
		cards()
		p.people.RemoveAll()
		p.notes = nil
		if len(list) == 0 {
			p.people.Add(lowText(lang.L("Add a person to choose how their reminders notify.")))
		}
		for _, e := range list {
			e := e
			if e.died != "" {
				// Emeka, who died, had "Notifications" ticked and "Private" to choose: nothing
				// reminds of him (as People's Sharing says since F450).
				name := widget.NewLabelWithStyle(e.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
				p.people.Add(container.NewVBox(name, lowText(e.died+lang.L(" — no reminders or notifications."))))
				continue
			}
			n := personNotify{profile: e.id}
			n.on = widget.NewCheck(lang.L("Notifications"), nil)
			n.on.Checked = !e.st.Off
			n.private = widget.NewCheck(lang.L("Private (no medicine names)"), nil)
			n.private.Checked = e.st.Private
			save := func(bool) {
				was, st := e.st, e.st
				st.Off, st.Private = !n.on.Checked, n.private.Checked
				e.st = st
				p.s.saveReminderSettings(e.id, was, st)
			}
			n.on.OnChanged, n.private.OnChanged = save, save
			p.notes = append(p.notes, n)
			name := widget.NewLabelWithStyle(e.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			// The switches go below a long name when the row is too narrow for both.
			p.people.Add(newFlow(name, n.on, n.private))
		}
	}
}

// onLogin turns starting at login on or off.
func (p *settingsPage) onLogin(on bool) {
	a := p.s.u.autostart()
	var err error
	if on {
		err = a.Enable()
	} else {
		err = a.Disable()
	}
	if err != nil {
		p.s.m.showError(lang.L("Could not change starting at login"), err)
	}
}

// showTheme shows the theme and text size in use (set elsewhere, as the screenshot plan
// does) without acting on them again.
func (p *settingsPage) showTheme() {
	for _, c := range themeChoices {
		if c.key == p.s.u.theme.variant {
			p.themeSel.Selected = lang.L(c.label)
		}
	}
	p.themeSel.Refresh()
	p.sizeSel.Selected = fmt.Sprintf("%d %%", int(p.s.u.app.Preferences().FloatWithFallback(prefTextSize, 1)*100+0.5))
	p.sizeSel.Refresh()
	p.sayTextFit()
}

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
	p.s.u.fitText()        // measured, not guessed (F557 item 8)
	p.s.u.resizeToScreen() // the window's size follows the text's, on the screen (F278)
	p.sayTextFit()
	p.s.u.textNoteNew() // said here: not again at the unlock (F567 item 2)
}

// sayTextFit says under Text size when the size chosen does not fit this screen (F233).
func (p *settingsPage) sayTextFit() {
	note := p.s.u.textFitNote()
	p.sizeNote.SetText(note)
	p.sizeNote.Hidden = note == ""
	p.sizeNote.Refresh()
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
