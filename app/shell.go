package app

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// screen is one of the main screens of the app shell.
type screen int

// The main screens, in navigation order. Ctrl+1…9 open the first nine.
const (
	scToday screen = iota
	scMeds
	scAppts
	scResults
	scTimeline
	scConditions
	scTeam
	scBills
	scPeople
	scFiles
	scSettings
	numScreens
)

// title is the screen's name in the navigation (translated).
func (sc screen) title() string {
	return lang.L([...]string{"Today", "Medicines", "Appointments", "Results", "Timeline", "Conditions",
		"Care team", "Bills and insurance", "People", "Portals and files", "Settings"}[sc])
}

func (sc screen) icon() fyne.Resource {
	return [...]fyne.Resource{theme.HomeIcon(), theme.ListIcon(), theme.CalendarIcon(), theme.GridIcon(),
		theme.HistoryIcon(), theme.InfoIcon(), theme.AccountIcon(), theme.DocumentIcon(), theme.AccountIcon(),
		theme.FolderOpenIcon(), theme.SettingsIcon()}[sc]
}

// page is one screen's content. compute runs on a background goroutine with the loaded
// records and returns what to apply on the UI goroutine (nil for nothing).
type page interface {
	view() fyne.CanvasObject
	compute(d *pageData) (apply func())
}

// pageData is what a page computes from: the chosen person's records and the vault.
type pageData struct {
	ctx     context.Context
	v       *storage.Vault
	profile string // "" for everyone
	people  []storage.Profile
	set     *health.Set
	now     time.Time
}

// onePerson is the profile of the one person shown: the person chosen, or the only one;
// "" when everyone of several is shown.
func (d *pageData) onePerson() string {
	if d.profile == "" && len(d.people) == 1 {
		return d.people[0].ID
	}
	return d.profile
}

// shownDeath is the death of the one person shown (onePerson), if any: the zero Death when
// everyone is shown.
func (d *pageData) shownDeath() health.Death {
	if one := d.onePerson(); one != "" {
		return health.DeathOf(personSet(d, one), d.now.In(personZone(d.v, one, d.now.Location(), d.now).Loc)) // its day on their clock (F573)
	}
	return health.Death{}
}

// personName is the name of the person with profile id as headings and lines say it: told
// apart from another person of the same name as the person choices tell them ("Rosa Quintero
// (born 1957)"; two sections of Today headed by one name were two people).
func (d *pageData) personName(id string) string {
	labels := personLabels(d.people)
	for i, p := range d.people {
		if p.ID == id {
			return labels[i]
		}
	}
	return ""
}

// wideWidth is the window width from which the navigation is a sidebar; below it (a
// 1024×600 tablet) it is a drop-down in the top bar.
const wideWidth = 1100

// shell is the unlocked window: a top bar (person switcher, lock), the navigation, and the
// screen shown. It owns the loaded records of the chosen person.
type shell struct {
	u *UI
	m *mainScreen // the records browser, shown as "Portals and files"
	v *storage.Vault

	content   fyne.CanvasObject
	sidebar   *widget.List
	navSelect *widget.Select // the compact navigation
	person    *widget.Select
	lockIcon  *widget.Button  // Lock in a narrow top bar: its icon only
	bar       *fyne.Container // the top bar (barLayout)
	demoBadge fyne.CanvasObject
	leaveDemo *widget.Button // the demo's way out (back to the start screen)
	// leaveDemoIcon is Leave the demo in a narrow top bar: its icon only
	leaveDemoIcon *widget.Button
	stack         *fyne.Container
	scroll        *container.Scroll // the screen shown, scrolling when the window is too low for it
	navWrap       *fyne.Container   // sidebar, hidden when narrow

	pages   [numScreens]page
	views   [numScreens]fyne.CanvasObject
	current screen
	stale   [numScreens]bool
	// rewind: the screen shows another person since it was last shown; its lists start at
	// the top (a list scrolled down for everyone was blank for a person with less).
	rewind [numScreens]bool
	// computed and shownFor: the screen's content was computed, for this person ("" for
	// everyone). A screen whose content is another person's is not shown: reading says
	// "Reading Fletcher Hyatt's records…" in its place until its own are computed (F339:
	// Bills said "76 bills … 2021", Courtney's, under Fletcher's name for seconds).
	computed    [numScreens]bool
	shownFor    [numScreens]string
	reading     *fyne.Container
	readingText *widget.Label
	readingBar  *widget.ProgressBarInfinite

	people  []storage.Profile
	profile string // "" for everyone
	// deaths are the people's deaths, read from their records (loadDeaths): the switcher
	// marks a person who died, as the People screen does.
	deaths map[string]health.Death
	set    *health.Set
	gen    int // increments with every load, so late results are dropped
	loaded bool

	// onShown is called after a screen's content was applied (the screenshot plan waits for it).
	onShown func(screen)

	checkIn     *checkInForm       // the check-in form last opened (checkin.go)
	questions   *questionsDialog   // the questions for the doctor last opened (conditions.go)
	summary     *summaryDialog     // the visit summary dialog last opened (visitsummary.go)
	lastExport  exportOutcome      // what the last export did (backup.go)
	lastBackup  exportOutcome      // what the last backup did (backup.go)
	passphrase  *passphraseDialog  // the change-passphrase dialog last opened (passphrase.go)
	newRecovery *newRecoveryDialog // Settings' "Make a new recovery code" last opened (newrecovery.go)
	settled     bool               // memory was handed back after the first screen with records (unlock.go)
}

func newShell(u *UI, m *mainScreen) *shell {
	s := &shell{u: u, m: m, v: u.vault}
	s.pages = [numScreens]page{
		scToday:      newTodayPage(s),
		scMeds:       newMedsPage(s),
		scAppts:      newApptsPage(s),
		scResults:    newResultsPage(s),
		scTimeline:   newTimelinePage(s),
		scConditions: newConditionsPage(s),
		scTeam:       newTeamPage(s),
		scBills:      newBillsPage(s),
		scPeople:     newPeoplePage(s),
		scFiles:      newPortalsPage(s),
		scSettings:   newSettingsPage(s),
	}
	for i, p := range s.pages {
		s.views[i] = p.view()
		s.views[i].Hide()
	}
	s.readingText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.readingText.Wrapping = fyne.TextWrapWord
	s.readingBar = widget.NewProgressBarInfinite()
	s.readingBar.Stop()
	s.reading = container.NewVBox(s.readingText, s.readingBar)
	s.reading.Hide()
	s.stack = container.NewStack(append(s.views[:], s.reading)...)

	s.sidebar = widget.NewList(func() int { return int(numScreens) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("Bills and insurance")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.HomeIcon()), nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(screen(i).title())
			c.Objects[1].(*widget.Icon).SetResource(screen(i).icon())
		})
	s.sidebar.OnSelected = func(i widget.ListItemID) { s.show(screen(i)) }
	var names []string
	for i := screen(0); i < numScreens; i++ {
		names = append(names, i.title())
	}
	s.navSelect = widget.NewSelect(names, func(name string) {
		for i := screen(0); i < numScreens; i++ {
			if i.title() == name {
				s.show(i)
			}
		}
	})
	s.person = widget.NewSelect(nil, s.onPersonChosen)
	s.person.PlaceHolder = lang.L("Choose a person")

	title := widget.NewLabelWithStyle(Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewHBox(logo(28), title)
	if b := u.clinicBadge(); b != nil {
		left.Add(b) // the clinic that set the app up, quietly beside CareKeeper's own name
	}
	if u.demo {
		badge := canvas.NewText(" "+lang.L("DEMO")+" ", theme.Color(theme.ColorNameForegroundOnPrimary))
		badge.TextStyle.Bold = true
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
		bg.CornerRadius = 4
		s.demoBadge = container.NewStack(bg, container.NewCenter(badge))
		left.Add(s.demoBadge)
		s.leaveDemo = widget.NewButtonWithIcon(lang.L("Leave the demo"), theme.LogoutIcon(), u.lock)
		s.leaveDemo.Importance = widget.WarningImportance
		left.Add(s.leaveDemo)
		// with its icon only in a narrow top bar, as Lock (barLayout)
		s.leaveDemoIcon = widget.NewButtonWithIcon("", theme.LogoutIcon(), u.lock)
		s.leaveDemoIcon.Importance = widget.WarningImportance
		s.leaveDemoIcon.Hide()
		left.Add(s.leaveDemoIcon)
	}
	// Lock with its icon only, when the top bar has no room for its word (barLayout).
	s.lockIcon = widget.NewButtonWithIcon("", theme.LogoutIcon(), u.lock)
	s.lockIcon.Importance = widget.LowImportance
	s.lockIcon.Hide()
	bar := &barLayout{title: title, lockText: s.m.lockBt, lockIcon: s.lockIcon, leaveText: s.leaveDemo, leaveIcon: s.leaveDemoIcon, nav: s.navSelect, person: s.person, tells: s.switcherTells}
	s.bar = container.New(bar, left, boxed(s.navSelect, container.New(&namesWide{names: names}, s.navSelect)),
		boxed(s.person, container.New(switcherLayout{}, s.person)), s.m.lockBt, s.lockIcon)
	s.navWrap = container.NewBorder(nil, nil, nil, widget.NewSeparator(), s.sidebar)
	// The screen scrolls as a whole when it needs more height than the window has (a
	// 1024×600 screen with FYNE_SCALE=2 is 512×300 units): a window never opens taller than
	// the screen because a screen asked for it.
	s.scroll = container.NewVScroll(container.New(&clearOfBar{s: s}, s.stack))
	body := container.New(&shellLayout{s: s}, s.navWrap, s.scroll)
	main := container.NewBorder(container.NewVBox(container.NewStack(s.bar, newHeaderWheel(
		// over the top bar: the wheel scrolls the screen shown wherever the pointer is (F525 item 8)
		func() *pageFrame { return frameIn(s.views[s.current]) },
		func(*headerWheel) *container.Scroll {
			if s.scroll.Visible() {
				return s.scroll
			}
			return nil
		})), widget.NewSeparator()), nil, nil, nil, body)
	s.content = container.NewStack(newActivity(u.auto.poke), main)
	bar.changed = func() { u.post(func() { s.content.Refresh() }) }
	return s
}

// barLayout is the top bar: the logo and the app's name (left), the screen selector (mid),
// the person switcher and Lock, in one row. When they do not all fit the width (large text on
// a small screen) the name folds away (the logo stays), then Lock shows its icon only if the
// selectors' words do not fit beside its word, then the selectors share what is left, each cut
// with "…" when need be; only when a selector would get less than minSelectEms text heights,
// or the person's birth date (or death) that tells two of one name apart would be cut, does the
// person switcher go to a second row. Two
// rows and a page's header left Today's list a strip at the bottom of a 1024×600 screen at
// FYNE_SCALE=2 with 200 % text (F525 item 8). Its minimum width is the narrowest of these, so
// large text never makes the window wider than a small screen.
type barLayout struct {
	title              *widget.Label     // the app's name, folded away when narrow
	lockText, lockIcon fyne.CanvasObject // Lock with its word, and with its icon only
	// leaveText, leaveIcon: the demo's Leave the demo, in the left part, with its word and
	// with its icon only (with Lock's); nil outside the demo
	leaveText, leaveIcon *widget.Button
	nav, person          *widget.Select // the screen selector and the person switcher
	tells                func() bool    // the person's label says more than the name: it is not cut
	rows                 int            // the rows of the last layout: 1, or 2 (the person switcher below)
	width                float32        // the width of the last layout
	// changed is called when the number of rows changed: the window must be laid out again
	// (later, not from inside this layout).
	changed func()
}

// minSelectEms is the least width, in text heights, a selector of the top bar gets beside the
// other in one row: "Appointm…", "Margaret…".
const minSelectEms = 5

// selectWant is the width a select needs to show its choice whole: its words inset by a padding
// either side, after a padding, and the drop-down icon after an inner padding (Fyne's
// selectRenderer.Layout), and a padding to spare.
func selectWant(sel *widget.Select) float32 {
	text := sel.Selected
	if text == "" {
		text = sel.PlaceHolder
	}
	return fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.Padding() + theme.IconInlineSize() + theme.InnerPadding()
}

// barParts are the sizes the bar is laid out from.
type barParts struct {
	left, mid, person, lock, icon fyne.Size
	name                          float32 // the app's name and its padding: the room folding it gives
	leave                         float32 // the room Leave the demo's icon only gives
	least                         float32 // a selector's least width
}

func (l *barLayout) parts(objects []fyne.CanvasObject) barParts {
	p := theme.Padding()
	b := barParts{left: objects[0].MinSize(), mid: objects[1].MinSize(), person: objects[2].MinSize(),
		lock: l.lockText.MinSize(), icon: l.lockIcon.MinSize(), least: minSelectEms * theme.TextSize()}
	// The left part as it is with the name and Leave the demo's word shown.
	b.name = l.title.MinSize().Width + p
	if !l.title.Visible() {
		b.left.Width += b.name
	}
	if l.leaveText != nil {
		b.leave = l.leaveText.MinSize().Width - l.leaveIcon.MinSize().Width
		if !l.leaveText.Visible() {
			b.left.Width += b.leave
		}
	}
	return b
}

// barPlan is how the bar is laid out at a width.
type barPlan struct {
	named                  bool              // the app's name is shown
	lock                   fyne.CanvasObject // Lock with its word or its icon
	leftW, midW, personW   float32
	lockW                  float32
	rows                   int
	height, personH, lineH float32
}

// plan lays the bar out at width w.
func (l *barLayout) plan(objects []fyne.CanvasObject, w float32) barPlan {
	b := l.parts(objects)
	p := theme.Padding()
	pl := barPlan{named: b.left.Width+b.mid.Width+b.person.Width+b.lock.Width+3*p <= w, leftW: b.left.Width, lock: l.lockText, lockW: b.lock.Width, rows: 1}
	if !pl.named {
		pl.leftW -= b.name
	}
	// Each selector wants the width of the words it shows (the screen selector is as wide as
	// its longest choice when there is room): the person's name is not cut for the room of
	// "Bills and insurance" while it says "Today".
	wantMid, wantPerson := min(b.mid.Width, selectWant(l.nav)), min(b.person.Width, selectWant(l.person))
	split := func() {
		room := w - pl.leftW - pl.lockW - 3*p
		switch {
		case b.mid.Width+b.person.Width <= room:
			pl.midW = b.mid.Width
		case wantMid+wantPerson <= room:
			pl.midW = max(wantMid, room-b.person.Width)
		default: // the person's name first: the page's title says the screen again
			pl.midW = min(wantMid, max(b.least, room-wantPerson))
		}
		pl.personW = room - pl.midW
	}
	split()
	if pl.midW+pl.personW < wantMid+wantPerson { // the person's name, whole, before Lock's word
		pl.lock, pl.lockW = l.lockIcon, b.icon.Width
		pl.leftW -= b.leave
		split()
	}
	if min(pl.midW, pl.personW) < min(b.least, b.mid.Width, b.person.Width) || (pl.personW < wantPerson && l.tells != nil && l.tells()) {
		pl.rows = 2 // the person switcher below, as wide as its words
		pl.midW = min(b.mid.Width, w-pl.leftW-pl.lockW-2*p)
		pl.personW = min(b.person.Width, w)
	}
	pl.lineH = max(b.left.Height, b.mid.Height, b.lock.Height)
	pl.personH = b.person.Height
	pl.height = max(pl.lineH, pl.personH)
	if pl.rows == 2 {
		pl.height = pl.lineH + p + pl.personH
	}
	return pl
}

func (l *barLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	b := l.parts(objects)
	p := theme.Padding()
	w := b.left.Width - b.name - b.leave + p + min(b.mid.Width, b.least) + p + b.icon.Width
	if l.width <= 0 {
		return fyne.NewSize(w, max(b.left.Height, b.mid.Height, b.person.Height, b.lock.Height))
	}
	// The rows at the width last given: a text size changed since is measured at once.
	return fyne.NewSize(w, l.plan(objects, max(l.width, w)).height)
}

func (l *barLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	left, mid, person := objects[0], objects[1], objects[2]
	l.width = size.Width
	pl := l.plan(objects, size.Width)
	p := theme.Padding()
	if pl.named != l.title.Visible() {
		if pl.named {
			l.title.Show()
		} else {
			l.title.Hide()
		}
	}
	for _, o := range []fyne.CanvasObject{l.lockText, l.lockIcon} {
		if o == pl.lock {
			o.Show()
		} else {
			o.Hide()
		}
	}
	if l.leaveText != nil && l.leaveText.Visible() != (pl.lock == l.lockText) {
		if pl.lock == l.lockText {
			l.leaveText.Show()
			l.leaveIcon.Hide()
		} else {
			l.leaveText.Hide()
			l.leaveIcon.Show()
		}
	}
	h := pl.lineH
	if pl.rows == 1 {
		h = pl.height
	}
	left.Move(fyne.NewPos(0, 0))
	left.Resize(fyne.NewSize(pl.leftW, h))
	mid.Move(fyne.NewPos(pl.leftW+p, 0))
	mid.Resize(fyne.NewSize(pl.midW, h))
	if pl.rows == 1 {
		person.Move(fyne.NewPos(pl.leftW+p+pl.midW+p, 0))
		person.Resize(fyne.NewSize(pl.personW, h))
	} else {
		person.Move(fyne.NewPos(0, h+p))
		person.Resize(fyne.NewSize(pl.personW, pl.personH))
	}
	pl.lock.Move(fyne.NewPos(size.Width-pl.lockW, 0))
	pl.lock.Resize(fyne.NewSize(pl.lockW, h))
	if pl.rows != l.rows {
		l.rows = pl.rows
		if l.changed != nil {
			l.changed()
		}
	}
}

// frameIn is the page frame shown in o, nil if none.
func frameIn(o fyne.CanvasObject) *pageFrame {
	if c, ok := o.(*fyne.Container); ok {
		if l, ok := c.Layout.(*frameLayout); ok {
			return l.f
		}
	}
	for _, k := range kids(o) {
		if k != nil && k.Visible() {
			if f := frameIn(k); f != nil {
				return f
			}
		}
	}
	return nil
}

// switcherTells reports whether the person switcher's label says more than the person's name:
// the birth date that tells two of one name apart, or the death.
func (s *shell) switcherTells() bool {
	for _, p := range s.people {
		if p.ID == s.profile {
			return s.person.Selected != listName(p)
		}
	}
	return false
}

// lockShown is the top bar's Lock button shown: with its word, or its icon only.
func (s *shell) lockShown() *widget.Button {
	if s.lockIcon.Visible() {
		return s.lockIcon
	}
	return s.m.lockBt
}

// shellLayout puts the sidebar left of the screen when the window is wide, and hides it
// (the top bar's drop-down takes over) when narrow.
type shellLayout struct{ s *shell }

const sidebarWidth = 220

// shellMinSize is the least room the screens ask for below the top bar; the screen shown
// scrolls within it.
var shellMinSize = fyne.NewSize(320, 120)

// navWidth is the sidebar's width: sidebarWidth, or as wide as its longest entry at the
// chosen text size. It kept 220 at 200 % text on a 1920×1080 screen and cut "Appointm…",
// "Bills and i…" and "Portals a…" with most of the window free (F37); when a quarter of the
// window is not enough, the navigation is the top bar's drop-down.
func navWidth() float32 {
	var text float32
	for sc := screen(0); sc < numScreens; sc++ {
		text = max(text, fyne.MeasureText(sc.title(), theme.TextSize(), fyne.TextStyle{}).Width)
	}
	// The row: list padding, icon, padding, the label's inner padding either side, and the
	// separator and scroll bar beside the list.
	row := text + theme.IconInlineSize() + 2*theme.Padding() + 2*theme.InnerPadding() + theme.Padding() +
		theme.SeparatorThicknessSize() + theme.ScrollBarSize()
	return max(sidebarWidth, float32(math.Ceil(float64(row))))
}

// clearOfBar lays the screen out clear of the scroll bar drawn over its right edge when it
// scrolls as a whole: at 200 % on a 1024×600 screen People's "Change this person…" had its
// right border under it (F347).
type clearOfBar struct{ s *shell }

func (*clearOfBar) MinSize(objects []fyne.CanvasObject) fyne.Size { return objects[0].MinSize() }

func (l *clearOfBar) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := size.Width
	if objects[0].MinSize().Height > l.s.scroll.Size().Height+0.5 {
		w = max(w-theme.ScrollBarSize(), objects[0].MinSize().Width)
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(fyne.NewSize(w, size.Height))
}

func (l *shellLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return shellMinSize
}

func (l *shellLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	nav, content := objects[0], objects[1]
	if side := navWidth(); size.Width >= wideWidth && side <= size.Width/4 {
		nav.Show()
		l.s.navSelect.Hide()
		if p := l.s.portalsPage(); p != nil {
			p.narrow(false)
		}
		nav.Move(fyne.NewPos(0, 0))
		nav.Resize(fyne.NewSize(side, size.Height))
		content.Move(fyne.NewPos(side+theme.Padding(), 0))
		content.Resize(fyne.NewSize(size.Width-side-theme.Padding(), size.Height))
		return
	}
	nav.Hide()
	l.s.navSelect.Show()
	if p := l.s.portalsPage(); p != nil {
		p.narrow(true)
	}
	content.Move(fyne.NewPos(0, 0))
	content.Resize(size)
}

// start shows Today once the people are known (setPeople loads the records).
func (s *shell) start() {
	s.u.rem.attach(s) // the reminder engine runs while the app runs
	s.show(scToday)
}

// current reports whether s is still the shell shown, with its vault open.
func (s *shell) isCurrent() bool { return s.u.shell == s && s.u.vault == s.v }

// setPeople updates the person switcher; the first time, it chooses the first person and
// loads their records.
func (s *shell) setPeople(ps []storage.Profile) { s.setPeopleDead(ps, nil) }

// setPeopleDead is setPeople knowing who died (dead, by profile; nil: not known): the first
// time it chooses the first living person — a tablet opened on the late father, the first
// person of its vault, every start (F471).
func (s *shell) setPeopleDead(ps []storage.Profile, dead map[string]bool) {
	s.people = ps
	s.u.sayUndrawn(peopleNames(ps), nil) // names no font here draws: what to install (F563)
	s.loadDeaths()
	opts := []string{}
	if len(ps) > 1 {
		opts = append(opts, lang.L("Everyone"))
	}
	opts = append(opts, s.switcherLabels()...)
	s.person.Options = opts
	if !s.loaded {
		s.loaded = true
		if len(ps) > 0 {
			s.profile = ps[0].ID
		}
		for i := len(ps) - 1; i >= 0; i-- {
			if !dead[ps[i].ID] {
				s.profile = ps[i].ID // the first living one
			}
		}
		if last := s.u.shown; last != nil && last.dir == s.u.dir && !s.u.demo {
			// After an unlock: the person shown at lock, if they are still here.
			for _, p := range ps {
				if p.ID == last.profile || (last.profile == "" && len(ps) > 1) {
					s.profile = last.profile
				}
			}
		}
		s.selectPerson()
		s.load()
		return
	}
	// "Everyone" is a choice only among several: the first person imported into a new vault
	// was shown on Today under a switcher reading 'Choose a person' (F129).
	found := s.profile == "" && len(ps) > 1
	for _, p := range ps {
		found = found || p.ID == s.profile
	}
	if !found && len(ps) > 0 {
		s.profile = ps[0].ID
	}
	s.selectPerson()
	s.u.rem.reload() // the reminders follow imports, syncs and new people
	s.load()         // records may have been imported
}

// loadDeaths reads the people's deaths in the background, then labels the switcher's people
// with them ("Wendell Lesch (died 2018)").
func (s *shell) loadDeaths() {
	people, ctx, v, now := s.people, s.u.ctx, s.v, s.u.auto.clock.Now()
	deaths := map[string]health.Death{}
	s.u.goVault(func() {
		for _, p := range people {
			if d, err := journey.PersonDeath(ctx, v, p.ID, now); err == nil && d.Deceased {
				deaths[p.ID] = d
			}
		}
	}, func() {
		if !s.isCurrent() || !slices.EqualFunc(people, s.people, func(a, b storage.Profile) bool { return a.ID == b.ID }) {
			return
		}
		s.deaths = deaths
		opts := []string{}
		if len(people) > 1 {
			opts = append(opts, lang.L("Everyone"))
		}
		s.person.Options = append(opts, s.switcherLabels()...)
		s.selectPerson()
		s.person.Refresh()
	})
}

// selectPerson shows the chosen person in the switcher without triggering a load.
func (s *shell) selectPerson() {
	cb := s.person.OnChanged
	s.person.OnChanged = nil
	switch {
	case len(s.people) == 0:
		s.person.ClearSelected()
	case s.profile == "":
		s.person.SetSelected(lang.L("Everyone"))
	default:
		labels := s.switcherLabels()
		for i, p := range s.people {
			if p.ID == s.profile {
				s.person.SetSelected(labels[i])
			}
		}
	}
	s.person.OnChanged = cb
	if s.bar != nil {
		s.bar.Refresh() // the selectors share the top bar by the words they show (barLayout)
	}
}

func (s *shell) onPersonChosen(label string) {
	s.u.auto.poke()
	id := ""
	for i, l := range s.switcherLabels() {
		if l == label {
			id = s.people[i].ID
			break
		}
	}
	s.choose(id)
}

// personLabels are the people's names as the person switchers list them, each one once:
// a name longer than health.MaxNameCols columns is cut with "…" (a 600-character name
// widened the drop-down past the window; the People screen shows it whole); two people of one
// name are told apart as everywhere a person is named (health.NamesApart): by birth year, "Ann X
// (born 1950)", by birth date when that year is the same, "Ann X (born 1 May 1950)", and two of
// one name and birth date by their place in ps, "Mary Smith (1)", "Mary Smith (2)" (F122);
// someone named like the "Everyone" choice by a number after that.
func personLabels(ps []storage.Profile) []string {
	named := make([]health.NamedPerson, len(ps))
	for i, p := range ps {
		named[i] = health.NamedPerson{ID: p.ID, Name: listName(p), BirthDate: p.BirthDate}
	}
	apart := health.NamesApart(named)
	seen := map[string]bool{lang.L("Everyone"): true}
	out := make([]string, len(ps))
	for i, p := range ps {
		name := listName(p)
		l := apart(p.ID)
		if l == name && len(undrawn(name)) > 0 {
			// Drawn as boxes on this computer: told apart by the birth date (F563).
			if b := bornApart(p.BirthDate); b != "" {
				l = name + " (" + b + ")"
			}
		}
		for n := 2; seen[l]; n++ {
			l = fmt.Sprintf("%s (%d)", name, n)
		}
		seen[l] = true
		out[i] = l
	}
	return out
}

// labelOf is the person id of ps as personLabels names them ("" when not among ps): the
// name a question, a title or a button says, told apart from another of the same name
// ("Delete Grace Okafor?" did not say whether the aunt or the child, F82).
func labelOf(ps []storage.Profile, id string) string {
	labels := personLabels(ps)
	for i, p := range ps {
		if id != "" && p.ID == id {
			return labels[i]
		}
	}
	return ""
}

// listName is a person's name as a choice of people shows it: cut to health.MaxNameCols.
func listName(p storage.Profile) string { return health.Fit(p.Name, health.MaxNameCols) }

// headingName is a person's name as a heading, a title or a sentence says it: cut at
// health.MaxHeadingCols with "…", as the CLI cuts its headings (a file gave a
// 3,000,000-character name, which was printed whole: F27).
func headingName(name string) string { return health.Fit(name, health.MaxHeadingCols) }

// peopleNameCols is the widest the People screen shows a person's name: whole for any real
// name (it is where the name is shown whole; the choices cut it sooner), cut past that.
const peopleNameCols = 1000

// switcherEms is the widest the top bar's person switcher grows for its labels, in text
// heights: about 40 characters.
const switcherEms = 20

// switcherLabels are personLabels as the top bar's switcher shows them: a label that tells
// two of one name apart, wider than switcherEms, has its name cut, not the birth date ("Samantha
// Alexandra Ri… (born 3 May 1975)"); a Select cuts its text at the end. The cut is the same at
// every text size (widths in text heights).
func (s *shell) switcherLabels() []string {
	size := theme.TextSize()
	width := func(l string) float32 { return fyne.MeasureText(l, size, fyne.TextStyle{}).Width / size }
	labels := personLabels(s.people)
	for i, p := range s.people {
		// "Wendell Lesch (died 2018)", "Ann X (born 1950, died 2018)"
		if w := s.deaths[p.ID].Short(); w != "" {
			if l, ok := strings.CutSuffix(labels[i], ")"); ok && strings.HasPrefix(labels[i], listName(p)+" (") {
				labels[i] = l + ", " + lang.L(w) + ")"
			} else {
				labels[i] += " (" + lang.L(w) + ")"
			}
		}
	}
	return fitPersonLabels(s.people, labels, switcherEms, width)
}

// fitPersonLabels cuts the names of labels with a suffix after the name that are wider than
// most (width in any unit), keeping each label different from the others.
func fitPersonLabels(ps []storage.Profile, labels []string, most float32, width func(string) float32) []string {
	out := slices.Clone(labels)
	taken := map[string]bool{}
	for _, l := range labels {
		taken[l] = true
	}
	for i, l := range labels {
		suffix, ok := strings.CutPrefix(l, listName(ps[i]))
		if !ok || suffix == "" || width(l) <= most {
			continue // a plain name: the Select cuts it at the end, as any long text
		}
		name := []rune(strings.TrimSuffix(listName(ps[i]), "…"))
		for len(name) > 1 && width(strings.TrimSpace(string(name))+"…"+suffix) > most {
			name = name[:len(name)-1]
		}
		if cut := strings.TrimSpace(string(name)) + "…" + suffix; !taken[cut] {
			taken[cut] = true
			out[i] = cut
		}
	}
	return out
}

// switcherLayout gives the top bar's person switcher (a Select, which is only as wide as its
// placeholder) the width of its widest option, up to switcherEms text heights.
type switcherLayout struct{}

func (switcherLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	sel := objects[0].(*widget.Select)
	size := theme.TextSize()
	m := sel.MinSize()
	// The Select's width beside its text: its padding and the drop-down icon.
	chrome := m.Width - fyne.MeasureText(sel.PlaceHolder, size, fyne.TextStyle{}).Width + theme.InnerPadding()
	w := m.Width
	for _, o := range sel.Options {
		w = max(w, min(fyne.MeasureText(o, size, fyne.TextStyle{}).Width, switcherEms*size)+chrome)
	}
	return fyne.NewSize(w, m.Height)
}

func (switcherLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// choose makes profile (or everyone, "") the chosen person and reloads every screen.
func (s *shell) choose(profile string) {
	if profile == s.profile && s.set != nil {
		return
	}
	s.profile = profile
	for i := range s.rewind {
		s.rewind[i] = true
	}
	s.selectPerson()
	s.mask(s.current) // not the person shown before, under this one's name
	s.load()
	if s.m != nil {
		s.m.follow(profile)
	}
}

// load reads the chosen person's records (everyone's for "") and the shared records, then
// recomputes the screen shown; other screens recompute when shown.
func (s *shell) load() {
	s.gen++
	gen, profile, people := s.gen, s.profile, s.people
	ctx := s.u.ctx
	var (
		set *health.Set
		err error
	)
	s.u.goVault(func() {
		set, err = loadSet(ctx, s.v, profile, people)
	}, func() {
		if !s.isCurrent() || gen != s.gen {
			return
		}
		if err != nil {
			s.m.showError(lang.L("Could not read the records"), err)
			return
		}
		s.set = set
		for i := range s.stale {
			s.stale[i] = true
		}
		s.refresh(s.current)
	})
}

// loadSet reads the records of profile (every person's for "") and the shared ones.
func loadSet(ctx context.Context, v *storage.Vault, profile string, people []storage.Profile) (*health.Set, error) {
	var records, shared []health.Resource
	conv := func(r *storage.Record) health.Resource {
		hr := health.Resource{
			Key:     health.Key{Source: r.ID.Source, Type: r.ID.Type, ID: r.ID.ID},
			Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, Deleted: !r.Meta.Deleted.IsZero(),
			JSON: r.Resource,
		}
		for _, l := range r.Meta.Links {
			hr.Links = append(hr.Links, health.Key{Source: l.Source, Type: l.Type, ID: l.ID})
		}
		return hr
	}
	profiles := []string{profile}
	if profile == "" {
		profiles = profiles[:0]
		for _, p := range people {
			profiles = append(profiles, p.ID)
		}
	}
	for _, p := range profiles {
		if err := v.Records(ctx, storage.Query{Profile: p}, func(r *storage.Record) error {
			records = append(records, conv(r))
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := v.Records(ctx, storage.Query{Profile: storage.SharedProfile}, func(r *storage.Record) error {
		switch r.ID.Type {
		case "Practitioner", "PractitionerRole", "Organization", "Location", "Medication", "HealthcareService":
			shared = append(shared, conv(r))
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return health.NewSet(records, shared), nil
}

// show makes sc the screen shown, recomputing it if its data changed.
func (s *shell) show(sc screen) {
	if sc < 0 || sc >= numScreens {
		return
	}
	s.u.auto.poke()
	s.views[s.current].Hide()
	if sc != s.current {
		s.scroll.ScrollToTop()
	}
	s.current = sc
	s.mask(sc)
	if s.sidebar.Length() > 0 {
		cb := s.sidebar.OnSelected
		s.sidebar.OnSelected = nil
		s.sidebar.Select(widget.ListItemID(sc))
		s.sidebar.OnSelected = cb
	}
	cb := s.navSelect.OnChanged
	s.navSelect.OnChanged = nil
	s.navSelect.SetSelected(sc.title())
	s.navSelect.OnChanged = cb
	s.bar.Refresh() // the selectors share the top bar by the words they show (barLayout)
	if o, ok := s.pages[sc].(interface{ outdated(time.Time) bool }); ok && o.outdated(s.u.auto.clock.Now()) {
		s.stale[sc] = true // the day it shows has ended (F385)
	}
	if s.stale[sc] || s.set == nil {
		s.refresh(sc)
	} else if s.onShown != nil {
		s.onShown(sc)
	}
}

// mask shows screen sc when its content was computed for the person chosen, else "Reading
// Ann's records…" in its place: a screen kept the person shown before, under the new one's
// name, until its own were read and computed (F339).
func (s *shell) mask(sc screen) {
	if s.computed[sc] && s.shownFor[sc] == s.profile {
		s.reading.Hide()
		s.readingBar.Stop()
		s.views[sc].Show()
		return
	}
	s.views[sc].Hide()
	words := lang.L("Reading everyone's records…")
	if s.profile != "" {
		words = lang.L("Reading…")
		if who := labelOf(s.people, s.profile); who != "" {
			words = fmt.Sprintf(lang.L("Reading %s's records…"), who)
		}
	}
	s.readingText.SetText(words)
	s.reading.Show()
	s.readingBar.Start()
}

// refresh recomputes one screen from the loaded records in the background.
func (s *shell) refresh(sc screen) {
	if s.set == nil {
		return
	}
	s.stale[sc] = false
	if r, ok := s.pages[sc].(interface{ beginReading() }); ok {
		r.beginReading() // "Reading…" rather than a blank screen or the person shown before
	}
	d := &pageData{ctx: s.u.ctx, v: s.v, profile: s.profile, people: s.people, set: s.set, now: s.u.auto.clock.Now()}
	gen := s.gen
	var apply func()
	s.u.goVault(func() {
		apply = s.pages[sc].compute(d)
	}, func() {
		if !s.isCurrent() || gen != s.gen {
			return
		}
		s.computed[sc], s.shownFor[sc] = true, d.profile
		if sc == s.current {
			s.mask(sc)
		}
		if apply != nil {
			apply()
			// Fyne lays out again only one parent per frame whose child's minimum changed: a
			// subtitle that wrapped onto a second line while the list below it changed kept
			// its one line of room, and the list covered the second. Twice: a layout whose
			// height depends on its width (twoColumns, flowLayout) learns the width in the first.
			layoutAgain(s.views[sc])
			layoutAgain(s.views[sc])
		}
		if s.rewind[sc] {
			s.rewind[sc] = false
			scrollToTop(s.views[sc])
		}
		if !s.settled && s.set != nil && len(s.set.Records) > 0 {
			s.settled = true
			go s.u.release.settled() // once the first screen with records is shown (unlock.go)
		}
		if s.onShown != nil && sc == s.current {
			s.onShown(sc)
		}
	})
}

// flushAnswers saves the answers to doses still waiting out their undo time (lock, close).
func (s *shell) flushAnswers() {
	if p, ok := s.pages[scToday].(*todayPage); ok {
		p.flushAnswers()
	}
}

// close lets go of what the shell's pages left running and that would hold them, and through
// them the records shown, after the window dropped them (lock; close): Today's timer at the
// turn of the day (F570).
func (s *shell) close() {
	if p, ok := s.pages[scToday].(*todayPage); ok && p.stopMidnight != nil {
		p.stopMidnight()
		p.stopMidnight = nil
	}
}

// closeDialogs hides the dialogs the screens opened (on lock).
func (s *shell) closeDialogs() {
	clearOverlays(s.u.win.Canvas())
}

// namesWide gives a select the width of its longest option: a select asks only for its
// placeholder's width and cut "Bills and insurance" to "Bills and i…" at 200 % text.
type namesWide struct{ names []string }

func (l *namesWide) MinSize(objects []fyne.CanvasObject) fyne.Size {
	m := objects[0].MinSize()
	var w float32
	for _, n := range l.names {
		w = max(w, fyne.MeasureText(n, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return fyne.NewSize(max(m.Width, w+theme.IconInlineSize()+4*theme.InnerPadding()), m.Height)
}

func (l *namesWide) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// layoutAgain lays out the containers of o again at their sizes, from the top down (widgets
// lay out their own parts).
func layoutAgain(o fyne.CanvasObject) {
	c, ok := o.(*fyne.Container)
	if !ok || !c.Visible() {
		return
	}
	if c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
	for _, ch := range c.Objects {
		layoutAgain(ch)
	}
}

// scrollToTop scrolls the scroll containers in o to their top.
func scrollToTop(o fyne.CanvasObject) {
	switch t := o.(type) {
	case *container.Scroll:
		t.ScrollToTop()
		scrollToTop(t.Content)
	case *widget.List:
		t.ScrollToTop()
	case *fyne.Container:
		for _, ch := range t.Objects {
			scrollToTop(ch)
		}
	}
}
