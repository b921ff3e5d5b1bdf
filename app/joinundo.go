package app

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// "Join them…" of the import results could be undone only from those results: once they were
// closed, nothing undid it (F395). The last join made here stays undoable from the People
// screen, until the vault is locked or CareKeeper closed (the undo is held in memory only), and
// only while the person who stays holds exactly what the join left them: a dose, a reading or
// an import recorded for them since could be one of the records the undo would have to give
// back, so then it is refused and said.

// lastJoin is a join that can be undone: what it did, what the one who stays held right after
// it (hhvault.RecordsDigest), and when.
type lastJoin struct {
	j      hhvault.JoinedPeople
	digest []byte
	at     time.Time
}

// errChangedSinceJoin refuses an undo once something was recorded for the one who stays.
var errChangedSinceJoin = errors.New("changed since the join")

// undoJoin undoes the join j made here on a computer in no household (hhvault.UndoJoin): the
// person joined is a person again, with the records and settings the join moved (F395). box is
// the import results' place of the join (nil from People): it says what happened.
func (m *mainScreen) undoJoin(j hhvault.JoinedPeople, box *fyne.Container) {
	u := m.u
	ctx, v := u.ctx, m.v
	last := m.lastJoin
	var p *storage.Profile
	var err error
	u.goVault(func() {
		if last == nil || last.j.Keep != j.Keep || last.j.From != j.From {
			err = fmt.Errorf("%w: another join was made since", hhvault.ErrNoUndo)
			return
		}
		now, derr := hhvault.RecordsDigest(ctx, v, j.Keep)
		if derr != nil {
			err = derr
			return
		}
		if !bytes.Equal(now, last.digest) {
			err = errChangedSinceJoin
			return
		}
		p, err = hhvault.UndoJoin(ctx, v, j)
	}, func() {
		if m.lastJoin == last {
			m.lastJoin = nil // undone, or never again: either way not offered any more
		}
		m.showLastJoin()
		if errors.Is(err, errChangedSinceJoin) {
			said := fmt.Sprintf(lang.L("It can no longer be undone: something was recorded for %s since the join (a dose, a reading or an import), which undoing it could give to the wrong person. Nothing was changed: they stay one person."), j.KeepName)
			if box != nil {
				box.Objects = []fyne.CanvasObject{lowText(said)}
				box.Refresh()
			}
			showSized(u.win, lang.L("Could not undo it"), paragraph(said), 480, 220)
			return
		}
		if err != nil {
			showError(u.win, lang.L("Could not undo it"), err)
			return
		}
		said := fmt.Sprintf(lang.L("Undone: %s and %s are two people again, each with what was recorded for them."), p.Name, j.KeepName)
		if box != nil {
			box.Objects = []fyne.CanvasObject{lowText(said)}
			box.Refresh()
		} else {
			showSized(u.win, lang.L("Two people again"), paragraph(said), 480, 180)
		}
		u.rem.reload()
		if u.shell != nil {
			m.loadPeople(p.ID)
		}
	})
}

// showLastJoin shows or hides the People screen's line about the last join.
func (m *mainScreen) showLastJoin() {
	if s := m.u.shell; s != nil && s.m == m {
		if p, ok := s.pages[scPeople].(*peoplePage); ok {
			p.showJoin()
		}
	}
}

// joinLine is the People screen's line about the last join, and its Undo.
type joinLine struct {
	box    *fyne.Container
	text   *widget.Label
	undoBt *widget.Button
}

func newJoinLine(m func() *mainScreen) *joinLine {
	l := &joinLine{text: lowText("")}
	l.undoBt = widget.NewButtonWithIcon(lang.L("Undo the join"), theme.ContentUndoIcon(), func() {
		if mm := m(); mm != nil && mm.lastJoin != nil {
			mm.undoJoin(mm.lastJoin.j, nil)
		}
	})
	l.box = container.NewVBox(l.text, container.NewHBox(l.undoBt))
	l.box.Hide()
	return l
}

// show says the last join, or hides the line when there is none to undo.
func (l *joinLine) show(last *lastJoin) {
	if last == nil {
		l.box.Hide()
		return
	}
	l.text.SetText(fmt.Sprintf(lang.L("%s was joined into %s at %s. You can undo it until CareKeeper is locked or closed, as long as nothing new is recorded for %s."),
		last.j.FromName, last.j.KeepName, last.at.Format("15:04"), last.j.KeepName))
	l.box.Show()
}
