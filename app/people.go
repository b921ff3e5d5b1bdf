package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func newCustomDialog(title string, content fyne.CanvasObject, win fyne.Window) dialog.Dialog {
	return dialog.NewCustom(title, lang.L("Close"), content, win)
}

// peoplePage lists the people whose records the vault keeps: switch to one, to everyone
// (everyone together), add and edit.
type peoplePage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	addBt *widget.Button
	edit  *personDialog
	remBt *widget.Button // the chosen person's time zone, routine and notifications
	// editBt renames the person shown and sets their birth date; importBt imports files for them.
	editBt, importBt *widget.Button
	prefs            *personSettingsDialog // open while shown
	delBt            *widget.Button        // deletes the person shown
	del              *deleteDialog         // open while shown
	// shareBt opens sharing and caregiver alerts for the person shown (household.go).
	shareBt *widget.Button
	// moreBt opens the buttons above as a menu, when they are folded to leave the list room.
	moreBt    *widget.Button
	caregiver *caregiverDialog // open while shown
	// viewOnly says why editing, importing and deleting are off for the person shown when
	// they are shared with this computer to view only (the vault would refuse them).
	viewOnly *widget.Label
	// notes says of each person whose record dates their death after today that it is not
	// taken as a death (health.Death.FutureNote).
	notes *widget.Label
	// joined says the last join made here while it can be undone (F395).
	joined *joinLine
	// mixed says who holds another person's records, with Separate their records… (separate.go).
	mixed *mixedLine
	maybe *maybeOneLine // two people who may be one, with Join them… (maybeone.go)
}

// viewOnlyPeopleWords explain the People tools turned off for a person shared to view.
const viewOnlyPeopleWords = "Shared with you to view: rename, import or delete on a computer that manages this person."

func newPeoplePage(s *shell) *peoplePage {
	p := &peoplePage{s: s, list: newRowList()}
	p.addBt = widget.NewButtonWithIcon(lang.L("Add person"), theme.ContentAddIcon(), func() { p.openEditor(nil) })
	empty := newEmptyState(theme.AccountIcon(), lang.L("Nobody here yet"),
		lang.L("Add the people you look after, or import their records: each patient in a file becomes a person."),
		lang.L("Add person"), func() { p.openEditor(nil) })
	p.remBt = widget.NewButtonWithIcon(lang.L("Time zone and reminders…"), theme.SettingsIcon(), func() { p.openSettings("") })
	p.editBt = widget.NewButtonWithIcon(lang.L("Name and birth date…"), theme.DocumentCreateIcon(), p.editShown)
	p.importBt = widget.NewButtonWithIcon(lang.L("Import records…"), theme.DownloadIcon(), s.importRecords)
	p.delBt = widget.NewButtonWithIcon(lang.L("Delete this person…"), theme.DeleteIcon(), p.deleteShown)
	p.shareBt = widget.NewButtonWithIcon(lang.L("Sharing and alerts…"), theme.MailSendIcon(), p.openCaregiver)
	// The buttons above the list, not beside the title: at large text they need the width.
	cols := &twoColumns{}
	buttons := container.New(cols, p.editBt, p.remBt, p.importBt, p.addBt, p.shareBt, p.delBt)
	// When the window is low for the text (200 % text on a 1024×600 screen), the buttons, one a
	// line, pushed the list off: they fold into "Add person" and a menu of the others.
	addBt := widget.NewButtonWithIcon(lang.L("Add person"), theme.ContentAddIcon(), func() { p.openEditor(nil) })
	p.moreBt = widget.NewButtonWithIcon(lang.L("Change this person…"), theme.MoreVerticalIcon(), p.openMore)
	// Side by side when they fit, else one under the other: two columns of the wider's width
	// made People wider than the window at 150 % text on 1024×600 (F525 item 7).
	foldCols := &twoColumns{}
	folded := container.New(foldCols, addBt, p.moreBt)
	folded.Hide()
	p.viewOnly = lowText(lang.L(viewOnlyPeopleWords))
	p.viewOnly.Hide()
	p.notes = lowText("")
	p.notes.Hide()
	p.joined = newJoinLine(func() *mainScreen { return s.m })
	p.mixed = newMixedLine()
	p.maybe = newMaybeOneLine()
	labels := func() float32 {
		var h float32
		if p.mixed.box.Visible() {
			h += p.mixed.box.MinSize().Height + theme.Padding()
		}
		if p.maybe.box.Visible() {
			h += p.maybe.box.MinSize().Height + theme.Padding()
		}
		if p.joined.box.Visible() {
			h += p.joined.box.MinSize().Height + theme.Padding()
		}
		for _, l := range []*widget.Label{p.viewOnly, p.notes} {
			if l.Visible() {
				h += l.MinSize().Height + theme.Padding()
			}
		}
		return h
	}
	room := &keepRoom{rows: 3,
		whole:  func(w float32) float32 { return labels() + cols.place(buttons.Objects, w, false).Height },
		folded: func(w float32) float32 { return labels() + foldCols.place(folded.Objects, w, false).Height },
		fold: func(on bool) {
			if on {
				buttons.Hide()
				folded.Show()
			} else {
				folded.Hide()
				buttons.Show()
			}
		},
	}
	p.frame = newPageFrame(lang.L("People"), nil, container.New(room, container.NewVBox(p.viewOnly, p.notes, p.mixed.box, p.maybe.box, p.joined.box, buttons, folded), p.list.list), empty)
	return p
}

// openMore shows the folded buttons as a menu under moreBt: those shown, off as they are.
func (p *peoplePage) openMore() {
	var items []*fyne.MenuItem
	for _, b := range []*widget.Button{p.editBt, p.remBt, p.importBt, p.shareBt, p.delBt} {
		if !b.Visible() {
			continue
		}
		it := fyne.NewMenuItem(b.Text, b.OnTapped)
		it.Icon = b.Icon
		it.Disabled = b.Disabled()
		items = append(items, it)
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(p.moreBt)
	if c == nil || len(items) == 0 {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.moreBt).AddXY(0, p.moreBt.Size().Height)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

func (p *peoplePage) view() fyne.CanvasObject { return p.frame.content }

func (p *peoplePage) compute(d *pageData) func() {
	counts := map[string]int{}
	for _, r := range d.set.Records {
		counts[r.Profile]++
	}
	people := d.people
	// Two of one name are told apart as everywhere a person is named (health.NamesApart):
	// "Mary Smith (1)" and "Mary Smith (2)" for two of one name and birth date (F122); the
	// screen shows the name whole, the notes cut it as the choices do.
	named, cut := make([]health.NamedPerson, len(people)), make([]health.NamedPerson, len(people))
	for i, pr := range people {
		named[i] = health.NamedPerson{ID: pr.ID, Name: health.Fit(pr.Name, peopleNameCols), BirthDate: pr.BirthDate}
		cut[i] = health.NamedPerson{ID: pr.ID, Name: health.Fit(pr.Name, health.MaxNameCols), BirthDate: pr.BirthDate}
	}
	title, noteName := health.NamesApart(named), health.NamesApart(cut)
	deaths := map[string]string{} // profile → "Died 27 Apr 2009"
	// "Ann Lee: The record's date of death (1 May 2027) is in the future: …", as profile list
	// says it: a date of death after today is an error in a record, not a death.
	var notes []string
	future := map[string]bool{}
	dev := p.s.u.rem.device()
	for _, pr := range people {
		now := d.now.In(personZone(d.v, pr.ID, dev, d.now).Loc) // the death's day on their clock (F140)
		death := health.DeathOf(personSet(d, pr.ID), now)
		if d.profile != "" && pr.ID != d.profile {
			// Only the person shown was read: the others' deaths from their own records (each
			// showed the death of the person shown).
			death, _ = journey.PersonDeath(d.ctx, d.v, pr.ID, now) // unread: shown without a death
		}
		if w := death.Words(); w != "" {
			deaths[pr.ID] = w
		}
		if w := death.FutureNote(); w != "" {
			notes = append(notes, noteName(pr.ID)+": "+w)
			future[pr.ID] = true
		}
	}
	// Who holds another person's records (F455, F459, F464: mixed before the import refused
	// it): read here, in the background; the household's devices are read when asked.
	mixed, maybe := findMixed(d.ctx, d.v), findMaybeOne(d.ctx, d.v)
	return func() {
		p.mixed.show(p.s.m, mixed)
		p.maybe.show(p.s.m, maybe, title)
		var rows []row
		if len(people) > 1 {
			rows = append(rows, row{Title: lang.L("Everyone"), Sub: lang.L("All the people in this app: their medicines and appointments together"),
				Icon: theme.ListIcon(), OnTap: func() { p.s.choose(""); p.s.show(scToday) }})
		}
		for _, pr := range people {
			pr := pr
			sub := lang.L("Tap to switch to this person")
			if pr.ID == p.s.profile {
				sub = lang.L("The person shown now")
			}
			if pr.BirthDate != "" {
				sub = health.BornWords(pr.BirthDate, p.s.u.auto.clock.Now()) + " · " + sub
			}
			if w := deaths[pr.ID]; w != "" {
				sub = w + " · " + sub
			}
			rows = append(rows, row{Title: title(pr.ID), Sub: sub, Icon: theme.AccountIcon(), Warn: future[pr.ID], OnTap: func() { p.onPerson(pr) }})
		}
		p.frame.sub.SetText(count(len(people), "{{.Count}} people. Choose one to see their records."))
		p.list.set(rows)
		p.notes.SetText(strings.Join(notes, "\n"))
		if len(notes) == 0 {
			p.notes.Hide()
		} else {
			p.notes.Show()
		}
		p.frame.setEmpty(len(people) == 0)
		for _, b := range []*widget.Button{p.editBt, p.remBt, p.importBt, p.delBt, p.shareBt, p.moreBt} {
			if len(people) == 0 {
				b.Hide()
			} else {
				b.Show()
			}
		}
		p.showViewOnly()
		p.showJoin()
		// Of a person who died, nothing reminds or alerts: the buttons say what is left
		// (F450: "Sharing and alerts…" opened alert settings for Emeka, who died).
		rem, share := lang.L("Time zone and reminders…"), lang.L("Sharing and alerts…")
		if pr := p.shownPerson(); pr != nil && deaths[pr.ID] != "" {
			rem, share = lang.L("Time zone…"), lang.L("Sharing…")
		}
		p.remBt.SetText(rem)
		p.shareBt.SetText(share)
	}
}

// showJoin shows the last join made here while it can be undone.
func (p *peoplePage) showJoin() {
	var last *lastJoin
	if p.s.m != nil {
		last = p.s.m.lastJoin
	}
	p.joined.show(last)
}

// showViewOnly turns off renaming, importing and deleting the person shown when this
// computer may only view them in its household, and says why. Importing for everyone stays:
// the files decide whose records they are.
func (p *peoplePage) showViewOnly() {
	pr := p.shownPerson()
	vo := pr != nil && p.s.v.ViewOnly(pr.ID)
	var since time.Time
	notShared := false
	if pr != nil {
		since, notShared = p.s.v.NotShared(pr.ID)
	}
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	// A person no longer shared with this computer may still be deleted from it.
	enable(p.editBt, !vo && !notShared)
	enable(p.delBt, !vo)
	enable(p.importBt, !vo && !notShared || p.s.profile == "")
	switch {
	case notShared:
		p.viewOnly.SetText(remind.NotSharedWords(headingName(pr.Name), since, p.s.u.rem.device()))
		p.viewOnly.Show()
	case vo:
		p.viewOnly.SetText(lang.L(viewOnlyPeopleWords))
		p.viewOnly.Show()
	default:
		p.viewOnly.Hide()
	}
}

// shownPerson is the person shown (the first in the household view), or nil.
func (p *peoplePage) shownPerson() *storage.Profile {
	for _, pr := range p.s.people {
		if pr.ID == p.s.profile || p.s.profile == "" {
			return &pr
		}
	}
	return nil
}

// editShown edits the name and birth date of the person shown (the first in the household view).
func (p *peoplePage) editShown() {
	if pr := p.shownPerson(); pr != nil {
		p.openEditor(pr)
	}
}

// deleteDialog confirms deleting a person, offering to export their records first.
type deleteDialog struct {
	dialog                       *dialog.CustomDialog
	person                       storage.Profile
	records                      int
	text                         *widget.Label
	exportBt, deleteBt, cancelBt *widget.Button
}

// deleteShown asks whether to delete the person shown (the first in the household view),
// naming them and how many records go.
func (p *peoplePage) deleteShown() {
	s := p.s
	pr := p.shownPerson()
	if pr == nil || !s.isCurrent() {
		return
	}
	person := *pr
	v, ctx := s.v, s.u.ctx
	var (
		counts map[string]int
		err    error
	)
	s.u.goVault(func() { counts, err = v.TypeCounts(ctx, person.ID) }, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not count the person's records"), err)
			return
		}
		n := 0
		for _, c := range counts {
			n += c
		}
		p.openDelete(person, n)
	})
}

func (p *peoplePage) openDelete(person storage.Profile, records int) {
	s := p.s
	d := &deleteDialog{person: person, records: records}
	name := labelOf(s.people, person.ID) // which of two Grace Okafors (F82)
	if name == "" {
		name = headingName(person.Name)
	}
	d.text = paragraph(count(records, "Delete {{.Name}} and their {{.Count}} records from CareKeeper?", map[string]any{"Name": name}) + " " +
		lang.L("Their reminders, schedules, settings, the portals connected for them, and the medicines, clinics and care team only their records name go too. This cannot be undone: export their records first to keep a copy."))
	d.exportBt = widget.NewButtonWithIcon(lang.L("Export their records first…"), theme.UploadIcon(), func() { s.onExportOf(person.ID) })
	d.cancelBt = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { d.dialog.Hide() })
	d.deleteBt = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), func() {
		d.dialog.Hide()
		p.deletePerson(person)
	})
	d.deleteBt.Importance = widget.DangerImportance
	// The column within the window (the dialog's 32 of padding, fitDialog's 40 of margin): at
	// 200 % on 1024×600 the window is 461 wide and a 460 column ran past the dialog's edge, its
	// lines' last letters cut (F347).
	col := min(460, s.u.win.Canvas().Size().Width-40-32)
	d.dialog = dialog.NewCustomWithoutButtons(fmt.Sprintf(lang.L("Delete %s?"), name),
		container.New(columnLayout{width: col}, d.text, container.NewHBox(d.exportBt)), s.u.win)
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancelBt, d.deleteBt})
	escapePresses(d.dialog, d.cancelBt)
	d.dialog.SetOnClosed(func() {
		if p.del == d {
			p.del = nil
		}
	})
	fitDialog(d.dialog, s.u.win, 520, d.dialog.MinSize().Height)
	p.del = d
	d.dialog.Show()
}

// deletePerson removes the person with their records, state and portals, then shows another
// person, or the first-run guide when nobody is left.
func (p *peoplePage) deletePerson(person storage.Profile) {
	s := p.s
	if today, ok := s.pages[scToday].(*todayPage); ok {
		today.dropAnswersOf(person.ID)
	}
	// Cancel before the end leaves the person whole (the delete is all or nothing).
	t := s.newLongTask(lang.L("Deleting"), fmt.Sprintf(lang.L("Deleting %s and their records…"), headingName(person.Name)))
	v := s.v
	var err error
	s.u.goVault(func() {
		var ops []storage.StateOp
		if ops, err = cksync.ForgetPersonOps(t.ctx, v, person.ID); err == nil {
			_, err = v.DeleteProfile(t.ctx, person.ID, ops...)
		}
	}, func() {
		t.cancel()
		t.dialog.Hide()
		if !s.isCurrent() {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not delete the person"), err)
			return
		}
		next := ""
		for _, pr := range s.people {
			if pr.ID != person.ID {
				next = pr.ID
				break
			}
		}
		s.profile = next
		s.restale()
		s.m.loadPeople(next) // the shell follows: the switcher, every screen and the reminders
		if next == "" {
			s.show(scToday) // the first-run guide
		}
	})
}

// onPerson offers to switch to the person or edit them.
func (p *peoplePage) onPerson(pr storage.Profile) {
	p.s.choose(pr.ID)
	p.s.stale[scPeople] = true
	p.s.refresh(scPeople)
}

// personDialog adds or edits a person.
type personDialog struct {
	dialog *formDialog
	need   *widget.Label // the birth date's problem in full, wrapped (F368)
	name   *widget.Entry
	birth  *widget.Entry
	orig   *storage.Profile
}

// personForm is the form of Add person (and Edit person): Name and Birth date, and under them
// a line that wraps, saying the birth date's problem in full ("05/03/1950 could be 5 March or 3
// May: write it with the month in words, e.g. 5 Mar 1950."): under its box Fyne's form says it on
// one line that does not wrap, and the whole sentence made the dialog wider than a 1024×600
// window at 200 %, cut at "write it with the month in w" (F368). Enter adds.
func personForm(title, confirm string, name, birth *widget.Entry, done func(bool), win fyne.Window) (*formDialog, *widget.Label) {
	need := widget.NewLabel("")
	need.Wrapping = fyne.TextWrapWord
	need.Hide()
	d := newNeedFormDialog(title, confirm, lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Name"), name),
		widget.NewFormItem(lang.L("Birth date"), birth),
	}, done, win, need)
	d.onValidation = func() {
		text := ""
		if err := birth.Validator(birth.Text); err != nil {
			text = sentence(wholeWords(err))
		}
		if need.Text != text {
			need.SetText(text)
		}
		need.Hidden = text == ""
	}
	name.OnSubmitted = func(string) { d.Submit() }
	birth.OnSubmitted = func(string) { d.Submit() }
	birth.OnChanged = func(string) { d.recheck() }
	d.recheck()
	fitForm(d, win, 440)
	return d, need
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
	d.birth.SetPlaceHolder(lang.L("e.g. 3 May 1950 (optional)"))
	d.birth.Validator = validBirthDate
	title, confirm := lang.L("Add person"), lang.L("Add")
	if orig != nil {
		d.name.SetText(orig.Name)
		d.birth.SetText(birthWords(orig.BirthDate))
		title, confirm = lang.L("Edit person"), lang.L("Save")
	}
	d.dialog, d.need = personForm(title, confirm, d.name, d.birth, func(ok bool) { p.onEditorClosed(d, ok) }, p.s.u.win)
	p.edit = d
	d.dialog.Show()
	p.s.u.win.Canvas().Focus(d.name)
}

// birthWords is a birth date as the screens write it, "8 Dec 1993", for the Birth date box:
// Edit person offered "1993-12-08" beside "born 8 Dec 1993". A partial date stays as it is.
func birthWords(iso string) string {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		return t.Format("2 Jan 2006")
	}
	return iso
}

func (p *peoplePage) onEditorClosed(d *personDialog, ok bool) {
	if p.edit == d {
		p.edit = nil
	}
	if !ok || !p.s.isCurrent() {
		return
	}
	name := strings.TrimSpace(d.name.Text)
	birth, _ := readBirthDate(d.birth.Text, time.Now()) // '3 May 1950' as 1950-05-03 (F207); Save was off while unreadable
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
		pr.Name, id = name, pr.ID
		if _, err = v.Write(context.Background(), &storage.Batch{Profiles: []storage.Profile{pr}, Now: time.Now()}); err == nil && birth != d.orig.BirthDate {
			// on People and in their Patient records at once: People alone left the record,
			// the export and the IPS with the old date (F397)
			_, err = cksync.SetBirthDate(context.Background(), v, id, birth, time.Now())
		}
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

// Reminder settings of a person: time zone, daily routine, notifications.

// commonZones are offered in the time zone field; any IANA name can be typed.
var commonZones = []string{
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome",
	"Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Istanbul", "Europe/Moscow",
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
	"Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Mexico_City", "America/Sao_Paulo",
	"America/Argentina/Buenos_Aires", "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo", "Asia/Dubai", "Asia/Kolkata",
	"Asia/Bangkok", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
	"Australia/Sydney", "Australia/Brisbane", "Australia/Lord_Howe", "Pacific/Auckland", "UTC",
}

// personSettingsDialog edits one person's reminder settings.
type personSettingsDialog struct {
	dialog   *formDialog
	profile  string
	settings remind.Settings
	label    *widget.Entry
	zone     *widget.SelectEntry
	zoneHint *widget.Label // what the typed zone stands for, wrapping under the form
	// zoneOptions are the zones the list offers now (the SelectEntry does not say).
	zoneOptions []string
	routine     [5]*widget.Entry // wake, breakfast, lunch, dinner, bed
	on          *widget.Check
	private     *widget.Check
}

// validZone accepts an IANA time zone name (or "" for the device's zone).
func validZone(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if _, ok := zoneFor(s); !ok {
		// Short: a form's hint line does not wrap (it was cut at the dialog's edge, and at
		// 200 % pushed the list button off the dialog, F196); zoneLine below the form says more.
		if len(findZones(s)) > 1 {
			return errors.New(lang.L("choose one from the list"))
		}
		return errors.New(lang.L("no such place: type a city"))
	}
	return nil
}

// setZoneHint shows the line under the form, or hides it when it has nothing to say (an
// empty line left a gap above the routine's hint).
func setZoneHint(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// zoneLine says, under the form, which zone the typed text stands for, or what matches it.
func zoneLine(typed string) string {
	s := strings.TrimSpace(typed)
	if s == "" {
		return lang.L("Type the city the person lives in (e.g. Los Angeles), or leave it empty for this computer's time zone.")
	}
	if z, ok := zoneFor(s); ok {
		if z == s {
			return ""
		}
		return fmt.Sprintf(lang.L("Time zone: %s (%s)."), zonePlace(z), z)
	}
	found := findZones(s)
	switch {
	case len(found) == 0:
		return fmt.Sprintf(lang.L("No time zone is named after “%s”: type the nearest large city in the same time zone, or choose one from the list."), s)
	case len(found) <= 4:
		return fmt.Sprintf(lang.L("More than one place matches: %s. Choose one from the list."), strings.Join(found, ", "))
	}
	return fmt.Sprintf(lang.L("%d places match: type more of the name, or choose one from the list."), len(found))
}

func validClock(s string) error {
	if c, err := schedule.ParseClock(strings.TrimSpace(s)); err != nil || !c.Valid() {
		return errors.New(lang.L("a time like 07:30"))
	}
	return nil
}

// openSettings edits the reminder settings of profile ("": the person chosen, else the first).
func (p *peoplePage) openSettings(profile string) {
	s := p.s
	s.u.auto.poke()
	if profile == "" {
		profile = s.profile
	}
	if profile == "" && len(s.people) > 0 {
		profile = s.people[0].ID
	}
	if profile == "" {
		dialog.NewInformation(lang.L("Add a person first"), lang.L("Add a person, then set their time zone and routine."), s.u.win).Show()
		return
	}
	st, err := remind.LoadSettings(s.v, profile)
	if err != nil {
		s.m.showError(lang.L("Could not read the settings"), err)
		return
	}
	d := &personSettingsDialog{profile: profile, settings: st, label: widget.NewEntry(), zone: widget.NewSelectEntry(commonZones),
		on:      widget.NewCheck(lang.L("Show notifications for this person"), nil),
		private: widget.NewCheck(lang.L("Private: hide medicine names in notifications"), nil)}
	d.label.SetText(st.Label)
	d.label.SetPlaceHolder(lang.L("e.g. Mum (optional)"))
	d.zone.SetText(zoneEntryText(st.Zone))
	d.zone.SetPlaceHolder(lang.L("this computer's time zone"))
	d.zone.Validator = validZone
	// The list follows what is typed: 'Los' offers America/Los_Angeles (F196).
	d.zoneHint = lowText(zoneLine(d.zone.Text))
	d.zone.OnChanged = func(typed string) {
		if found := findZones(typed); len(found) > 0 && zoneKey(typed) != zoneKey(zoneEntryText(st.Zone)) {
			d.zoneOptions = found
		} else {
			d.zoneOptions = commonZones
		}
		d.zone.SetOptions(d.zoneOptions)
		setZoneHint(d.zoneHint, zoneLine(typed))
	}
	setZoneHint(d.zoneHint, d.zoneHint.Text)
	r := st.Routine
	for i, c := range []schedule.Clock{r.Wake, r.Breakfast, r.Lunch, r.Dinner, r.Bed} {
		e := widget.NewEntry()
		e.SetText(c.String())
		e.Validator = validClock
		d.routine[i] = e
	}
	d.on.SetChecked(!st.Off)
	d.private.SetChecked(st.Private)
	name := ""
	labels := personLabels(s.people) // "Joseph Brennan (born 1960)" beside another Joseph Brennan
	for i, pr := range s.people {
		if pr.ID == profile {
			name = labels[i]
		}
	}
	if s.deaths[profile].Deceased {
		// A person who died gets no reminders: their time zone alone, the clock their records
		// are shown on (the dialog offered wake-up times and 'Show notifications', F259).
		d.dialog = newFormDialog(fmt.Sprintf(lang.L("Time zone for %s"), name), lang.L("Save"), lang.L("Cancel"),
			[]*widget.FormItem{widget.NewFormItem(lang.L("Time zone"), d.zone)},
			func(ok bool) { p.onSettingsClosed(d, ok) }, s.u.win, d.zoneHint,
			lowText(fmt.Sprintf(lang.L("The clock %s's records are shown on. CareKeeper sends no reminders for someone who has died."), name)))
		fitForm(d.dialog, s.u.win, 520)
		p.prefs = d
		d.dialog.Show()
		s.u.win.Canvas().Focus(d.zone)
		return
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Notifications call them"), d.label),
		widget.NewFormItem(lang.L("Home time zone"), d.zone),
		widget.NewFormItem(lang.L("Wakes up"), d.routine[0]),
		widget.NewFormItem(lang.L("Breakfast"), d.routine[1]),
		widget.NewFormItem(lang.L("Lunch"), d.routine[2]),
		widget.NewFormItem(lang.L("Dinner"), d.routine[3]),
		widget.NewFormItem(lang.L("Bed"), d.routine[4]),
	}
	// The hint wraps below the form: as the form's hint under "Wakes up" it did not, and made
	// the form wider than a 1024-wide window at 200 % text.
	hint := lowText(lang.L("The routine turns “twice a day” and “with breakfast” into times."))
	// The form scrolls inside the dialog, its buttons below it: at 200 % text on a 1024×600
	// screen it was taller than the window, Cancel and Save drawn over a setting (F52).
	d.dialog = newFormDialog(fmt.Sprintf(lang.L("Reminders for %s"), name), lang.L("Save"), lang.L("Cancel"), items,
		func(ok bool) { p.onSettingsClosed(d, ok) }, s.u.win, d.zoneHint, hint, d.on, d.private,
		// the notifications' choices are this computer's own, not the household's (F449)
		lowText(lang.L(remind.NoticesHere)))
	for _, e := range append([]*widget.Entry{d.label}, d.routine[:]...) {
		e.OnSubmitted = func(string) { d.dialog.Submit() }
	}
	fitForm(d.dialog, s.u.win, 520)
	p.prefs = d
	d.dialog.Show()
	s.u.win.Canvas().Focus(d.zone)
}

func (p *peoplePage) onSettingsClosed(d *personSettingsDialog, ok bool) {
	if p.prefs == d {
		p.prefs = nil
	}
	s := p.s
	if !ok || !s.isCurrent() {
		return
	}
	st := d.settings
	st.Label = strings.TrimSpace(d.label.Text)
	if z := strings.TrimSpace(d.zone.Text); z != zoneEntryText(st.Zone) {
		zone, _ := zoneFor(z) // 'Los Angeles' is kept as America/Los_Angeles
		// A zone chosen here is where the person lives, not a journey (F256).
		st.ChooseHomeZone(zone, s.u.rem.device(), s.u.rem.now())
	}
	var cl [5]schedule.Clock
	for i, e := range d.routine {
		cl[i], _ = schedule.ParseClock(strings.TrimSpace(e.Text))
	}
	st.Routine = schedule.Routine{Wake: cl[0], Breakfast: cl[1], Lunch: cl[2], Dinner: cl[3], Bed: cl[4]}
	st.Off = !d.on.Checked
	st.Private = d.private.Checked
	s.saveReminderSettings(d.profile, d.settings, st)
}

// saveReminderSettings stores what was changed of a person's reminder settings, read as was
// (what else another device changed since stays: F533), and lets the engine follow.
func (s *shell) saveReminderSettings(profile string, was, st remind.Settings) {
	v, ctx := s.v, s.u.ctx
	var err error
	s.u.goVault(func() { err = remind.SaveSettingsChange(ctx, v, profile, was, st) }, func() {
		if err != nil {
			s.m.showError(lang.L("Could not save the settings"), err)
			return
		}
		s.u.rem.reload()
		s.restale()
		s.refresh(s.current)
	})
}

// zoneEntryText is a person's zone as the settings show it: "UTC" for Etc/UTC and its other
// names (the settings said 'Home time zone: Etc/UTC', a code, F129); other zones by their
// place ("Europe/Dublin"), as the list offers them.
func zoneEntryText(zone string) string {
	switch zone {
	case "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich", "Universal", "Zulu", "UCT":
		return "UTC"
	}
	return zone
}
