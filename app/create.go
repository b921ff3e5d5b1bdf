package app

import (
	"fmt"
	"strings"

	"carekeeper/internal/passphrase"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newPassphraseFields is a passphrase typed twice, with inline validation. Both the create
// screen and the recovery-code screen use it.
type newPassphraseFields struct {
	pass, again *widget.Entry
	message     messageLabel
	strength    *widget.ProgressBar // zxcvbn score 0–4, shown as 1–5 of 5
	strengthL   *widget.Label
	onValid     func(ok bool) // called after every change
	onSubmit    func()        // Enter in the second field
	minScore    int           // the clinic's policy: the least zxcvbn score accepted (0: any)
}

func newNewPassphraseFields(u *UI) *newPassphraseFields {
	f := &newPassphraseFields{message: newMessageLabel(), strength: widget.NewProgressBar(), strengthL: widget.NewLabel(""),
		minScore: u.clinicPolicies().MinPassphraseScore}
	// Five steps, each filled: 'very weak' is a fifth of the bar. At nothing filled it was the
	// bar's bare track, which the dark theme draws as wide and as teal as a full one (F129).
	f.strength.Max = 5
	f.strength.TextFormatter = func() string { return "" }
	f.strengthL.SizeName = theme.SizeNameCaptionText
	f.strength.Hide() // an empty meter with no words was a bare teal bar (F86)
	f.pass = widget.NewPasswordEntry()
	f.pass.SetPlaceHolder(lang.L("Passphrase"))
	f.again = widget.NewPasswordEntry()
	f.again.SetPlaceHolder(lang.L("The same passphrase again"))
	f.pass.OnChanged = func(string) { f.validate() }
	f.again.OnChanged = func(string) { f.validate() }
	f.pass.OnSubmitted = func(string) { u.win.Canvas().Focus(f.again) }
	f.again.OnSubmitted = func(string) {
		if f.onSubmit != nil {
			f.onSubmit()
		}
	}
	return f
}

// passphraseProblem says what is wrong with a new passphrase typed twice, "" if nothing.
// final is false while the second copy could still become right by typing on.
func passphraseProblem(pass, again string) (msg string, final bool) {
	switch {
	case pass == "" && again == "":
		return "Enter a passphrase.", false
	case pass == "":
		return "Enter a passphrase.", true
	case again == "":
		return "Type the passphrase again to confirm it.", false
	case pass == again:
		return "", true
	case len(again) < len(pass) && strings.HasPrefix(pass, again):
		return "Type the passphrase again to confirm it.", false
	}
	return "The passphrases do not match.", true
}

// validate updates the inline message and reports whether the passphrase can be used.
func (f *newPassphraseFields) validate() bool {
	score := passphrase.Score(f.pass.Text)
	f.strength.SetValue(float64(score + 1))
	if f.pass.Text == "" { // shown with its words, once something is typed
		f.strength.Hide()
	} else {
		f.strength.Show()
	}
	f.strengthL.SetText(strengthWords(f.pass.Text, score))
	msg, final := passphraseProblem(f.pass.Text, f.again.Text)
	if msg == "" && score < f.minScore {
		msg, final = fmt.Sprintf(lang.L("Your clinic asks for a stronger passphrase (at least \"%s\"). Add more words."), strengthName(f.minScore)), true
	}
	ok := msg == ""
	switch {
	case ok && len([]rune(f.pass.Text)) < 10:
		f.message.setHint(lang.L("Tip: a longer passphrase, such as four unrelated words, is much harder to guess."))
	case ok:
		f.message.setHint("")
	case final:
		f.message.setError(msg)
	default:
		f.message.setHint(msg)
	}
	if f.onValid != nil {
		f.onValid(ok)
	}
	return ok
}

// acceptable reports, without showing anything, whether the passphrase can be used.
func (f *newPassphraseFields) acceptable() bool {
	msg, _ := passphraseProblem(f.pass.Text, f.again.Text)
	return msg == "" && (f.minScore <= 0 || passphrase.Score(f.pass.Text) >= f.minScore)
}

// strengthName is the word for a zxcvbn score.
func strengthName(score int) string { return lang.L(passphrase.StrengthName(score)) }

// strengthWords says how strong a passphrase is.
func strengthWords(p string, score int) string {
	if p == "" {
		return lang.L("Strength: type a passphrase")
	}
	return lang.L("Strength") + ": " + strengthName(score)
}

// take returns the passphrase and clears both fields.
func (f *newPassphraseFields) take() []byte {
	p := []byte(f.pass.Text)
	f.pass.SetText("")
	f.again.SetText("")
	f.message.setHint("")
	return p
}

func (f *newPassphraseFields) setEnabled(on bool) {
	for _, e := range []*widget.Entry{f.pass, f.again} {
		if on {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

// createScreen makes a new vault: a passphrase typed twice.
type createScreen struct {
	u         *UI
	fields    *newPassphraseFields
	createBt  *widget.Button
	demoBt    *widget.Button
	restoreBt *widget.Button
	progress  *widget.ProgressBarInfinite
	status    messageLabel // errors from creating the vault
	content   fyne.CanvasObject
}

func (u *UI) showCreate() {
	s := &createScreen{u: u, fields: newNewPassphraseFields(u), status: newMessageLabel()}
	s.createBt = widget.NewButtonWithIcon(lang.L("Create vault"), theme.ConfirmIcon(), s.onCreate)
	s.createBt.Importance = widget.HighImportance
	s.createBt.Disable()
	s.fields.onValid = func(ok bool) {
		if ok {
			s.createBt.Enable()
		} else {
			s.createBt.Disable()
		}
	}
	s.fields.onSubmit = s.onCreate
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.demoBt = widget.NewButtonWithIcon(lang.L("Explore with a demo person"), theme.AccountIcon(), s.onDemo)
	s.restoreBt = widget.NewButtonWithIcon(lang.L("Restore from a backup…"), theme.HistoryIcon(), u.showRestore)
	s.restoreBt.Importance = widget.LowImportance
	s.content = centredColumn(
		container.NewCenter(logo(72)),
		heading(lang.L("Welcome to CareKeeper")),
		paragraph("CareKeeper keeps your family's health records on this computer, encrypted. "+
			"Choose a passphrase to protect them. You will need it every time you open CareKeeper."),
		widget.NewForm(
			widget.NewFormItem(lang.L("Passphrase"), s.fields.pass),
			widget.NewFormItem(lang.L("Again"), s.fields.again),
		),
		container.NewBorder(nil, nil, s.fields.strengthL, nil, s.fields.strength),
		s.fields.message.Label,
		s.status.Label,
		s.createBt,
		s.progress,
		widget.NewSeparator(),
		paragraph(lang.L("Not ready yet? Look around with a made-up person first. The demo keeps its records apart from yours.")),
		s.demoBt,
		s.restoreBt,
	)
	u.setContent(container.NewVScroll(s.content), s.fields.pass)
	u.create = s
}

// onCreate creates the vault, opens it and shows the recovery code.
func (s *createScreen) onCreate() {
	if !s.fields.validate() || s.createBt.Disabled() {
		return
	}
	u := s.u
	pass := s.fields.take()
	s.fields.setEnabled(false)
	s.createBt.Disable()
	s.status.setHint(lang.L("Creating your vault…"))
	s.progress.Show()
	s.progress.Start()
	var (
		code string
		v    *storage.Vault
		err  error
	)
	u.goOpen(func() {
		defer clear(pass)
		// Marked before the code exists: a window closed on the code leaves the mark, and the
		// next unlock makes a new code (F245).
		if err = storage.MarkRecoveryUnsaved(u.dir); err != nil {
			return
		}
		if code, err = storage.Init(u.dir, pass, u.opts); err == nil {
			v, err = storage.Open(u.dir, pass, u.opts)
		}
	}, func() {
		s.progress.Stop()
		s.progress.Hide()
		if err != nil {
			if u.create == s {
				s.status.setError("Could not create the vault: " + errorText(err))
				s.fields.setEnabled(true)
				u.win.Canvas().Focus(s.fields.pass)
			}
			return
		}
		if u.adopt(v) {
			u.showRecovery(code)
		}
	})
}

// recoveryScreen shows the new vault's recovery code, once. The person must tick "I have
// saved it" before going on.
// The new vault is already open (u.vault), so closing the window closes it.
type recoveryScreen struct {
	*recoveryCodeCard
	saved    *widget.Check
	continBt *widget.Button
	content  fyne.CanvasObject
}

// recoveryCodeCard is a recovery code shown once: the code (selectable), Copy and Save as PDF
// to print. The first-run screen and Settings' "Make a new recovery code" show it.
type recoveryCodeCard struct {
	u       *UI
	code    *widget.Label // selectable, monospace
	copyBt  *widget.Button
	pdfBt   *widget.Button // save as a PDF to print (recoverypdf.go)
	savedTo string         // where the PDF was saved last
	card    *widget.Card
}

func newRecoveryCodeCard(u *UI, code string) *recoveryCodeCard {
	c := &recoveryCodeCard{u: u}
	c.code = widget.NewLabelWithStyle(code, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	c.code.Selectable = true
	c.code.SizeName = theme.SizeNameSubHeadingText
	c.code.Wrapping = fyne.TextWrapWord
	c.copyBt = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), c.onCopy)
	c.pdfBt = widget.NewButtonWithIcon(lang.L("Save as PDF to print…"), theme.DocumentPrintIcon(), c.onSavePDF)
	c.card = widget.NewCard("", "", container.NewVBox(c.code, container.NewCenter(container.NewHBox(c.copyBt, c.pdfBt))))
	return c
}

func (u *UI) showRecovery(code string) { u.showRecoveryWith(code, "") }

// showNewRecovery shows a new recovery code made on unlock for a vault whose first code was
// never confirmed as saved (the window closed on it), saying so (F245).
func (u *UI) showNewRecovery(code string) {
	u.showRecoveryWith(code, lang.L("The recovery code of this vault was never saved: CareKeeper was closed before “I have saved my recovery code” was ticked, "+
		"so no one may have it. Here is a new one; the old one no longer works."))
}

func (u *UI) showRecoveryWith(code, why string) {
	s := &recoveryScreen{recoveryCodeCard: newRecoveryCodeCard(u, code)}
	s.continBt = widget.NewButtonWithIcon(lang.L("Continue"), theme.NavigateNextIcon(), s.onContinue)
	s.continBt.Importance = widget.HighImportance
	s.continBt.Disable()
	s.saved = widget.NewCheck(lang.L("I have saved my recovery code somewhere safe"), s.onSavedChanged)
	title := lang.L("Your recovery code")
	var lead []fyne.CanvasObject
	if why != "" {
		title = lang.L("Your new recovery code")
		lead = append(lead, paragraph(why))
	}
	s.content = centredColumn(append(append([]fyne.CanvasObject{
		container.NewCenter(logo(56)),
		heading(title)}, lead...),
		paragraph("If you ever forget your passphrase, this code is the only way back into your records. "+
			"Write it down or print it, and keep it somewhere safe, away from this computer."),
		s.card,
		paragraph(lang.L("It is shown only this once. CareKeeper does not keep a copy.")),
		s.saved,
		s.continBt,
	)...)
	u.setContent(container.NewVScroll(s.content), nil) // scrolls on a small screen at large scale
	u.recovery = s
}

func (c *recoveryCodeCard) onCopy() {
	c.u.app.Clipboard().SetContent(c.code.Text)
}

func (s *recoveryScreen) onSavedChanged(on bool) {
	if on {
		s.continBt.Enable()
	} else {
		s.continBt.Disable()
	}
}

// onContinue forgets the code and opens the records browser.
func (s *recoveryScreen) onContinue() {
	if !s.saved.Checked {
		return
	}
	s.code.SetText("")
	// Seen through: later unlocks go straight in. (If this fails the next unlock makes
	// another code, which is safe.)
	storage.RecoverySaved(s.u.dir) //nolint:errcheck // see above
	s.u.showMain()
}
