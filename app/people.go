package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func newCustomDialog(title string, content fyne.CanvasObject, win fyne.Window) dialog.Dialog {
	return dialog.NewCustom(title, lang.L("Close"), content, win)
}

// peoplePage lists the people whose records the vault keeps: switch to one, to everyone
// (the household view), add and edit.
type peoplePage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	addBt *widget.Button
	edit  *personDialog
}

func newPeoplePage(s *shell) *peoplePage {
	p := &peoplePage{s: s, list: newRowList()}
	p.addBt = widget.NewButtonWithIcon(lang.L("Add person"), theme.ContentAddIcon(), func() { p.openEditor(nil) })
	empty := newEmptyState(theme.AccountIcon(), lang.L("Nobody here yet"),
		lang.L("Add the people you look after, or import their records: each patient in a file becomes a person."),
		lang.L("Add person"), func() { p.openEditor(nil) })
	p.frame = newPageFrame(lang.L("People"), p.addBt, p.list.list, empty)
	return p
}

func (p *peoplePage) view() fyne.CanvasObject { return p.frame.content }

func (p *peoplePage) compute(d *pageData) func() {
	counts := map[string]int{}
	for _, r := range d.set.Records {
		counts[r.Profile]++
	}
	people := d.people
	return func() {
		var rows []row
		if len(people) > 1 {
			rows = append(rows, row{Title: lang.L("Everyone"), Sub: lang.L("The household view: everyone's medicines and appointments together"),
				Icon: theme.ListIcon(), OnTap: func() { p.s.choose(""); p.s.show(scToday) }})
		}
		for _, pr := range people {
			pr := pr
			sub := lang.L("Tap to switch to this person")
			if pr.BirthDate != "" {
				sub = lang.L("born") + " " + pr.BirthDate + " · " + sub
			}
			right := ""
			if pr.ID == p.s.profile {
				right = lang.L("Shown now")
			}
			rows = append(rows, row{Title: pr.Name, Sub: sub, Right: right, Icon: theme.AccountIcon(), OnTap: func() { p.onPerson(pr) }})
		}
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d people. Choose one to see their records, or Everyone for the household."), len(people)))
		p.list.set(rows)
		p.frame.setEmpty(len(people) == 0)
	}
}

// onPerson offers to switch to the person or edit them.
func (p *peoplePage) onPerson(pr storage.Profile) {
	p.s.choose(pr.ID)
	p.s.stale[scPeople] = true
	p.s.refresh(scPeople)
}

// personDialog adds or edits a person.
type personDialog struct {
	dialog *dialog.FormDialog
	name   *widget.Entry
	birth  *widget.Entry
	orig   *storage.Profile
}

// openEditor adds a person (orig nil) or edits orig.
func (p *peoplePage) openEditor(orig *storage.Profile) {
	d := &personDialog{name: widget.NewEntry(), birth: widget.NewEntry(), orig: orig}
	d.name.SetPlaceHolder(lang.L("Full name"))
	d.name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.L("a name is needed"))
		}
		return nil
	}
	d.birth.SetPlaceHolder(lang.L("YYYY-MM-DD (optional)"))
	d.birth.Validator = validBirthDate
	title, confirm := lang.L("Add person"), lang.L("Add")
	if orig != nil {
		d.name.SetText(orig.Name)
		d.birth.SetText(orig.BirthDate)
		title, confirm = lang.L("Edit person"), lang.L("Save")
	}
	d.dialog = dialog.NewForm(title, confirm, lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Name"), d.name),
		widget.NewFormItem(lang.L("Birth date"), d.birth),
	}, func(ok bool) { p.onEditorClosed(d, ok) }, p.s.u.win)
	d.name.OnSubmitted = func(string) { d.dialog.Submit() }
	d.birth.OnSubmitted = func(string) { d.dialog.Submit() }
	d.dialog.Resize(fyne.NewSize(440, d.dialog.MinSize().Height))
	p.edit = d
	d.dialog.Show()
	p.s.u.win.Canvas().Focus(d.name)
}

func (p *peoplePage) onEditorClosed(d *personDialog, ok bool) {
	if p.edit == d {
		p.edit = nil
	}
	if !ok || !p.s.isCurrent() {
		return
	}
	name, birth := strings.TrimSpace(d.name.Text), strings.TrimSpace(d.birth.Text)
	v := p.s.v
	var (
		id  string
		err error
	)
	p.s.u.goVault(func() {
		if d.orig == nil {
			var pr *storage.Profile
			if pr, err = v.AddProfile(name, birth); err == nil {
				id = pr.ID
			}
			return
		}
		pr := *d.orig
		pr.Name, pr.BirthDate, id = name, birth, pr.ID
		_, err = v.Write(context.Background(), &storage.Batch{Profiles: []storage.Profile{pr}, Now: time.Now()})
	}, func() {
		if !p.s.isCurrent() {
			return
		}
		if err != nil {
			p.s.m.showError(lang.L("Could not save the person"), err)
			return
		}
		p.s.profile = id
		p.s.m.loadPeople(id)
	})
}
