package app

import (
	"runtime/debug"
	"strings"

	"carekeeper/internal/binpages"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// unlockScreen asks for the passphrase of an existing vault.
type unlockScreen struct {
	u        *UI
	pass     *widget.Entry
	unlockBt *widget.Button
	forgotBt *widget.Button
	message  messageLabel
	progress *widget.ProgressBarInfinite
	content  fyne.CanvasObject
}

func (u *UI) showUnlock() {
	s := &unlockScreen{u: u, message: newMessageLabel()}
	s.pass = widget.NewPasswordEntry()
	s.pass.SetPlaceHolder(lang.L("Passphrase"))
	s.pass.OnSubmitted = func(string) { s.onUnlock() }
	s.pass.OnChanged = s.onChanged
	s.unlockBt = widget.NewButtonWithIcon(lang.L("Unlock"), theme.LoginIcon(), s.onUnlock)
	s.unlockBt.Importance = widget.HighImportance
	s.unlockBt.Disable()
	s.forgotBt = widget.NewButton(lang.L("Forgot passphrase? Use recovery code"), s.onForgot)
	s.forgotBt.Importance = widget.LowImportance
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.content = centredColumn(
		container.NewCenter(logo(72)),
		heading(lang.L("Unlock CareKeeper")),
		paragraph(lang.L("Enter your passphrase to open your health records.")),
		s.pass,
		s.message.Label,
		s.unlockBt,
		s.progress,
		s.forgotBt,
	)
	u.setContent(container.NewVScroll(s.content), s.pass) // scrolls on a small screen at large scale
	u.unlock = s
}

func (s *unlockScreen) onChanged(text string) {
	if text != "" && s.message.isError() {
		s.message.setError("") // typing again: the last error no longer applies
	}
	if text == "" {
		s.unlockBt.Disable()
	} else {
		s.unlockBt.Enable()
	}
}

func (s *unlockScreen) setBusy(busy bool) {
	if busy {
		s.pass.Disable()
		s.unlockBt.Disable()
		s.forgotBt.Disable()
		s.progress.Show()
		s.progress.Start()
		return
	}
	s.progress.Stop()
	s.progress.Hide()
	s.pass.Enable()
	s.forgotBt.Enable()
	s.onChanged(s.pass.Text)
}

// onUnlock opens the vault with the passphrase typed.
func (s *unlockScreen) onUnlock() {
	if s.pass.Disabled() {
		return
	}
	if s.pass.Text == "" {
		s.message.setError(lang.L("Enter your passphrase."))
		return
	}
	u := s.u
	pass := []byte(s.pass.Text)
	s.pass.SetText("")
	s.message.setHint(lang.L("Unlocking…"))
	s.setBusy(true)
	released := u.released
	var (
		v    *storage.Vault
		err  error
		code string // a new recovery code, for a vault whose first was never saved (F245)
	)
	u.goOpen(func() {
		defer clear(pass)
		<-released // a vault just locked may still be closing
		v, err = storage.Open(u.dir, pass, u.opts)
		if err == nil && storage.RecoveryUnsaved(u.dir) {
			// Best effort: if it fails, the vault opens as before and the next unlock tries again.
			code, _ = v.NewRecoveryCode(pass)
		}
		u.release.kdf()
	}, func() {
		s.progress.Stop() // an infinite bar left running animates (and allocates) for ever
		if err != nil {
			if u.unlock == s {
				s.setBusy(false)
				s.message.setError(errorText(err))
				u.win.Canvas().Focus(s.pass)
			}
			return
		}
		if u.adopt(v) {
			if code != "" {
				u.showNewRecovery(code)
				return
			}
			u.showMain()
		}
	})
}

// memoryRelease is what the app does to hand memory back to the system after an unlock:
// kdf once the key derivation is done (releaseKDFMemory), settled once the first screen with
// records is shown (releaseMemory). Each forces a full collection, which marks the whole heap:
// the tests of other features do without them (newTestUI), TestUnlock_HandsMemoryBack checks
// that an unlock runs both.
type memoryRelease struct{ kdf, settled func() }

// releaseKDFMemory hands the key derivation's 64 MiB (Argon2id) back to the system at once;
// Go's scavenger would otherwise keep it resident for minutes after unlocking.
func releaseKDFMemory() { debug.FreeOSMemory() }

// releaseMemory runs a full collection and hands the free memory back to the system: after
// unlocking, loading the records and computing the first screen leave tens of MB of garbage
// that would otherwise stay resident until the scavenger gets to it. Then it gives back the
// pages of the app's own binary that start-up mapped (binpages.Release): the kernel maps the
// binary in large folios, so the app on Today held ~29 MB of its code and constants, of which
// it touches ~3 MB from then on (issue 13, F479). They stay in the page cache; a page used
// again is mapped again by a minor fault.
func releaseMemory() {
	debug.FreeOSMemory()
	binpages.Release()
}

func (s *unlockScreen) onForgot() { s.u.showRecover() }

// recoverScreen sets a new passphrase with the recovery code, then opens the vault.
type recoverScreen struct {
	u         *UI
	code      *widget.Entry
	fields    *newPassphraseFields
	recoverBt *widget.Button
	backBt    *widget.Button
	status    messageLabel
	progress  *widget.ProgressBarInfinite
	content   fyne.CanvasObject
}

func (u *UI) showRecover() {
	s := &recoverScreen{u: u, fields: newNewPassphraseFields(u), status: newMessageLabel()}
	s.code = widget.NewEntry()
	s.code.SetPlaceHolder(lang.L("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"))
	s.code.TextStyle = fyne.TextStyle{Monospace: true}
	s.code.OnChanged = func(string) { s.validate() }
	s.code.OnSubmitted = func(string) { u.win.Canvas().Focus(s.fields.pass) }
	s.fields.onValid = func(bool) { s.validate() }
	s.fields.onSubmit = s.onRecover
	s.recoverBt = widget.NewButtonWithIcon(lang.L("Set new passphrase and unlock"), theme.ConfirmIcon(), s.onRecover)
	s.recoverBt.Importance = widget.HighImportance
	s.recoverBt.Disable()
	s.backBt = widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), s.onBack)
	s.backBt.Importance = widget.LowImportance
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.content = centredColumn(
		container.NewCenter(logo(56)),
		heading(lang.L("Use your recovery code")),
		paragraph(lang.L("Type the recovery code you saved when you created your vault, then choose a new passphrase.")),
		widget.NewForm(
			widget.NewFormItem(lang.L("Recovery code"), s.code),
			widget.NewFormItem(lang.L("New passphrase"), s.fields.pass),
			widget.NewFormItem(lang.L("Again"), s.fields.again),
		),
		s.fields.message.Label,
		s.status.Label,
		s.recoverBt,
		s.progress,
		s.backBt,
	)
	u.setContent(container.NewVScroll(s.content), s.code)
	u.recover = s
}

// validate enables the button when a code is typed and the new passphrase is valid.
func (s *recoverScreen) validate() bool {
	ok := strings.TrimSpace(s.code.Text) != "" && s.fields.acceptable()
	if ok && !s.code.Disabled() {
		s.recoverBt.Enable()
	} else {
		s.recoverBt.Disable()
	}
	return ok
}

func (s *recoverScreen) setBusy(busy bool) {
	if busy {
		s.code.Disable()
		s.fields.setEnabled(false)
		s.backBt.Disable()
		s.recoverBt.Disable()
		s.progress.Show()
		s.progress.Start()
		return
	}
	s.progress.Stop()
	s.progress.Hide()
	s.code.Enable()
	s.fields.setEnabled(true)
	s.backBt.Enable()
	s.validate()
}

// onRecover rewrites the passphrase slot with the recovery code, then opens the vault with
// the new passphrase.
func (s *recoverScreen) onRecover() {
	if s.code.Disabled() || !s.validate() {
		return
	}
	u := s.u
	code := s.code.Text
	pass := s.fields.take()
	s.status.setHint(lang.L("Setting your new passphrase…"))
	s.setBusy(true)
	released := u.released
	var (
		v   *storage.Vault
		err error
	)
	u.goOpen(func() {
		defer clear(pass)
		<-released
		if err = storage.Recover(u.dir, code, pass, u.opts); err == nil {
			v, err = storage.Open(u.dir, pass, u.opts)
		}
		u.release.kdf()
	}, func() {
		s.progress.Stop()
		if err != nil {
			if u.recover == s {
				s.setBusy(false)
				s.status.setError(errorText(err))
				u.win.Canvas().Focus(s.code)
			}
			return
		}
		s.code.SetText("")
		storage.RecoverySaved(u.dir) //nolint:errcheck // the code was just used: the person has it (F245)
		if u.adopt(v) {
			u.showMain()
		}
	})
}

func (s *recoverScreen) onBack() { s.u.showUnlock() }
