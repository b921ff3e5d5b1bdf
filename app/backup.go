package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// exportTab is the "Export and backup" part of Portals and files.
func (p *portalsPage) exportTab() fyne.CanvasObject {
	s := p.s
	backupBt := widget.NewButtonWithIcon(lang.L("Back up…"), theme.DocumentSaveIcon(), s.onBackup)
	backupBt.Importance = widget.HighImportance
	exportBt := widget.NewButtonWithIcon(lang.L("Export as FHIR…"), theme.UploadIcon(), s.onExport)
	summaryBt := widget.NewButtonWithIcon(lang.L("Prepare a visit summary…"), theme.DocumentPrintIcon(), s.openVisitSummary)
	return container.NewVScroll(container.NewVBox(
		section(lang.L("Encrypted backup")),
		lowText(lang.L("A backup holds everything in CareKeeper, encrypted. It opens with your passphrase as it is now (or your recovery code). Restore it from the first screen of a new CareKeeper.")),
		container.NewHBox(backupBt),
		widget.NewSeparator(),
		section(lang.L("Export")),
		lowText(lang.L("Export the chosen person's records (or everyone's) as a FHIR file that other health apps can import. The file is NOT encrypted: anyone who gets it can read these records. Doses answered go with it; reminder times set here, time zones and settings do not — a backup keeps everything.")),
		container.NewHBox(exportBt),
		widget.NewSeparator(),
		section(lang.L("Visit summary")),
		lowText(lang.L("A printable PDF for the next appointment, with an optional FHIR copy.")),
		container.NewHBox(summaryBt),
	))
}

// longTask is a progress dialog with Cancel for export and backup.
type longTask struct {
	dialog *dialog.CustomDialog
	cancel context.CancelFunc
	ctx    context.Context
}

func (s *shell) newLongTask(title, text string) *longTask {
	ctx, cancel := context.WithCancel(s.u.ctx)
	t := &longTask{ctx: ctx, cancel: cancel}
	bar := widget.NewProgressBarInfinite()
	cancelBt := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { cancel() })
	t.dialog = dialog.NewCustomWithoutButtons(title, container.New(columnLayout{width: 420}, paragraph(text), bar), s.u.win)
	t.dialog.SetButtons([]fyne.CanvasObject{cancelBt})
	t.dialog.SetOnClosed(func() { bar.Stop() })
	t.dialog.Show()
	return t
}

// saveDialog asks where to save a file named name, then calls fn with the path.
func (s *shell) saveDialog(name string, fn func(path string)) { s.u.saveFile(name, "", fn) }

// Export.

// onExport warns that the export is plaintext, then asks where to save it.
func (s *shell) onExport() { s.onExportOf(s.profile) }

// onExportOf exports the records of profile (everyone's for "").
func (s *shell) onExportOf(profile string) {
	who := lang.L("everyone's records")
	if n := s.personNameOf(profile); n != "" {
		who = fmt.Sprintf(lang.L("the records of %s"), n)
	}
	msg := fmt.Sprintf(lang.L("This saves %s as a plain FHIR file. It is NOT encrypted: anyone who can open the file can read them. Keep it somewhere safe and delete it when you no longer need it."), who)
	d := dialog.NewConfirm(lang.L("Export without encryption?"), msg, func(ok bool) {
		if ok {
			s.saveDialog("carekeeper-export.json", func(path string) { s.exportOf(path, profile) })
		}
	}, s.u.win)
	d.SetConfirmText(lang.L("Choose where to save"))
	d.Show()
}

func (s *shell) personNameOf(id string) string {
	labels := personLabels(s.people) // told apart from another of the same name (F48), cut
	for i, p := range s.people {
		if p.ID == id {
			return labels[i]
		}
	}
	return ""
}

// export writes the chosen person's (or everyone's) records to path.
func (s *shell) export(path string) { s.exportOf(path, s.profile) }

// exportOf writes the records of profile (everyone's for "") to path.
func (s *shell) exportOf(path, profile string) {
	if s.u.vault == nil {
		return
	}
	t := s.newLongTask(lang.L("Exporting"), lang.L("Writing the FHIR file…"))
	v := s.v
	var (
		n   int
		err error
	)
	s.u.goVault(func() {
		if err = hhvault.NotInSharedFolder(v, path); err == nil { // plaintext stays out of it (F163)
			if _, err = remind.NameThePerson(t.ctx, v, profile); err == nil { // a medicine added before F363's fix
				n, err = cksync.ExportFile(t.ctx, v, profile, path)
			}
		}
	}, func() {
		t.cancel()
		t.dialog.Hide()
		s.lastExport = exportOutcome{path: path, n: n, err: err}
		if !s.isCurrent() || errors.Is(err, context.Canceled) {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not export"), err)
			return
		}
		dialog.NewInformation(lang.L("Export finished"), count(n, "{{.Count}} records saved to {{.File}}.", map[string]any{"File": filepath.Base(path)}), s.u.win).Show()
	})
}

// exportOutcome is what the last export did (tests read it).
type exportOutcome struct {
	path string
	n    int
	err  error
}

// Backup.

// onBackup asks for the passphrase (a backup opens with it, so the person confirms they know
// it), then where to save the backup.
func (s *shell) onBackup() {
	pass := widget.NewPasswordEntry()
	pass.SetPlaceHolder(lang.L("Your passphrase"))
	msg := lowText(lang.L("Type your passphrase to confirm: the backup opens with it (or with your recovery code)."))
	d := dialog.NewForm(lang.L("Encrypted backup"), lang.L("Continue"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem("", msg), widget.NewFormItem(lang.L("Passphrase"), pass)},
		func(ok bool) {
			p := []byte(pass.Text)
			pass.SetText("")
			if !ok || len(p) == 0 {
				clear(p)
				return
			}
			name := "carekeeper-" + s.u.auto.clock.Now().Format("2006-01-02") + ".ckbackup"
			s.saveDialog(name, func(path string) { s.backup(path, p) })
		}, s.u.win)
	fitDialog(d, s.u.win, 460, d.MinSize().Height)
	pass.OnSubmitted = func(string) { d.Submit() }
	d.Show()
	s.u.win.Canvas().Focus(pass)
}

// backup writes the encrypted backup to path (atomically). pass is wiped after.
func (s *shell) backup(path string, pass []byte) {
	if s.u.vault == nil {
		clear(pass)
		return
	}
	t := s.newLongTask(lang.L("Backing up"), lang.L("Writing the encrypted backup…"))
	v := s.v
	var err error
	s.u.goVault(func() {
		defer clear(pass)
		err = v.BackupFile(t.ctx, path, pass)
	}, func() {
		t.cancel()
		t.dialog.Hide()
		s.lastBackup = exportOutcome{path: path, err: err}
		if !s.isCurrent() || errors.Is(err, context.Canceled) {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not back up"), err)
			return
		}
		dialog.NewInformation(lang.L("Backup finished"), fmt.Sprintf(lang.L("Saved %s. Keep it somewhere other than this computer."), filepath.Base(path)), s.u.win).Show()
	})
}

// Restore (from the first-run screen).

// restoreScreen restores a backup into the empty data folder.
type restoreScreen struct {
	u         *UI
	file      *widget.Label
	path      string
	chooseBt  *widget.Button
	pass      *widget.Entry
	code      *widget.Entry
	restoreBt *widget.Button
	backBt    *widget.Button
	status    messageLabel
	progress  *widget.ProgressBarInfinite
	content   fyne.CanvasObject
}

// showRestore shows the restore screen (only while there is no vault).
func (u *UI) showRestore() {
	s := &restoreScreen{u: u, file: widget.NewLabel(lang.L("No file chosen")), status: newMessageLabel()}
	s.file.Truncation = fyne.TextTruncateEllipsis
	s.chooseBt = widget.NewButtonWithIcon(lang.L("Choose the backup…"), theme.FolderOpenIcon(), s.onChoose)
	s.pass = widget.NewPasswordEntry()
	s.pass.SetPlaceHolder(lang.L("The passphrase when the backup was made"))
	s.code = widget.NewEntry()
	s.code.SetPlaceHolder(lang.L("…or your recovery code"))
	s.code.TextStyle = fyne.TextStyle{Monospace: true}
	s.pass.OnSubmitted = func(string) { s.onRestore() }
	s.code.OnSubmitted = func(string) { s.onRestore() }
	s.restoreBt = widget.NewButtonWithIcon(lang.L("Restore"), theme.ConfirmIcon(), s.onRestore)
	s.restoreBt.Importance = widget.HighImportance
	s.backBt = widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), u.showStart)
	s.backBt.Importance = widget.LowImportance
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.content = centredColumn(
		container.NewCenter(logo(56)),
		heading(lang.L("Restore from a backup")),
		paragraph(lang.L("Choose a CareKeeper backup and type the passphrase that was in use when it was made, or your recovery code.")),
		container.NewBorder(nil, nil, nil, s.chooseBt, s.file),
		widget.NewForm(
			widget.NewFormItem(lang.L("Passphrase"), s.pass),
			widget.NewFormItem(lang.L("Recovery code"), s.code),
		),
		s.status.Label,
		s.restoreBt,
		s.progress,
		s.backBt,
	)
	u.setContent(container.NewVScroll(s.content), nil) // scrolls on a small screen at large scale
	u.restore = s
}

func (s *restoreScreen) onChoose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		s.setFile(r.URI().Path())
		r.Close()
	}, s.u.win)
	d.SetTitleText(lang.L("Choose a CareKeeper backup"))
	s.u.showFileDialog(d, lang.L("Choose"))
}

func (s *restoreScreen) setFile(path string) {
	s.path = path
	s.file.SetText(filepath.Base(path))
}

// onRestore restores the backup into the data folder, then opens it (with the passphrase) or
// asks for a new passphrase (with the recovery code).
func (s *restoreScreen) onRestore() {
	u := s.u
	if s.restoreBt.Disabled() {
		return
	}
	code := strings.TrimSpace(s.code.Text)
	pass := []byte(s.pass.Text)
	switch {
	case s.path == "":
		s.status.setError(lang.L("Choose the backup file first."))
		return
	case len(pass) == 0 && code == "":
		s.status.setError(lang.L("Type the passphrase or the recovery code."))
		return
	}
	if len(pass) == 0 {
		pass = nil
	}
	s.pass.SetText("")
	s.status.setHint(lang.L("Restoring…"))
	s.restoreBt.Disable()
	s.chooseBt.Disable()
	s.backBt.Disable()
	s.progress.Show()
	s.progress.Start()
	path, dir := s.path, u.dir
	var (
		v   *storage.Vault
		err error
	)
	u.goOpen(func() {
		defer clear(pass)
		var f *os.File
		if f, err = os.Open(path); err != nil {
			return
		}
		defer f.Close()
		if err = storage.Restore(context.Background(), dir, f, pass, code, u.opts); err != nil {
			return
		}
		if pass != nil {
			v, err = storage.Open(dir, pass, u.opts)
		}
	}, func() {
		s.progress.Stop()
		s.progress.Hide()
		if err != nil {
			if u.restore == s {
				s.restoreBt.Enable()
				s.chooseBt.Enable()
				s.backBt.Enable()
				s.status.setError(restoreErrorText(err))
			}
			return
		}
		if v == nil { // restored with the recovery code: choose a new passphrase
			u.showRecover()
			if u.recover != nil {
				u.recover.code.SetText(code)
				u.recover.status.setHint(lang.L("Restored. Choose a new passphrase to open it."))
			}
			return
		}
		if u.adopt(v) {
			u.showMain()
		}
	})
}

// restoreErrorText says why a restore failed, in plain words.
func restoreErrorText(err error) string {
	switch {
	case errors.Is(err, storage.ErrBadBackup):
		return lang.L("This is not a CareKeeper backup, or it is damaged or incomplete. Nothing was restored.")
	case errors.Is(err, storage.ErrExists):
		return lang.L("There is already a vault here. Restore only works into a new, empty CareKeeper.")
	case errors.Is(err, storage.ErrWrongPassphrase), errors.Is(err, storage.ErrWrongRecoveryCode):
		return lang.L("Wrong passphrase or recovery code for this backup. Nothing was restored.")
	}
	return lang.L("Could not restore") + ": " + errorText(err)
}
