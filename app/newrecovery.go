package app

import (
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// newRecoveryDialog is Settings' "Make a new recovery code…" (F245): for a person whose code
// is lost, or may have been seen by someone else. The current passphrase, then the new code,
// shown once with Copy and Save as PDF; the old code stops working at once. Until "I have
// saved it" is ticked the vault stays marked, and the next unlock makes and shows another.
type newRecoveryDialog struct {
	dialog  dialog.Dialog
	pass    *widget.Entry
	message messageLabel
	make    *widget.Button
	shown   *recoveryCodeCard // the new code, once made
	saved   *widget.Check
	done    *widget.Button
}

func (s *shell) openNewRecoveryCode() {
	u := s.u
	u.auto.poke()
	d := &newRecoveryDialog{pass: widget.NewPasswordEntry(), message: newMessageLabel()}
	d.pass.SetPlaceHolder(lang.L("Your current passphrase"))
	d.make = widget.NewButton(lang.L("Make a new code"), func() { s.makeRecoveryCode(d) })
	d.make.Importance = widget.HighImportance
	d.make.Disable()
	d.pass.OnChanged = func(p string) {
		if p == "" {
			d.make.Disable()
		} else {
			d.make.Enable()
		}
	}
	d.pass.OnSubmitted = func(string) { s.makeRecoveryCode(d) }
	body := container.New(columnLayout{width: 440},
		paragraph(lang.L("If your recovery code is lost, or someone else may have seen it, make a new one. "+
			"The old code stops working at once; your passphrase stays the same.")),
		widget.NewForm(widget.NewFormItem(lang.L("Passphrase"), d.pass)), d.message)
	d.dialog = showAskDialog(u.win, lang.L("Make a new recovery code"), body, d.make, d.pass)
	s.newRecovery = d
}

// makeRecoveryCode checks the passphrase and replaces the recovery code in the background,
// then shows the new code in the dialog's place.
func (s *shell) makeRecoveryCode(d *newRecoveryDialog) {
	if d.pass.Text == "" || d.make.Disabled() {
		return
	}
	u, v := s.u, s.v
	pass := []byte(d.pass.Text)
	d.pass.SetText("")
	d.make.Disable()
	d.message.setHint(lang.L("Making a new recovery code…"))
	var (
		code string
		err  error
	)
	u.goVault(func() {
		code, err = v.NewRecoveryCode(pass)
		clear(pass)
	}, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			d.message.setError(errorText(err))
			u.win.Canvas().Focus(d.pass)
			return
		}
		d.dialog.Hide()
		s.showMadeRecoveryCode(d, code)
	})
}

// showMadeRecoveryCode shows the new code once; Done (after "I have saved it") forgets it.
func (s *shell) showMadeRecoveryCode(d *newRecoveryDialog, code string) {
	u := s.u
	d.shown = newRecoveryCodeCard(u, code)
	d.done = widget.NewButton(lang.L("Done"), nil)
	d.done.Importance = widget.HighImportance
	d.done.Disable()
	d.saved = widget.NewCheck(lang.L("I have saved my recovery code somewhere safe"), func(on bool) {
		if on {
			d.done.Enable()
		} else {
			d.done.Disable()
		}
	})
	body := container.New(columnLayout{width: 440},
		paragraph(lang.L("If you ever forget your passphrase, this code is the only way back into your records. "+
			"Write it down or print it, and keep it somewhere safe, away from this computer. The old code no longer works.")),
		d.shown.card,
		paragraph(lang.L("It is shown only this once. CareKeeper does not keep a copy.")),
		d.saved)
	cd := dialog.NewCustomWithoutButtons(lang.L("Your new recovery code"), body, u.win)
	d.done.OnTapped = func() {
		if !d.saved.Checked {
			return
		}
		d.shown.code.SetText("")
		cd.Hide()
		if s.newRecovery == d {
			s.newRecovery = nil
		}
		if err := storage.RecoverySaved(u.dir); err != nil {
			// The next unlock makes and shows another code, which is safe; say so.
			showError(u.win, lang.L("Could not note that the code was saved"), err)
		}
	}
	cd.SetButtons([]fyne.CanvasObject{d.done})
	d.dialog = cd
	fitDialog(cd, u.win, 520, cd.MinSize().Height)
	cd.Show()
}
