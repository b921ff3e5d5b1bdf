package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Records of two people mixed before the import and the household refused to mix them (a
// twins' clinic file imported into Rose, twins joined by 'same-person': F455, F459, F464)
// stayed mixed, and only 'carekeeper profile separate' took them out. The People screen says
// who holds another person's records (hhvault.FindMixed) and offers to move them to that
// person, or to a new one (hhvault.SeparatePeople), asked first, as the CLI does.

// mixedLine is the People screen's line about a person holding another's records.
type mixedLine struct {
	box *fyne.Container
}

func newMixedLine() *mixedLine {
	l := &mixedLine{box: container.NewVBox()}
	l.box.Hide()
	return l
}

// show says each person holding another's records, with a button to separate them.
func (l *mixedLine) show(m *mainScreen, ms []hhvault.Mixed) {
	l.box.Objects = nil
	for _, x := range ms {
		text := lowText(fmt.Sprintf(lang.L("%s holds records of another person, %s: %s (%s)."), x.PersonName, x.OtherWords(), recordsWords(x.Records), x.CountWords()))
		text.Importance = widget.WarningImportance
		bt := widget.NewButtonWithIcon(lang.L("Separate their records…"), theme.AccountIcon(), func() { m.askSeparate(x) })
		l.box.Add(text)
		l.box.Add(container.NewHBox(bt))
	}
	if len(ms) == 0 {
		l.box.Hide()
	} else {
		l.box.Show()
	}
	l.box.Refresh()
}

// recordsWords is "1 record", "14 records".
func recordsWords(n int) string { return count(n, "{{.Count}} records") }

// findMixed is hhvault.FindMixed without the household (who keeps them elsewhere is read when
// asked): for the People screen, in the background.
func findMixed(ctx context.Context, v *storage.Vault) []hhvault.Mixed {
	ms, err := hhvault.FindMixed(ctx, v, nil)
	if err != nil {
		return nil // the line is left out; separating reads them again
	}
	return ms
}

// separateQuestion is the open question of Separate their records….
type separateQuestion struct {
	dialog            dialog.Dialog
	to, asNew, cancel *widget.Button
}

// askSeparate asks where the records of x go — to the person here who is them, or to a new
// person — in plain words, with who keeps them elsewhere in a household (Mixed.Behind).
func (m *mainScreen) askSeparate(x hhvault.Mixed) {
	u := m.u
	ctx, v := u.ctx, m.v
	live := u.hh.live.Load()
	if live == nil && v.Device() != "" {
		showError(u.win, lang.L("Could not separate them"), errors.New(lang.L("the household is not open yet: try again in a moment")))
		return
	}
	var ms []hhvault.Mixed
	var err error
	u.goVault(func() {
		if live == nil {
			ms, err = hhvault.FindMixedOf(ctx, v, nil, x.Person)
			return
		}
		err = live.Do(func(hh *household.Household) error {
			ms, err = hhvault.FindMixedOf(ctx, live.V, hh, x.Person)
			return err
		})
	}, func() {
		if err != nil {
			showError(u.win, lang.L("Could not separate them"), err)
			return
		}
		var cur *hhvault.Mixed
		for i := range ms {
			if ms[i].Other.Name == x.Other.Name && ms[i].Other.BirthDate == x.Other.BirthDate {
				cur = &ms[i]
			}
		}
		if cur == nil {
			showSized(u.win, lang.L("Nothing to separate"), paragraph(fmt.Sprintf(lang.L("%s no longer holds records of %s."), x.PersonName, x.OtherWords())), 480, 180)
			m.refreshPeople()
			return
		}
		m.showSeparate(*cur)
	})
}

func (m *mainScreen) showSeparate(x hhvault.Mixed) {
	u := m.u
	lines := []string{x.Question(), fmt.Sprintf(lang.L("The records: %s."), x.CountWords())}
	if len(x.Behind) > 0 && x.To != "" {
		verb := lang.L("hold")
		if len(x.Behind) == 1 {
			verb = lang.L("holds")
		}
		lines = append(lines, fmt.Sprintf(lang.L("%s %s %s but not %s: there the records stay with %s until %s is shared there too."),
			joinWords(x.Behind, "and"), verb, x.PersonName, x.ToName, x.PersonName, x.ToName))
	}
	if u.hh.live.Load() == nil && m.v.Device() == "" {
		lines = append(lines, lang.L("You can undo it right after, here."))
	}
	q := &separateQuestion{}
	answer := func(to string, move bool) func() {
		return func() {
			q.dialog.Hide()
			if m.separating == q {
				m.separating = nil
			}
			if move {
				m.separate(x, to)
			}
		}
	}
	q.asNew = widget.NewButtonWithIcon(fmt.Sprintf(lang.L("Move them to a new person, %s"), headingName(x.Other.Name)), theme.ContentAddIcon(), answer("", true))
	buttons := []fyne.CanvasObject{q.asNew}
	if x.To != "" {
		q.to = widget.NewButtonWithIcon(fmt.Sprintf(lang.L("Move them to %s"), x.ToName), theme.AccountIcon(), answer(x.To, true))
		q.to.Importance = widget.HighImportance
		buttons = []fyne.CanvasObject{q.to, q.asNew}
	} else {
		q.asNew.Importance = widget.HighImportance
	}
	q.cancel = widget.NewButton(lang.L("Cancel"), answer("", false))
	buttons = append(buttons, q.cancel)
	col := container.New(&upToColumn{width: 440 * min(textScale(), 1.6)}, paragraph(strings.Join(lines, "\n")),
		container.NewGridWithColumns(1, buttons...))
	scroll := container.NewVScroll(col)
	d := dialog.NewCustomWithoutButtons(lang.L("Separate their records?"), scroll, u.win)
	chrome := d.MinSize().Height - scroll.MinSize().Height
	q.dialog = d
	m.separating = q
	escapePresses(d, q.cancel)
	fitDialog(d, u.win, 520, chrome+col.MinSize().Height)
	d.Show()
}

// separate moves the records of x to the person to ("" a new person) and says what it did.
func (m *mainScreen) separate(x hhvault.Mixed, to string) {
	u := m.u
	ctx, v := u.ctx, m.v
	live := u.hh.live.Load()
	var s hhvault.Separated
	var err error
	u.goVault(func() {
		if live == nil {
			s, err = hhvault.SeparatePeople(ctx, v, nil, x, to, time.Now())
			return
		}
		err = live.Do(func(hh *household.Household) error {
			s, err = hhvault.SeparatePeople(ctx, live.V, hh, x, to, time.Now())
			return err
		})
	}, func() {
		if err != nil {
			showError(u.win, lang.L("Could not separate them"), err)
			m.refreshPeople()
			return
		}
		whom := s.ToName
		if s.New {
			whom = fmt.Sprintf(lang.L("a new person, %s"), s.ToName)
		}
		said := fmt.Sprintf(lang.L("Moved %s of %s from %s to %s (%s)."), recordsWords(s.Records), x.OtherWords(), s.FromName, whom, x.CountWords())
		if live != nil {
			said += " " + lang.L("The household's other computers learn it at the next exchange.")
			live.Poke()
			u.refreshHousehold()
		}
		box := container.NewVBox(paragraph(said))
		if s.Undoable() {
			box.Add(container.NewHBox(widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), func() { m.undoSeparate(s, box) })))
		}
		u.rem.reload()
		if u.shell != nil {
			m.loadPeople(s.To)
		}
		showSized(u.win, lang.L("Records separated"), box, 480, 260)
	})
}

// undoSeparate puts the records back as they were (hhvault.UndoSeparate, no household only).
func (m *mainScreen) undoSeparate(s hhvault.Separated, box *fyne.Container) {
	u := m.u
	ctx, v := u.ctx, m.v
	var err error
	u.goVault(func() { err = hhvault.UndoSeparate(ctx, v, s) }, func() {
		if err != nil {
			showError(u.win, lang.L("Could not undo it"), err)
			return
		}
		box.Objects = []fyne.CanvasObject{paragraph(fmt.Sprintf(lang.L("Undone: the records are with %s again, as they were."), s.FromName))}
		box.Refresh()
		u.rem.reload()
		if u.shell != nil {
			m.loadPeople(s.From)
		}
	})
}

// refreshPeople recomputes the People screen (its lines about joins and mixed records).
func (m *mainScreen) refreshPeople() {
	if s := m.u.shell; s != nil && s.m == m {
		s.stale[scPeople] = true
		if s.current == scPeople {
			s.refresh(scPeople)
		}
	}
}
