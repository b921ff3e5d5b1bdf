package app

import (
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage/repository"

	"carekeeper/sync/hhvault"
)

// Saving files.
//
// Fyne's Save dialog opens the file it is given (os.Create: an existing file is emptied)
// before CareKeeper's callback sees its path, so a check in the callback comes too late: a
// visit summary saved over vault.key destroyed the vault, recovery code and all (F231). The
// "file" storage repository is wrapped so that its Writer refuses, before anything is opened,
// a file inside the vault's folder or the household's shared folder (F163); every Save
// dialog goes through UI.saveFile, which says the refusal in one line.

// fileRepo is what Fyne's file repository provides; the wrapper keeps all of it.
type fileRepo interface {
	repository.WritableRepository
	repository.AppendableRepository
	repository.HierarchicalRepository
	repository.ListableRepository
	repository.CopyableRepository
	repository.MovableRepository
	repository.DeleteAllRepository
}

// guardedFiles is Fyne's file repository whose Writer and Appender first ask refuse.
type guardedFiles struct {
	fileRepo
	refuse atomic.Pointer[func(path string) error]
}

func (g *guardedFiles) check(u fyne.URI) error {
	if f := g.refuse.Load(); f != nil {
		return (*f)(u.Path())
	}
	return nil
}

func (g *guardedFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := g.check(u); err != nil {
		return nil, err
	}
	return g.fileRepo.Writer(u)
}

func (g *guardedFiles) Appender(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := g.check(u); err != nil {
		return nil, err
	}
	return g.fileRepo.Appender(u)
}

// guardSaves wraps the "file" repository the driver registered (once per registration) so
// that no file dialog writes into the vault's folder or the household's shared folder.
func (u *UI) guardSaves() {
	repo, err := repository.ForScheme("file")
	if err != nil {
		return // no file repository: no file dialog can write either
	}
	g, ok := repo.(*guardedFiles)
	if !ok {
		files, ok := repo.(fileRepo)
		if !ok {
			return
		}
		g = &guardedFiles{fileRepo: files}
		repository.Register("file", g)
	}
	refuse := u.refusedOutput
	g.refuse.Store(&refuse)
}

// refusedOutput is why a file may not be written at path, or nil: inside the vault's folder,
// or, while a vault in a household over a folder is open, inside its shared folder.
func (u *UI) refusedOutput(path string) error {
	if err := hhvault.NotInVaultFolder(u.dir, path); err != nil {
		return err
	}
	if v := u.vault; v != nil {
		return hhvault.NotInSharedFolder(v, path)
	}
	return nil
}

// saveFile asks where to save a file named name (the dialog titled title, or Fyne's "Save
// File") and calls fn with the path the person chose; a place refused (refusedOutput) or a
// file that cannot be opened is said in one line.
func (u *UI) saveFile(name, title string, fn func(path string)) {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.NewInformation(lang.L("Not saved"), errorText(err), u.win).Show()
			return
		}
		if w == nil {
			return // cancelled
		}
		// The dialog opened the file (emptying it, keeping its mode): the caller writes it
		// afresh, 0600, atomically.
		path := w.URI().Path()
		w.Close()
		fn(path)
	}, u.win)
	fd.SetFileName(name)
	if title != "" {
		fd.SetTitleText(title)
	}
	u.showFileDialog(fd, lang.L("Save"))
}
