package app

import (
	"carekeeper/internal/secret"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// passphraseDialog changes the vault's passphrase (Settings): the current one, then the new
// one twice, rated like on the create screen. The recovery code stays the same.
type passphraseDialog struct {
	dialog  dialog.Dialog
	old     *widget.Entry
	fields  *newPassphraseFields
	message messageLabel
	save    *widget.Button
}

func (s *shell) openChangePassphrase() {
	u := s.u
	u.auto.poke()
	d := &passphraseDialog{old: widget.NewPasswordEntry(), fields: newNewPassphraseFields(u), message: newMessageLabel()}
	d.old.SetPlaceHolder(lang.L("Your current passphrase"))
	d.old.OnSubmitted = func(string) { u.win.Canvas().Focus(d.fields.pass) }
	d.save = widget.NewButton(lang.L("Change passphrase"), func() { s.changePassphrase(d) })
	d.save.Importance = widget.HighImportance
	d.save.Disable()
	d.fields.onValid = func(ok bool) {
		if ok && d.old.Text != "" {
			d.save.Enable()
		} else {
			d.save.Disable()
		}
	}
	d.old.OnChanged = func(string) { d.fields.onValid(d.fields.acceptable()) }
	d.fields.onSubmit = func() {
		if !d.save.Disabled() {
			s.changePassphrase(d)
		}
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Current"), d.old),
		widget.NewFormItem(lang.L("New"), d.fields.pass),
		widget.NewFormItem(lang.L("Again"), d.fields.again),
	)
	body := container.New(columnLayout{width: 440},
		paragraph(lang.L("Your recovery code stays the same. CareKeeper asks for the new passphrase from now on.")),
		form, d.fields.strength, d.fields.strengthL, d.fields.message, d.message)
	d.dialog = showAskDialog(u.win, lang.L("Change passphrase"), body, d.save, d.old)
	s.passphrase = d
}

// showAskDialog shows a dialog of Settings that asks for the passphrase first (Change
// passphrase, Make a new recovery code): body, then Cancel (Escape too) and do; the
// keyboard starts in first.
func showAskDialog(win fyne.Window, title string, body fyne.CanvasObject, do *widget.Button, first fyne.Focusable) dialog.Dialog {
	cd := dialog.NewCustomWithoutButtons(title, body, win)
	cancel := widget.NewButton(lang.L("Cancel"), cd.Hide)
	cd.SetButtons([]fyne.CanvasObject{cancel, do})
	escapePresses(cd, cancel)
	fitDialog(cd, win, 520, cd.MinSize().Height)
	cd.Show()
	win.Canvas().Focus(first)
	return cd
}

// changePassphrase re-wraps the vault key with the new passphrase in the background.
func (s *shell) changePassphrase(d *passphraseDialog) {
	if !d.fields.acceptable() || d.old.Text == "" {
		return
	}
	u, v := s.u, s.v
	old, neu := []byte(d.old.Text), d.fields.take()
	d.old.SetText("")
	d.save.Disable()
	d.message.setHint(lang.L("Changing the passphrase…"))
	var err error
	u.goVault(func() {
		err = v.ChangePassphrase(old, neu, secret.Params{})
		clear(old)
		clear(neu)
	}, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			d.message.setError(errorText(err))
			u.win.Canvas().Focus(d.old)
			return
		}
		d.dialog.Hide()
		if s.passphrase == d {
			s.passphrase = nil
		}
		dialog.NewInformation(lang.L("Passphrase changed"), lang.L("Use the new passphrase from now on. Your recovery code has not changed."), u.win).Show()
	})
}
