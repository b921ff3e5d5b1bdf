package app

import (
	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/shc"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyText is what the browser says when the chosen person has no records.
const emptyText = "No records yet — import a health record file"

// detailPlaceholder is the detail view's text before a record is chosen.
const detailPlaceholder = "Choose a record to see everything in it."

// personRow is one line of the people list. The first line is "All people" (ID "").
type personRow struct {
	ID, Name, BirthDate string
	Death               health.Death // as the person's records say it now (every screen names it)
}

// typeRow is one line of the list of record types.
type typeRow struct {
	Type  string
	Count int
}

// recordRow is one line of the records list. Only what the line shows is kept; the record
// itself is read again when it is opened.
type recordRow struct {
	ID      storage.ID
	Date    string // in words ("12 Mar 2024"), or "" when the record has no clinical date
	sortKey string // the sortable date the list is ordered by
	Summary string
}

// mainScreen is the records browser: people on the left; the chosen person's record types,
// records and the chosen record on the right.
type mainScreen struct {
	u       *UI
	v       *storage.Vault
	content fyne.CanvasObject

	importBt       *widget.Button
	importFolderBt *widget.Button
	lockBt         *widget.Button

	people      []personRow // people[0] is "All people"
	peopleList  *widget.List
	addPersonBt *widget.Button
	selected    string // the chosen profile's ID; "" for all people

	heading    *widget.Label // the chosen person's name
	subheading *widget.Label // birth date and number of records

	typeRows     []typeRow
	typeList     *widget.List
	selectedType string

	recordRows  []recordRow
	recordList  *widget.List
	recordsHead *widget.Label
	selectedRec storage.ID

	detailTitle *widget.Label
	detailBack  *widget.Button  // back to the list, when the details replace it
	detailBody  *fyne.Container // the chosen record (recordView), or a placeholder
	detail      *readOnlyEntry  // the chosen record's data as stored
	showDetail  bool            // a record is open (a small window shows it instead of the list)
	compact     bool            // the window is small for the text size (contentLayout)
	// folded: a small window low for the text (200 % text on a 1024×600 screen), with a record
	// open or the lists scrolled down: the import buttons and the Portals and files tabs fold
	// away and the records have the height (F119). low is whether the window is low for it,
	// measured unfolded; barH and topH are the tabs' and the import buttons' heights.
	folded, low bool
	barH, topH  float32
	onFold      func()       // lays the screen out again after folded changed (portalsPage)
	foldBy      *widget.List // the list whose scrolling folded them
	// foldKeys are two focus stops of no size before the records, shown while the import
	// buttons are folded away: Tab from the top bar or Shift+Tab from the lists brings them
	// back (pinned until a list is scrolled again) with one of them focused.
	foldKeys *fyne.Container
	pinned   bool

	browser *fyne.Container   // types, records and the chosen record (browserLayout)
	empty   fyne.CanvasObject // shown instead of browser when there are no records

	addPerson *addPersonDialog
	importing *importRun            // the import running, if any
	results   *importResults        // the last import's results
	identity  *identityQuestion     // the question about files for someone else, while open
	clash     *clashQuestion        // the question about a file with another's record number, while open
	joining   *dialog.ConfirmDialog // "One person?" for a person an import added who may be one here (F395)
	// lastJoin is the last "Join them…" made here that can still be undone (joinundo.go), nil
	// when none: People offers its Undo until the vault is locked.
	lastJoin *lastJoin
	// separating is the open question of Separate their records… (separate.go).
	separating *separateQuestion
	choice     *fileChoice // the last "Import which files?" list
	// pickProfile is the person the files chosen in the file dialog go to.
	pickProfile string
}

// showMain shows the app shell (Today first), with the records browser as its
// "Portals & files" screen.
func (u *UI) showMain() {
	m := &mainScreen{u: u, v: u.vault}
	m.build()
	s := newShell(u, m)
	u.setContent(s.content, nil)
	u.main = m
	u.shell = s
	m.loadPeople("")
	s.start()
	u.fitTextToScreen()
	u.auto.start()
	u.startSync()
	u.startHousehold()
}

func (m *mainScreen) build() {
	m.importBt = widget.NewButtonWithIcon(lang.L("Import files…"), theme.DownloadIcon(), m.onImportFiles)
	m.importFolderBt = widget.NewButtonWithIcon(lang.L("Import folder…"), theme.FolderOpenIcon(), m.onImportFolder)
	m.lockBt = widget.NewButtonWithIcon(lang.L("Lock"), theme.LogoutIcon(), m.u.lock)
	m.lockBt.Importance = widget.LowImportance
	// No heading: the tab above says "Records and files" (a heading saying it again took a
	// line, and the screen scrolled at 200 % text in a small window).
	topBar := container.NewBorder(nil, nil, nil, container.NewHBox(m.importBt, m.importFolderBt))

	m.people = []personRow{{Name: "All people"}}
	m.peopleList = widget.NewList(m.peopleLen, newPersonItem, m.updatePersonItem)
	m.peopleList.OnSelected = m.onPersonSelected
	m.addPersonBt = widget.NewButtonWithIcon(lang.L("Add person"), theme.ContentAddIcon(), m.onAddPerson)
	peopleHead := widget.NewLabelWithStyle(lang.L("People"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	peoplePanel := container.NewBorder(peopleHead, m.addPersonBt, nil, nil, m.peopleList)

	m.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.heading.SizeName = theme.SizeNameSubHeadingText
	m.heading.Truncation = fyne.TextTruncateEllipsis
	m.subheading = widget.NewLabel("")
	m.subheading.SizeName = theme.SizeNameCaptionText
	m.subheading.Truncation = fyne.TextTruncateEllipsis

	m.typeList = widget.NewList(m.typesLen, newTypeItem, m.updateTypeItem)
	m.typeList.OnSelected = m.onTypeSelected
	m.typeList.OnScrolled = func(fyne.Position) { m.refold() }
	typesHead := widget.NewLabelWithStyle(lang.L("Kinds of record"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	m.recordList = widget.NewList(m.recordsLen, newRecordItem, m.updateRecordItem)
	m.recordList.OnSelected = m.onRecordSelected
	m.recordList.OnScrolled = func(fyne.Position) { m.refold() }
	m.recordsHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.recordsHead.Truncation = fyne.TextTruncateEllipsis

	m.detailTitle = widget.NewLabel("")
	m.detailTitle.SizeName = theme.SizeNameCaptionText
	m.detailTitle.Wrapping = fyne.TextWrapWord
	m.detail = newReadOnlyEntry(m.u.onShortcut)
	m.detailBody = container.NewStack(paragraph(detailPlaceholder))
	m.detailBack = widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), m.onDetailBack)
	m.detailBack.Importance = widget.LowImportance
	m.browser = container.New(&browserLayout{m: m},
		container.NewBorder(typesHead, nil, nil, nil, m.typeList),
		container.NewBorder(m.recordsHead, nil, nil, nil, m.recordList),
		container.NewBorder(container.NewBorder(nil, nil, container.NewCenter(m.detailBack), nil, m.detailTitle), nil, nil, nil, m.detailBody),
	)

	emptyHead := widget.NewLabelWithStyle(emptyText, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	emptyHead.SizeName = theme.SizeNameSubHeadingText
	emptyHead.Wrapping = fyne.TextWrapWord // one line was wider than the window at 200 % text
	m.empty = container.NewVScroll(container.NewVBox(layout.NewSpacer(), container.New(&upToColumn{width: 460, centre: true},
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(56), widget.NewIcon(theme.DocumentIcon()))),
		emptyHead,
		paragraph("Import the files you downloaded from a patient portal or a health app: FHIR files, "+
			"C-CDA documents (\"Download my record\", visit summaries), health cards and their QR codes, "+
			"an Apple Health export. You can also drop files onto this window."),
		container.NewCenter(container.NewHBox(
			&widget.Button{Text: lang.L("Import files…"), Icon: theme.DownloadIcon(), Importance: widget.HighImportance, OnTapped: m.onImportFiles},
			widget.NewButtonWithIcon(lang.L("Import folder…"), theme.FolderOpenIcon(), m.onImportFolder),
		)),
	), layout.NewSpacer()))
	m.empty.Hide()
	m.browser.Hide()

	m.foldKeys = container.New(noRoom{}, newFoldKey(func() { m.unfoldForKeys(m.importBt) }), newFoldKey(func() { m.unfoldForKeys(m.importFolderBt) }))
	m.foldKeys.Hide()
	m.content = container.New(&contentLayout{m: m}, container.NewVBox(topBar, widget.NewSeparator()), peoplePanel,
		container.New(&personHead{}, m.heading, m.subheading), container.NewStack(m.foldKeys, m.browser, m.empty))
}

// contentLayout places the screen's import buttons, the people, the chosen person's name and
// their records (objects 0 to 3): the people on the left, the rest one under the other on the
// right. It decides whether the window is small for the text size (m.compact): then a chosen
// record takes the whole screen (browserLayout), its name and the people making room for it.
type contentLayout struct{ m *mainScreen }

func (l *contentLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, records := objs[0].MinSize(), objs[3].MinSize()
	if l.m.compact && l.m.showDetail {
		return records
	}
	// The least is the compact layout's (the people and the name are left out, the top bar
	// chooses and names the person): a window too small for the whole layout gets
	// that one, and a scroll around the screen scrolls only when even that does not fit.
	return fyne.NewSize(max(top.Width, records.Width), top.Height+theme.Padding()+records.Height)
}

func (l *contentLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, people, head, records := objs[0], objs[1], objs[2], objs[3]
	ts, pad := theme.TextSize(), theme.Padding()
	l.m.compact = size.Width < 50*ts || size.Height < 28*ts
	if !l.m.folded {
		l.m.low = size.Height < shortLines*ts
		l.m.topH = top.MinSize().Height
	}
	if l.m.folded && !l.m.wantFold() {
		l.m.folded = false // a wider window
		l.m.u.post(l.m.relayoutFold)
	}
	place := func(o fyne.CanvasObject, x, y, w, h float32) {
		o.Show()
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(max(w, 0), max(h, 0)))
	}
	if l.m.compact && l.m.showDetail {
		top.Hide()
		people.Hide()
		head.Hide()
		place(records, 0, 0, size.Width, size.Height)
		return
	}
	if l.m.compact && l.m.folded {
		top.Hide()
		people.Hide()
		head.Hide()
		place(records, 0, 0, size.Width, size.Height)
		return
	}
	if l.m.compact {
		// A window low or narrow for the text (200 % text on a 1024×600 screen): the people
		// list beside the records, and the person's name above them, left the lists a row and
		// a half. The top bar's person switcher chooses and names the person (the list
		// followed it anyway); the records get the height under the import buttons.
		people.Hide()
		head.Hide()
		th := top.MinSize().Height
		place(top, 0, 0, size.Width, th)
		y := th + pad
		place(records, 0, y, size.Width, size.Height-y)
		return
	}
	// The people are as wide as their names, between a quarter and 30 % of the width; a
	// longer name takes two lines.
	pw := float32(math.Round(float64(size.Width) * 0.25))
	pw = min(max(pw, l.m.peopleWidth()), float32(math.Round(float64(size.Width)*0.3)))
	place(people, 0, 0, pw, size.Height)
	x := pw + pad
	th := top.MinSize().Height
	place(top, x, 0, size.Width-x, th)
	y := th + pad
	head.Resize(fyne.NewSize(size.Width-x, head.Size().Height)) // it learns its width
	head.Refresh()                                              // and lays out its new words
	hh := head.MinSize().Height
	place(head, x, y, size.Width-x, hh)
	place(records, x, y+hh+pad, size.Width-x, size.Height-y-hh-pad)
}

// layoutHead lays the screen out again after the chosen person's name or the line about them
// changed: they are side by side when they fit (personHead).
func (m *mainScreen) layoutHead() {
	c := m.content.(*fyne.Container)
	c.Layout.Layout(c.Objects, c.Size())
}

// current reports whether m is still the screen shown (and its vault still open).
func (m *mainScreen) current() bool { return m.u.main == m && m.u.vault == m.v }

// People.

func (m *mainScreen) peopleLen() int { return len(m.people) }

// newPersonItem is a row of the people list: the name, on two lines when it needs them, with
// the birth year under it (beside it, the year left "Ned …" of a name at 200 % text).
func newPersonItem() fyne.CanvasObject {
	name := widget.NewLabel(lang.L("Person name"))
	name.Wrapping = fyne.TextWrapWord
	name.Truncation = fyne.TextTruncateEllipsis
	twoLines := widget.NewLabel("\n") // draws nothing; makes the name's room two lines high
	born := widget.NewLabel("b. 0000")
	born.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil,
		container.New(&tightVBox{}, container.NewStack(twoLines, name), born))
}

// peopleWidth is the width the people list needs to show every name whole.
func (m *mainScreen) peopleWidth() float32 {
	var w float32
	for _, p := range m.people {
		w = max(w, fyne.MeasureText(health.Fit(p.Name, health.MaxNameCols), theme.TextSize(), fyne.TextStyle{}).Width)
	}
	// The label's padding, the icon and the space beside it, the list's padding and its
	// scroll bar.
	return w + 2*theme.InnerPadding() + theme.IconInlineSize() + 3*theme.Padding() + theme.ScrollBarSize()
}

// personHead is the chosen person's name (objects[0]) and the line about them (objects[1]):
// side by side when the width holds both, which leaves the kinds of record a row more at
// 200 % text on a small screen; one under the other when it does not.
type personHead struct{ width float32 }

func (l *personHead) sideBySide(objs []fyne.CanvasObject) bool {
	return l.width > 0 && wholeWidth(objs[0].(*widget.Label))+wholeWidth(objs[1].(*widget.Label)) <= l.width
}

// wholeWidth is the width label needs to show its text whole.
func wholeWidth(label *widget.Label) float32 {
	probe := widget.NewLabelWithStyle(label.Text, label.Alignment, label.TextStyle)
	probe.SizeName = label.SizeName
	return probe.MinSize().Width + 1 // at exactly its width the text was cut ("Ned Hin…")
}

func (l *personHead) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if l.sideBySide(objs) {
		return fyne.NewSize(a.Width+b.Width, max(a.Height, b.Height))
	}
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height)
}

func (l *personHead) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	name, about := objs[0], objs[1]
	a, b := name.MinSize(), about.MinSize()
	if l.sideBySide(objs) {
		nw := wholeWidth(objs[0].(*widget.Label))
		name.Move(fyne.NewPos(0, 0))
		name.Resize(fyne.NewSize(nw, a.Height))
		// On the name's baseline, near enough: the line's bottom with the name's.
		about.Move(fyne.NewPos(nw, a.Height-b.Height))
		about.Resize(fyne.NewSize(size.Width-nw, b.Height))
		return
	}
	name.Move(fyne.NewPos(0, 0))
	name.Resize(fyne.NewSize(size.Width, a.Height))
	about.Move(fyne.NewPos(0, a.Height))
	about.Resize(fyne.NewSize(size.Width, b.Height))
}

func (m *mainScreen) updatePersonItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(m.people) {
		return
	}
	p := m.people[i]
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	name := text.Objects[0].(*fyne.Container).Objects[1].(*widget.Label)
	ic := c.Objects[1].(*widget.Icon)
	born := text.Objects[1].(*widget.Label)
	name.SetText(health.Fit(p.Name, health.MaxNameCols)) // as the person choices cut it
	if p.ID == "" {
		ic.SetResource(theme.ListIcon())
		born.SetText("")
	} else {
		ic.SetResource(theme.AccountIcon())
		// "b. 1931, died 2019": two of one name differed only by the year of birth, and the
		// one who died was not said to have (F43).
		born.SetText(strings.Join(nonEmptyStrings(yearOf(p.BirthDate, m.u.auto.clock.Now()), langOf(p.Death.Short())), ", "))
	}
}

// yearOf is "b. 1984" for a birth date, "" without one; a birth date after now is the
// record's error, not a year: "birth date in the future".
func yearOf(birthDate string, now time.Time) string {
	switch {
	case len(birthDate) < 4:
		return ""
	case health.BirthAfter(birthDate, now):
		return lang.L("birth date in the future")
	}
	return "b. " + birthDate[:4]
}

// loadPeople reads the people list, then chooses the person with ID want. With want "" it
// keeps the current choice, except that while nobody was listed it chooses the first person.
func (m *mainScreen) loadPeople(want string) {
	var (
		profiles []storage.Profile
		deaths   []health.Death
		err      error
	)
	now := m.u.auto.clock.Now()
	m.u.goVault(func() {
		profiles, err = m.v.Profiles()
		for _, p := range profiles {
			d, _ := journey.PersonDeath(m.u.ctx, m.v, p.ID, now) // unread: shown without a death
			deaths = append(deaths, d)
		}
	}, func() {
		if !m.current() {
			return
		}
		if err != nil {
			m.showError(lang.L("Could not read the people in this vault"), err)
			return
		}
		nobody := len(m.people) <= 1
		rows := []personRow{{Name: "All people"}}
		for i, p := range profiles {
			rows = append(rows, personRow{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate, Death: deaths[i]})
		}
		m.people = rows
		if want == "" {
			want = m.selected
			if want == "" && nobody && len(rows) > 1 {
				want = rows[1].ID
			}
		}
		idx := 0
		for i, r := range rows {
			if r.ID == want {
				idx = i
			}
		}
		m.peopleList.OnSelected = nil // choosePerson below does the work
		m.peopleList.Refresh()
		m.peopleList.Select(idx)
		m.peopleList.OnSelected = m.onPersonSelected
		m.choosePerson(idx)
		if m.u.shell != nil {
			dead := map[string]bool{}
			for i, p := range profiles {
				dead[p.ID] = deaths[i].Deceased
			}
			m.u.shell.setPeopleDead(profiles, dead)
		}
	})
}

// follow shows the records of profile ("": all people) in the browser, as the top bar chose:
// it went on showing the person chosen before, under the name of the one chosen now.
func (m *mainScreen) follow(profile string) {
	if profile == m.selected {
		return
	}
	for i, r := range m.people {
		if r.ID == profile {
			m.peopleList.Select(i)
			return
		}
	}
}

// selectedIndex is the index in people of the chosen person.
func (m *mainScreen) selectedIndex() int {
	for i, r := range m.people {
		if r.ID == m.selected {
			return i
		}
	}
	return 0
}

func (m *mainScreen) onPersonSelected(i widget.ListItemID) {
	if i < len(m.people) && m.people[i].ID != m.selected {
		m.choosePerson(i)
		// One chosen person: the top bar (and every screen) shows the one chosen here too (it
		// went on naming the person chosen before).
		if s := m.u.shell; s != nil {
			s.choose(m.people[i].ID)
		}
	}
}

// choosePerson shows what people[i] has, reloading it even if they were already chosen.
func (m *mainScreen) choosePerson(i int) {
	p := m.people[i]
	if p.ID != m.selected {
		m.selected = p.ID
		m.selectedType = ""
		m.typeRows = nil
		m.typeList.UnselectAll()
		m.typeList.Refresh()
		m.clearRecords()
		m.subheading.SetText("")
	}
	m.heading.SetText(headingName(p.Name))
	m.layoutHead()
	m.loadCounts()
}

// Record types.

func (m *mainScreen) typesLen() int { return len(m.typeRows) }

func newTypeItem() fyne.CanvasObject {
	name := widget.NewLabel(lang.L("Kind of record"))
	name.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel("0000")
	return container.NewBorder(nil, nil, nil, count, name)
}

func (m *mainScreen) updateTypeItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(m.typeRows) {
		return
	}
	r := m.typeRows[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(typeLabel(r.Type))
	c.Objects[1].(*widget.Label).SetText(fmt.Sprint(r.Count))
	// The count takes the width of its new text: a recycled row kept the old count's width,
	// and "7" stood left of "3" in the column of counts.
	c.Refresh()
}

// loadCounts counts the chosen person's records by type and shows the list of types, or
// the empty state.
func (m *mainScreen) loadCounts() {
	profile := m.selected
	ctx := m.u.ctx
	var counts map[string]int
	var err error
	m.u.goVault(func() {
		counts, err = m.v.TypeCounts(ctx, profile)
	}, func() {
		if !m.current() || m.selected != profile {
			return
		}
		if err != nil {
			m.showError(lang.L("Could not read the records"), err)
			return
		}
		rows := make([]typeRow, 0, len(counts))
		total := 0
		for t, n := range counts {
			rows = append(rows, typeRow{Type: t, Count: n})
			total += n
		}
		sortTypeRows(rows)
		m.typeRows = rows
		m.subheading.SetText(m.describePerson(total))
		m.layoutHead()
		m.typeList.UnselectAll()
		m.typeList.Refresh()
		if len(rows) == 0 {
			m.browser.Hide()
			m.empty.Show()
			m.selectedType = ""
			m.clearRecords()
			return
		}
		m.empty.Hide()
		m.browser.Show()
		idx, kept := 0, false
		for i, r := range rows {
			if r.Type == m.selectedType {
				idx, kept = i, true
			}
		}
		if kept {
			// The same kind again (new records arrived by sync or import): its list is read
			// again and the record open stays open.
			m.typeList.OnSelected = nil
			m.typeList.Select(idx)
			m.typeList.OnSelected = m.onTypeSelected
			m.loadRecords()
			return
		}
		m.selectedType = "" // so that selecting reloads the records
		m.typeList.Select(idx)
	})
}

// describePerson is the line under the chosen person's name.
func (m *mainScreen) describePerson(total int) string {
	var parts []string
	p := m.people[m.selectedIndex()]
	if p.BirthDate != "" {
		parts = append(parts, health.BornWords(p.BirthDate, m.u.auto.clock.Now()))
	}
	if w := p.Death.Words(); w != "" {
		parts = append(parts, lang.L(strings.ToLower(w[:1])+w[1:])) // "died 14 Feb 2019"
	}
	switch total {
	case 0:
		parts = append(parts, "no records")
	case 1:
		parts = append(parts, "1 record")
	default:
		parts = append(parts, count(total, "{{.Count}} records"))
	}
	if p.ID == "" && total > 0 {
		// Short, to sit beside "All people" (on a line of its own the screen scrolled at 200 %
		// text); the count includes the organizations and practitioners the records mention.
		parts[len(parts)-1] += " in all"
	}
	return strings.Join(parts, " · ")
}

func (m *mainScreen) onTypeSelected(i widget.ListItemID) {
	if i >= len(m.typeRows) {
		return
	}
	t := m.typeRows[i].Type
	if t == m.selectedType {
		return
	}
	m.selectedType = t
	m.clearRecords()
	m.recordsHead.SetText(typeLabel(t))
	m.loadRecords()
}

// Records.

func (m *mainScreen) recordsLen() int { return len(m.recordRows) }

func newRecordItem() fyne.CanvasObject {
	date := widget.NewLabelWithStyle("00 Mmm 0000", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	summary := widget.NewLabel(lang.L("Summary"))
	summary.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, date, nil, summary)
}

func (m *mainScreen) updateRecordItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(m.recordRows) {
		return
	}
	r := m.recordRows[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(r.Summary)
	date := r.Date
	if date == "" {
		date = "no date    "
	}
	c.Objects[1].(*widget.Label).SetText(date)
}

func (m *mainScreen) clearRecords() {
	m.recordRows = nil
	m.selectedRec = storage.ID{}
	m.recordList.UnselectAll()
	m.recordList.Refresh()
	m.recordsHead.SetText("")
	m.detailTitle.SetText("")
	m.detailBody.Objects = []fyne.CanvasObject{paragraph(detailPlaceholder)}
	m.detailBody.Refresh()
	m.detail.setContent("")
	m.setShowDetail(false)
}

// onDetailBack closes the chosen record and shows the list again (in a small window the
// record replaced it).
func (m *mainScreen) onDetailBack() {
	m.recordList.UnselectAll()
	m.selectedRec = storage.ID{}
	m.detailTitle.SetText("")
	m.detailBody.Objects = []fyne.CanvasObject{paragraph(detailPlaceholder)}
	m.detailBody.Refresh()
	m.setShowDetail(false)
}

func (m *mainScreen) setShowDetail(on bool) {
	if m.showDetail != on {
		m.showDetail = on
		m.folded = m.wantFold()
		m.relayoutFold()
		m.browser.Refresh()
	}
}

// wantFold reports whether the tabs and the import buttons fold away: the window is small and
// low for the text, and a record is open or a list is scrolled down past them (folded, until
// that list is back at its top). It notes the list (foldBy).
func (m *mainScreen) wantFold() bool {
	if !m.compact || !m.low {
		return false
	}
	if m.showDetail {
		m.foldBy = nil
		return true
	}
	if m.pinned {
		return false
	}
	if m.folded && m.foldBy != nil && m.foldBy.GetScrollOffset() > 0 {
		return true
	}
	for _, l := range []*widget.List{m.typeList, m.recordList} {
		if l.GetScrollOffset() > m.barH+m.topH+theme.Padding() {
			m.foldBy = l
			return true
		}
	}
	return false
}

// refold folds or unfolds after a list was scrolled.
func (m *mainScreen) refold() {
	m.pinned = false
	if m.wantFold() != m.folded {
		m.folded = !m.folded
		m.relayoutFold()
	}
}

// unfoldForKeys brings the folded import buttons back, the lists left where they are, and
// focuses b (a keyboard user reached the stop before the records).
func (m *mainScreen) unfoldForKeys(b *widget.Button) {
	if !m.folded || m.showDetail {
		return
	}
	m.pinned, m.folded = true, false
	m.relayoutFold()
	if c := fyne.CurrentApp().Driver().CanvasForObject(m.content); c != nil {
		c.Focus(b)
	}
}

// relayoutFold lays the screen out again, folded or not.
func (m *mainScreen) relayoutFold() {
	if m.folded && !m.showDetail {
		m.foldKeys.Show()
	} else {
		m.foldKeys.Hide()
	}
	if m.onFold != nil {
		m.onFold()
	}
	if c, ok := m.content.(*fyne.Container); ok {
		c.Refresh()
	}
}

// browserLayout places the kinds of record, the records and the chosen record (objects 0, 1
// and 2). A window with room for them (wide, and tall enough at the chosen text size for a
// record's details to be read) shows the kinds beside the records over the chosen record; a
// small one (m.compact: 1024×600 with 200 % text) shows the kinds beside the records, and a
// chosen record instead of both (and of the people: contentLayout), with a button back to the
// list. The detail pane was a few pixels tall there.
type browserLayout struct {
	m      *mainScreen
	typesH float32 // the kinds list's height at the last layout
	folded bool    // m.folded at the last layout
}

func (l *browserLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		w, h = max(w, o.MinSize().Width), max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

func (l *browserLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	types, records, detail := objs[0], objs[1], objs[2]
	pad := theme.Padding()
	place := func(o fyne.CanvasObject, x, y, w, h float32) {
		o.Show()
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(max(w, 0), max(h, 0)))
	}
	if !l.m.compact {
		l.m.detailBack.Hide()
		tw := float32(math.Round(float64(size.Width) * 0.3))
		rh := float32(math.Round(float64(size.Height) * 0.4))
		place(types, 0, 0, tw, size.Height)
		place(records, tw+pad, 0, size.Width-tw-pad, rh)
		place(detail, tw+pad, rh+pad, size.Width-tw-pad, size.Height-rh-pad)
		l.keepChosenKind(size.Height)
		return
	}
	if l.m.showDetail {
		l.m.detailBack.Show()
		types.Hide()
		records.Hide()
		place(detail, 0, 0, size.Width, size.Height)
		return
	}
	detail.Hide()
	tw := float32(math.Round(float64(size.Width) * 0.36))
	place(types, 0, 0, tw, size.Height)
	place(records, tw+pad, 0, size.Width-tw-pad, size.Height)
	l.keepChosenKind(size.Height)
}

// keepChosenKind scrolls the kinds of record to the one chosen when the list's height changed:
// chosen while the list was hidden or higher, it was below the list's end.
func (l *browserLayout) keepChosenKind(h float32) {
	if h == l.typesH {
		return
	}
	l.typesH = h
	if l.folded != l.m.folded {
		// Higher because the tabs folded away as the list was scrolled (or lower as they came
		// back): the list stays where the person scrolled it.
		l.folded = l.m.folded
		return
	}
	for i, r := range l.m.typeRows {
		if r.Type == l.m.selectedType {
			l.m.typeList.ScrollTo(i)
		}
	}
}

// loadRecords lists the chosen person's records of the chosen type, newest first.
func (m *mainScreen) loadRecords() {
	profile, typ := m.selected, m.selectedType
	ctx := m.u.ctx
	var (
		rows []recordRow
		err  error
	)
	dev, now := m.u.rem.device(), m.u.auto.clock.Now()
	m.u.goVault(func() {
		// The days on each record's person's clock (F78; every person's for all of them).
		zones := map[string]*time.Location{}
		err = m.v.Records(ctx, storage.Query{Profile: profile, Type: typ}, func(r *storage.Record) error {
			loc, ok := zones[r.Profile]
			if !ok {
				loc = personZone(m.v, r.Profile, dev, now).Loc
				zones[r.Profile] = loc
			}
			rows = append(rows, recordRow{ID: r.ID, Date: recordDay(r, loc), sortKey: r.Meta.Date, Summary: health.Describe(r.ID.Type, r.Resource)})
			return nil
		})
		sort.SliceStable(rows, func(i, j int) bool {
			if rows[i].sortKey != rows[j].sortKey {
				return rows[i].sortKey > rows[j].sortKey // newest first, undated last
			}
			return rows[i].Summary < rows[j].Summary
		})
	}, func() {
		if !m.current() || m.selected != profile || m.selectedType != typ {
			return
		}
		if err != nil {
			m.showError(lang.L("Could not read the records"), err)
			return
		}
		m.recordRows = rows
		n := len(rows)
		m.recordsHead.SetText(fmt.Sprintf("%s (%d)", typeLabel(typ), n))
		m.recordList.UnselectAll()
		m.recordList.Refresh()
		if open := m.selectedRec; open != (storage.ID{}) {
			for i, r := range rows {
				if r.ID == open {
					m.recordList.OnSelected = nil // it is shown already
					m.recordList.Select(i)
					m.recordList.OnSelected = m.onRecordSelected
					return
				}
			}
			m.onDetailBack() // the record open is no longer there
		}
		m.recordList.ScrollToTop()
	})
}

// recordDay is the day of a record's index date on its person's clock loc, as its details,
// the Timeline and `records` say it (F78): a date alone its own day in every zone.
func recordDay(r *storage.Record, loc *time.Location) string {
	if r.Meta.Date == "" {
		return ""
	}
	return health.IndexDate(r.Meta.Date, r.Meta.Precision, loc)
}

func (m *mainScreen) onRecordSelected(i widget.ListItemID) {
	if i >= len(m.recordRows) {
		return
	}
	row := m.recordRows[i]
	m.selectedRec = row.ID
	var (
		d   *recordData
		err error
	)
	dev, now := m.u.rem.device(), m.u.auto.clock.Now()
	m.u.goVault(func() {
		d, err = loadRecord(m.v, row.ID, dev, now)
	}, func() {
		if !m.current() || m.selectedRec != row.ID {
			return
		}
		if err != nil {
			m.detailTitle.SetText("")
			m.detailBody.Objects = []fyne.CanvasObject{paragraph("This record could not be read: " + errorText(err))}
			m.detailBody.Refresh()
			m.setShowDetail(true)
			return
		}
		rec := d.rec
		title := row.Summary
		if row.Date != "" {
			title = row.Date + " · " + title
		}
		if rec.Meta.File != "" {
			title += " · from " + rec.Meta.File
		}
		if card := shc.Describe(&rec.Meta); card != "" {
			title += " · " + card
		}
		m.detailTitle.SetText(title)
		m.detailBody.Objects = []fyne.CanvasObject{recordView(d, m.detail)}
		m.detailBody.Refresh()
		m.setShowDetail(true)
	})
}

// showError shows a failure to read the vault.
func (m *mainScreen) showError(title string, err error) {
	showError(m.u.win, title, err)
}

// Adding a person.

// addPersonDialog asks for a new person's name and, optionally, birth date.
type addPersonDialog struct {
	dialog *formDialog
	name   *widget.Entry
	birth  *widget.Entry
}

func (m *mainScreen) onAddPerson() {
	d := &addPersonDialog{name: widget.NewEntry(), birth: widget.NewEntry()}
	d.name.SetPlaceHolder(lang.L("Full name"))
	d.name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("a name is needed")
		}
		return nil
	}
	d.birth.SetPlaceHolder(lang.L("e.g. 3 May 1950 (optional)"))
	d.birth.Validator = validBirthDate
	d.dialog, _ = personForm(lang.L("Add person"), lang.L("Add"), d.name, d.birth, func(ok bool) { m.onAddPersonClosed(d, ok) }, m.u.win)
	m.addPerson = d
	d.dialog.Show()
	m.u.win.Canvas().Focus(d.name)
}

func (m *mainScreen) onAddPersonClosed(d *addPersonDialog, ok bool) {
	if m.addPerson == d {
		m.addPerson = nil
	}
	if !ok || !m.current() {
		return
	}
	name := strings.TrimSpace(d.name.Text)
	birth, _ := readBirthDate(d.birth.Text, time.Now()) // '3 May 1950' as 1950-05-03 (F207); Add was off while unreadable
	var (
		p   *storage.Profile
		err error
	)
	policy, ctx := m.u.clinicPolicies(), m.u.ctx
	m.u.goVault(func() {
		if p, err = m.v.AddProfile(name, birth); err == nil {
			err = privateForNew(ctx, m.v, policy, []string{p.ID})
		}
	}, func() {
		if !m.current() {
			return
		}
		if err != nil {
			m.showError(lang.L("Could not add the person"), err)
			return
		}
		m.loadPeople(p.ID)
	})
}

// closeDialogs hides the screen's dialogs (on lock, so nothing stays over the unlock screen).
func (m *mainScreen) closeDialogs() {
	if m.addPerson != nil {
		m.addPerson.dialog.Hide()
	}
	if m.importing != nil {
		m.importing.stop()
		m.importing.dialog.Hide()
	}
	if m.results != nil {
		m.results.dialog.Hide()
	}
}
