package app

import (
	"context"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// timelinePage is everything that happened, newest first, across every source. The index
// holds only dates, kinds and keys (cheap for 100,000 records); a line's title is read from
// the vault when the line is first shown, and search scans the records in the background.
type timelinePage struct {
	s     *shell
	frame *pageFrame
	list  *widget.List

	events []health.Event // newest first
	// also are, by the key of an event shown (journey.RowKey), the other records of the one
	// thing it is (the same vaccination from a health card and the GP's file, a weighing keyed
	// twice, one course of a medicine from a portal and a clinic file: F441, F427;
	// journey.OneRowEach): one row says where each came from.
	also   map[health.Key][]health.Event
	shown  []int32                   // indexes into events that pass the filters
	lines  []int32                   // the list's lines: an event index, or -1-i for the date heading above event i
	titles map[health.Key]eventWords // by journey.RowKey
	// courses are the names of the people's medicines by record (journey.CourseNames): a
	// medicine record's row is titled by its course, as `carekeeper timeline` does (F512 item 2).
	courses map[health.Key]string
	// heights are the lines' heights set on the list (a day heading is one line of larger
	// text, shorter than an event's two lines; an event's as tall as its wrapped words, set
	// when it is shown); the list keeps them until they are set again.
	heights map[int]float32
	rowH    float32           // an event's height in one line each (setHeights)
	measure fyne.CanvasObject // a row in which rowHeight measures a line's words
	// measuredAt are the list's widths the lines' heights were measured at (updateItem);
	// gen counts the times the lines were made again (setHeights): a height measured before
	// is not set after.
	measuredAt map[int]float32
	gen        int
	match      map[health.Key]bool // search results; nil without a search
	now        time.Time

	kind      *widget.Select
	provider  *widget.Select
	period    *widget.Select
	search    *widget.Entry
	status    *widget.Label
	searchGen int
	// reading shows while the events are read; nothing shows when the filters leave none.
	reading *widget.ProgressBarInfinite
	noMatch *widget.Label
	portals map[string]string // a portal's source → the name it was connected under
	// deaths are the deaths of the people shown (by profile): what is dated after a person's
	// death is not upcoming.
	deaths map[string]health.Death
	// deathLines are the people (profiles) whose death has a line among the lines shown, at
	// its time (lineDeath+i): records before and after it ran together (F333).
	deathLines []string
	names      map[string]string // the people's names by profile, as the person choices say them
	// zones are the people's clocks (personZone): each event's day and time are on its
	// person's (F78).
	zones map[string]remind.Zone

	// The search folds into openSearch beside the filters when the window is low (room).
	body       *fyne.Container
	room       *keepRoom
	searchRow  *fyne.Container
	openSearch *widget.Button
	searchOpen bool // openSearch unfolded it
}

// The lines heading the events still to come and those that happened (lines' values below -1-i
// for any event i).
const (
	lineUpcoming int32 = math.MinInt32
	linePast     int32 = math.MinInt32 + 1
	lineDeath    int32 = math.MinInt32 + 2 // lineDeath+i: the death of deathLines[i]
)

var timelinePeriods = []struct {
	label string
	d     time.Duration
}{{"All time", 0}, {"Last 3 months", 91 * 24 * time.Hour}, {"Last year", 365 * 24 * time.Hour}, {"Last 5 years", 5 * 365 * 24 * time.Hour}}

func newTimelinePage(s *shell) *timelinePage {
	p := &timelinePage{s: s, titles: map[health.Key]eventWords{}}
	// A row's words wrap, the row as tall as they need at the list's width (rowHeight): at 200 %
	// text a row naming two sources read "… and from gp.exa…", and in everyone's Timeline the
	// person's name left "Clarithromycin 500 …" of the medicine (F472).
	p.list = widget.NewList(func() int { return len(p.lines) }, newWrapRowItem, p.updateItem)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.lines) && p.lines[i] >= 0 {
			s.showRecord(p.events[p.lines[i]].Key)
		}
		p.list.Unselect(i)
	}
	kinds := []string{lang.L("All kinds")}
	for _, k := range health.Kinds() {
		kinds = append(kinds, lang.L(k.String()))
	}
	p.kind = widget.NewSelect(kinds, nil)
	p.kind.SetSelected(kinds[0])
	p.provider = widget.NewSelect([]string{lang.L("All sources")}, nil)
	p.provider.SetSelected(lang.L("All sources"))
	var ps []string
	for _, pr := range timelinePeriods {
		ps = append(ps, lang.L(pr.label))
	}
	p.period = widget.NewSelect(ps, nil)
	p.period.SetSelected(ps[0])
	for _, sel := range []*widget.Select{p.kind, p.provider, p.period} {
		sel.OnChanged = func(string) { p.filter() }
	}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder(lang.L("Search the timeline"))
	p.search.OnSubmitted = func(string) { p.onSearch() }
	p.search.OnChanged = func(t string) {
		if t == "" && p.match != nil {
			p.onSearch()
		}
	}
	searchBt := widget.NewButtonWithIcon("", theme.SearchIcon(), p.onSearch)
	// No person filter: the top bar chooses the person, as on every screen (a filter of its own
	// took a line that left no room for an event at 200 % text in a small window).
	// When the window is low for the text (200 % text on a 1024×600 screen), the search folds
	// into a button beside the filters and the events keep their room (keepRoom).
	p.openSearch = widget.NewButtonWithIcon("", theme.SearchIcon(), p.toggleSearch)
	p.openSearch.Hide()
	filters := container.NewBorder(nil, nil, nil, p.openSearch, newColumns(boxed(p.kind, nil), boxed(p.provider, nil), boxed(p.period, nil)))
	p.searchRow = container.NewBorder(nil, nil, nil, searchBt, p.search)
	tools := container.NewVBox(filters, p.searchRow)
	pad := theme.Padding()
	p.room = &keepRoom{rows: 3,
		whole: func(float32) float32 { return filters.MinSize().Height + pad + p.searchRow.MinSize().Height },
		folded: func(float32) float32 {
			if p.searchOpen || p.search.Text != "" {
				return filters.MinSize().Height + pad + p.searchRow.MinSize().Height
			}
			return filters.MinSize().Height
		},
		fold: func(on bool) {
			if on {
				p.openSearch.Show()
				if !p.searchOpen && p.search.Text == "" {
					p.searchRow.Hide()
				}
			} else {
				p.openSearch.Hide()
				p.searchRow.Show()
			}
		},
	}
	empty := newEmptyState(theme.HistoryIcon(), lang.L("Nothing on the timeline yet"),
		lang.L("Visits, results, medicines and everything else from the records appear here, newest first. Import records from a portal or a file."),
		lang.L("Import records"), s.goFiles)
	// "12 of 71 events" beside the title (below it only when the window is too narrow): on a
	// line of its own it took the room of an event at 200 % text in a small window.
	p.status = widget.NewLabel("")
	p.reading = widget.NewProgressBarInfinite()
	p.reading.Stop()
	p.reading.Hide()
	p.noMatch = widget.NewLabelWithStyle(lang.L("No events match the filters."), fyne.TextAlignCenter, fyne.TextStyle{})
	p.noMatch.Wrapping = fyne.TextWrapWord
	p.noMatch.Hide()
	p.body = container.New(p.room, tools, container.NewStack(p.list, container.NewVBox(p.reading, p.noMatch)))
	p.frame = newPageFrame(lang.L("Timeline"), p.status, p.body, empty)
	p.frame.sub.Hide()
	return p
}

func (p *timelinePage) view() fyne.CanvasObject { return p.frame.content }

// toggleSearch shows the folded search (and puts the cursor in it) or folds it again.
func (p *timelinePage) toggleSearch() {
	p.searchOpen = !p.searchOpen
	if p.searchOpen {
		p.searchRow.Show()
	} else if p.search.Text == "" {
		p.searchRow.Hide()
	}
	p.body.Refresh()
	p.frame.content.Refresh()
	if p.searchOpen {
		if c := fyne.CurrentApp().Driver().CanvasForObject(p.search); c != nil {
			c.Focus(p.search)
		}
	}
}

// portalNames are the names the portals were connected under, by source.
func portalNames(d *pageData) (map[string]string, error) {
	portals := map[string]string{}
	ps, err := cksync.Portals(d.ctx, d.v)
	for _, pt := range ps {
		portals[pt.Source()] = pt.Name
	}
	return portals, err
}

// whereOf is where a record came from (health.Where), with portals' names.
func whereOf(r *storage.Record, portals map[string]string) health.Where {
	w := health.Where{Source: r.ID.Source, File: r.Meta.File, Imported: r.Meta.ImportedAt, Portal: portals[r.ID.Source]}
	if r.Meta.Card != nil {
		w.CardIssuer = r.Meta.Card.Issuer
		w.CardChecked = r.Meta.Card.Verified
	}
	return w
}

// recordWhere is where the record k came from, read from the vault (its source alone when
// it cannot be read).
func recordWhere(v *storage.Vault, k health.Key, portals map[string]string) health.Where {
	r, err := v.Get(storage.ID{Source: k.Source, Type: k.Type, ID: k.ID})
	if err != nil {
		return health.Where{Source: k.Source, Portal: portals[k.Source]}
	}
	return whereOf(r, portals)
}

// timelineIndex reads the events of profile (everyone in people for "") from the vault.
// enteredOn names the household device a record entered in CareKeeper was entered on when it
// is not this one (hhvault.EnteredOn; nil outside a household).
func timelineIndex(ctx context.Context, v *storage.Vault, profile string, people []storage.Profile, portals map[string]string, enteredOn func(storage.ID) string) ([]health.Event, error) {
	profiles := []string{profile}
	if profile == "" {
		profiles = profiles[:0]
		for _, pr := range people {
			profiles = append(profiles, pr.ID)
		}
	}
	var events []health.Event
	for _, prof := range profiles {
		// The timeline index holds only keys and dates: no record is decrypted or decompressed
		// here; titles are read for the visible lines only.
		err := v.Timeline(ctx, storage.Query{Profile: prof}, func(e *storage.Entry) error {
			if !health.InTimeline(e.ID.Type) {
				return nil
			}
			if !e.Deleted.IsZero() && e.ID.Source == storage.AppSource {
				return nil // a reading the person entered, then deleted (F400)
			}
			k := health.Key{Source: e.ID.Source, Type: e.ID.Type, ID: e.ID.ID}
			// The source as the filter of sources lists it: the portal's name, "Files you
			// imported", "Entered by you", "Entered on Clare's laptop" (F426) (a file's name,
			// or a server's address, said nothing).
			w := health.Where{Source: e.ID.Source, File: e.File, Portal: portals[e.ID.Source]}
			if enteredOn != nil && e.ID.Source == storage.AppSource {
				w.Device = enteredOn(e.ID)
			}
			origin := w.Group()
			events = append(events, health.Event{Date: e.Date, Kind: health.KindOf(e.ID.Type), Key: k, Profile: e.Profile, Origin: origin, Precision: e.Precision})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(profiles) == 1 {
		return events, nil // already newest first
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date > events[j].Date })
	return events, nil
}

func (p *timelinePage) compute(d *pageData) func() {
	portals, err := portalNames(d)
	var events []health.Event
	if err == nil {
		var enteredOn func(storage.ID) string
		if names, self := p.s.u.deviceNames(); self != "" {
			enteredOn = func(id storage.ID) string { return hhvault.EnteredOn(d.v, names, self, id) }
		}
		events, err = timelineIndex(d.ctx, d.v, d.profile, d.people, portals, enteredOn)
	}
	dev := p.s.u.rem.device()
	zones := zonesOf(d, dev)
	deaths := map[string]health.Death{}
	if err == nil {
		for _, pr := range d.people {
			if d.profile == "" || pr.ID == d.profile {
				// the day of death on the person's clock, as their events (F101)
				if deaths[pr.ID], err = journey.PersonDeath(d.ctx, d.v, pr.ID, d.now.In(zoneIn(zones, pr.ID, dev).Loc)); err != nil {
					break
				}
			}
		}
	}
	var also map[health.Key][]health.Event
	if err == nil {
		events = append(events, journey.StartDays(d.ctx, d.v, events)...) // every record's, however old (F371)
		// One row of one thing from two sources or keyed twice, read from the records the
		// app already holds (d.set): only those of one person, type and day are compared.
		events, also = journey.OneRowEach(events, func(e *health.Event) []byte {
			if r := d.set.Get(e.Key); r != nil && !r.Deleted && r.Profile == e.Profile {
				return r.JSON
			}
			return nil
		}, func(profile string) *time.Location { return zoneIn(zones, profile, dev).Loc })
	}
	byDay(events, func(e *health.Event) *time.Location { return zoneIn(zones, e.Profile, dev).Loc })
	courses := map[health.Key]string{}
	for _, pr := range d.people {
		if err != nil || d.profile != "" && pr.ID != d.profile {
			continue
		}
		var names map[health.Key]string
		if names, err = journey.CourseNames(d.ctx, d.v, pr.ID); err == nil {
			maps.Copy(courses, names)
		}
	}
	origins := map[string]bool{}
	for _, e := range events {
		origins[e.Origin] = true
	}
	for _, es := range also {
		for _, e := range es {
			origins[e.Origin] = true
		}
	}
	var provs []string
	for o := range origins {
		provs = append(provs, o)
	}
	sort.Strings(provs)
	return func() {
		p.reading.Stop()
		p.reading.Hide()
		if err != nil {
			p.status.SetText("")
			p.s.m.showError(lang.L("Could not read the timeline"), err)
			return
		}
		p.events, p.also, p.now, p.portals, p.deaths, p.zones, p.courses = events, also, d.now, portals, deaths, zones, courses
		p.names = map[string]string{}
		for i, l := range personLabels(d.people) {
			p.names[d.people[i].ID] = l
		}
		p.titles = map[health.Key]eventWords{}
		p.match = nil
		p.search.SetText("")
		p.provider.Options = append([]string{lang.L("All sources")}, provs...)
		p.filter()
		p.frame.setEmpty(len(events) == 0)
	}
}

// beginReading shows "Reading…" with a moving bar while the events are read: the timeline was
// blank (or showed the person shown before) until they were.
func (p *timelinePage) beginReading() {
	p.events, p.shown, p.lines = nil, p.shown[:0], p.lines[:0]
	p.list.Refresh()
	p.frame.setEmpty(false)
	p.noMatch.Hide()
	p.status.SetText(lang.L("Reading…"))
	p.reading.Show()
	p.reading.Start()
}

// filter recomputes the lines shown from the kind, source, period and search.
func (p *timelinePage) filter() {
	kind := -1
	for i, k := range health.Kinds() {
		if p.kind.Selected == lang.L(k.String()) {
			kind = int(k)
			_ = i
		}
	}
	prov := p.provider.Selected
	if prov == lang.L("All sources") {
		prov = ""
	}
	from := ""
	for _, pr := range timelinePeriods {
		if p.period.Selected == lang.L(pr.label) && pr.d > 0 {
			from = storage.SortableTime(p.now.Add(-pr.d))
		}
	}
	shown := p.shown[:0]
	for i := range p.events {
		e := &p.events[i]
		if from != "" && e.Date < from {
			continue // (newest first by the person's day: a few around the edge may be out of order)
		}
		if (kind >= 0 && int(e.Kind) != kind) || (prov != "" && !p.any(e, func(o *health.Event) bool { return o.Origin == prov })) ||
			(p.match != nil && !p.any(e, func(o *health.Event) bool { return p.match[o.Key] })) {
			continue
		}
		shown = append(shown, int32(i))
	}
	p.shown = shown
	// A date heading above the first event of each day; events still to come (an
	// appointment next week) under "Upcoming", above "Past" (at the top of a newest-first
	// list they read as if they had happened). What is dated after a person's death is not
	// to come: it stays at its date, saying so (updateItem), with no "Upcoming" above it.
	// A dated death is a line at its time, above the records before it (newest first): the
	// records dated after it (Synthea's claims and orders months later) are above it.
	var dead []string
	for pr, d := range p.deaths {
		if d.Deceased && d.Date != "" && (p.s.profile == "" || pr == p.s.profile) {
			dead = append(dead, pr)
		}
	}
	sort.Slice(dead, func(i, j int) bool {
		a, b := p.deaths[dead[i]], p.deaths[dead[j]]
		return a.At.After(b.At) || a.At.Equal(b.At) && dead[i] < dead[j]
	})
	p.deathLines = p.deathLines[:0]
	lines := p.lines[:0]
	day := ""
	upcoming, past := false, false
	deathsAbove := func(at time.Time) {
		for len(p.deathLines) < len(dead) && (at.IsZero() || !p.deaths[dead[len(p.deathLines)]].DiedBefore(at, p.now)) {
			lines = append(lines, lineDeath+int32(len(p.deathLines)))
			p.deathLines = append(p.deathLines, dead[len(p.deathLines)])
			day = ""
		}
	}
	// still to come on the person's clock, as `carekeeper timeline` says it (journey.Upcoming;
	// a record of a day alone from the start of that day there, F371). What is dated after a
	// person's death is not: in Everyone's Timeline the dead father's visits booked for
	// January sat under Upcoming among his son's (F475), so the rows still to come are listed
	// first, then the others under Past, each part newest first.
	toCome := func(e *health.Event) bool { return journey.Upcoming(*e, p.deaths[e.Profile], p.now, p.loc(e.Profile)) }
	anyToCome := slices.ContainsFunc(shown, func(i int32) bool { return toCome(&p.events[i]) })
	for _, part := range []bool{true, false} {
		for _, i := range shown {
			e := &p.events[i]
			if toCome(e) != part {
				continue
			}
			if part && !upcoming {
				lines = append(lines, lineUpcoming)
				upcoming = true
				day = ""
			}
			if !part && anyToCome && !past {
				lines = append(lines, linePast)
				past = true
				day = ""
			}
			if _, ok := health.ParseTime(e.Date); ok {
				deathsAbove(e.Instant(p.loc(e.Profile))) // on the person's clock, as `timeline` (F465)
			}
			if d := p.events[i].Day(p.loc(e.Profile)); d != day {
				day = d
				lines = append(lines, -1-i)
			}
			lines = append(lines, i)
		}
	}
	if len(shown) > 0 {
		deathsAbove(time.Time{}) // after every record shown (none is dated after it)
	}
	p.lines = lines
	if len(shown) == 0 && len(p.events) > 0 {
		p.noMatch.Show()
	} else {
		p.noMatch.Hide()
	}
	p.setHeights()
	p.status.SetText(count(len(p.events), "{{.Shown}} of {{.Count}} events", map[string]any{"Shown": len(shown)}))
	p.list.UnselectAll()
	p.list.Refresh()
	p.list.ScrollToTop()
}

// any says whether f holds for e or one of the other records of its row (also).
func (p *timelinePage) any(e *health.Event, f func(*health.Event) bool) bool {
	if f(e) {
		return true
	}
	also := p.also[journey.RowKey(e)]
	for i := range also {
		if f(&also[i]) {
			return true
		}
	}
	return false
}

// setHeights gives the day headings the height of their one line and every other line that of
// an event (the list's template), in the current text size.
func (p *timelinePage) setHeights() {
	if p.heights == nil {
		p.heights = map[int]float32{}
	}
	head := widget.NewLabelWithStyle("7 Dec 2026", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	headH, rowH := head.MinSize().Height, newRowItem().MinSize().Height
	p.rowH = rowH
	p.measuredAt = nil
	p.gen++
	set := func(id int, h float32) {
		if old, ok := p.heights[id]; !ok || old != h {
			p.heights[id] = h
			p.list.SetItemHeight(id, h)
		}
	}
	for id, h := range p.heights {
		if h != rowH && (id >= len(p.lines) || p.lines[id] >= 0) {
			set(id, rowH)
		}
	}
	for id, l := range p.lines {
		if l < 0 {
			set(id, headH)
		}
	}
}

// eventWords are an event's one-line description and where its record came from in words.
type eventWords struct{ title, where string }

// words are an event's description and origin, read from the vault the first time.
func (p *timelinePage) words(e *health.Event) eventWords {
	if w, ok := p.titles[journey.RowKey(e)]; ok {
		return w
	}
	w := eventWords{title: health.TypeName(e.Key.Type), where: e.Origin}
	if p.s.isCurrent() {
		if r, err := p.s.v.Get(storage.ID{Source: e.Key.Source, Type: e.Key.Type, ID: e.Key.ID}); err == nil {
			w.title = health.DescribeAs(r.ID.Type, r.Resource, p.courses[e.Key])
			names, self := p.s.u.deviceNames()
			where := func(r *storage.Record) health.Where {
				wh := whereOf(r, p.portals)
				wh.Device = hhvault.EnteredOn(p.s.v, names, self, r.ID) // F426: not "entered by you" of another device's
				return wh
			}
			// where each record of the row came from: "from a health card by … and from …"
			ws := []health.Where{where(r)}
			for _, o := range p.also[journey.RowKey(e)] {
				if or, err := p.s.v.Get(storage.ID{Source: o.Key.Source, Type: o.Key.Type, ID: o.Key.ID}); err == nil {
					wh := where(or)
					// "(its dose in words only)", as `carekeeper timeline` says it (F512 item 3)
					wh.WordsOnly = journey.WordsOnly(or.ID.Type, or.Resource, p.loc(e.Profile))
					ws = append(ws, wh)
				}
			}
			w.where = health.OneThingWords(ws, p.loc(e.Profile))
		}
	}
	p.titles[journey.RowKey(e)] = w
	return w
}

func (p *timelinePage) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.lines) {
		return
	}
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	title, sub, icon := text.Objects[0].(*widget.Label), text.Objects[1].(*widget.Label), c.Objects[1].(*widget.Icon)
	if l := p.lines[i]; l < 0 {
		// A date heading: the day in larger text, with no icon and no second line (with the
		// calendar icon and an empty line under it, it read as a visit without a title).
		// "Upcoming" and "Past" head the events still to come and those that happened.
		title.SizeName = theme.SizeNameSubHeadingText
		switch l {
		case lineUpcoming:
			title.SetText(lang.L("Upcoming"))
		case linePast:
			title.SetText(lang.L("Past"))
		default:
			if k := int(l) - int(lineDeath); k >= 0 && k < len(p.deathLines) {
				// "21 Jan 1996 · Fletcher Hyatt died", on the person's clock (their day of death).
				pr := p.deathLines[k]
				title.SetText(p.deaths[pr].Heading(p.names[pr]))
				break
			}
			e := &p.events[-1-l]
			// One person's day on another clock than this computer's names it, as Today's
			// heading does ("5 Dec 2026, Auckland time"): a time alone is read on this
			// computer's (in everyone's Timeline each such line names it instead).
			z := p.zone(e.Profile)
			day := health.DayWords(e.Day(z.Loc))
			if p.s.profile != "" && z.Differs(p.now) {
				day += ", " + z.Name(p.now)
			}
			title.SetText(day)
		}
		sub.SetText("")
		sub.Hide()
		icon.Hide()
		c.Objects[2].(*widget.Label).SetText("")
		c.Refresh()
		return
	}
	if title.SizeName != "" || !icon.Visible() {
		// A recycled heading's row.
		title.SizeName = ""
		sub.Show()
		icon.Show()
		c.Refresh()
	}
	e := &p.events[p.lines[i]]
	words := p.words(e)
	// The title and what it is not yet, as `carekeeper timeline` says them (journey.RowWords,
	// F371): "Medicine starts: …" on a course's start day still to come, "planned" (under
	// Upcoming), "booked for after the death", a reading "dated later today, not taken yet".
	what, plan := journey.RowWords(*e, words.title, p.deaths[e.Profile], p.now, p.loc(e.Profile))
	if n := p.names[e.Profile]; p.s.profile == "" && n != "" {
		// Told apart from another of the same name, as the person choices say it (two Joseph
		// Brennans' lines read as one man's: F48), and cut.
		what = n + " · " + what
	}
	title.SetText(what)
	kind := lang.L(e.KindName()) // "Insurance claim" and "Insurer's statement", not two "Bill"s (F279)
	if plan != "" {
		kind += " · " + lang.L(plan)
	}
	sub.SetText(kind + " · " + words.where)
	icon.SetResource(kindIcon(e.Kind))
	z := p.zone(e.Profile)
	clock := e.Clock(z.Loc)
	if t, ok := health.ParseTime(e.Date); ok && clock != "" && p.s.profile == "" && z.Differs(t) {
		clock += " " + z.Name(t) // everyone's: "00:30 Auckland time" (one person's: the heading says it)
	}
	c.Objects[2].(*widget.Label).SetText(clock)
	// as tall as its words wrapped at the list's width, measured once for each width the list
	// has (a height set lays the list out again, which shows the row again)
	// (the list's own rows, which wrap; not a row made to read the words)
	if w := p.list.Size().Width; w > 0 && p.heights != nil && title.Wrapping == fyne.TextWrapWord && p.measuredAt[i] != w {
		if p.measuredAt == nil {
			p.measuredAt = map[int]float32{}
		}
		p.measuredAt[i] = w
		if h := p.rowHeight(title.Text, sub.Text, clock, w); h != p.heights[i] {
			p.heights[i] = h
			gen := p.gen
			p.s.u.post(func() {
				if gen == p.gen && p.heights[i] == h {
					p.list.SetItemHeight(i, h)
				}
			})
		}
	}
}

// rowHeight is the height an event's row needs for its title, its second line and its time
// of day, wrapped at the list's width w.
func (p *timelinePage) rowHeight(title, sub, right string, w float32) float32 {
	if p.measure == nil {
		p.measure = newWrapRowItem()
	}
	m := p.measure.(*fyne.Container)
	text := m.Objects[0].(*fyne.Container)
	text.Objects[0].(*widget.Label).SetText(title)
	text.Objects[1].(*widget.Label).SetText(sub)
	m.Objects[2].(*widget.Label).SetText(right)
	m.Resize(fyne.NewSize(w-2*theme.Padding(), p.rowH)) // from the same start for every row
	h := m.MinSize().Height
	for range 3 { // a wrapped label's height follows the width it was given (rowFit)
		m.Resize(fyne.NewSize(w-2*theme.Padding(), h)) // a little narrower than the list: never a line short
		nh := m.MinSize().Height
		if nh == h {
			break
		}
		h = nh
	}
	return max(h, p.rowH)
}

// loc is the clock of profile's events: theirs, else this computer's (F78).
func (p *timelinePage) loc(profile string) *time.Location { return p.zone(profile).Loc }

// zone is profile's clock (personZone), else this computer's.
func (p *timelinePage) zone(profile string) remind.Zone {
	return zoneIn(p.zones, profile, p.s.u.rem.device())
}

// byDay orders events newest first by the moment they happened: in everyone's Timeline a
// reading at 17:39 in Los Angeles (01:39 here, the next day) is above events at 00:27 and
// 01:28 here, not below them under its own day (F247). An event dated by its day (month,
// year) alone is taken at the start of that day on its person's clock, so it is below that
// day's timed events of its person. Each day heading is over a run of events of one day as
// its lines show it (each person's on their own clock, F78): with people on clocks apart, a
// day can head two runs. Events in that order already are left as they are.
func byDay(events []health.Event, loc func(*health.Event) *time.Location) {
	at := make([]time.Time, len(events))
	sorted := true
	for i := range events {
		at[i] = events[i].Instant(loc(&events[i]))
		if i > 0 && at[i].After(at[i-1]) {
			sorted = false
		}
	}
	if !sorted {
		sort.Stable(eventsByTime{events, at})
	}
}

type eventsByTime struct {
	events []health.Event
	at     []time.Time
}

func (s eventsByTime) Len() int           { return len(s.events) }
func (s eventsByTime) Less(i, j int) bool { return s.at[i].After(s.at[j]) }
func (s eventsByTime) Swap(i, j int) {
	s.events[i], s.events[j] = s.events[j], s.events[i]
	s.at[i], s.at[j] = s.at[j], s.at[i]
}

func kindIcon(k health.Kind) fyne.Resource {
	switch k {
	case health.KindVisit:
		return theme.CalendarIcon()
	case health.KindResult:
		return theme.GridIcon()
	case health.KindMedicine:
		return theme.ListIcon()
	case health.KindCondition:
		return theme.InfoIcon()
	case health.KindDocument:
		return theme.FileIcon()
	case health.KindBilling:
		return theme.DocumentIcon()
	case health.KindImmunization, health.KindProcedure:
		return theme.ConfirmIcon()
	case health.KindAllergy:
		return theme.WarningIcon() // not the "?" of a thing unsure, for a confirmed allergy (F403)
	}
	return theme.QuestionIcon()
}

// onSearch finds the events whose description contains the search words, in the
// background; an empty search shows everything again.
func (p *timelinePage) onSearch() {
	q := strings.ToLower(strings.TrimSpace(p.search.Text))
	p.searchGen++
	gen := p.searchGen
	if q == "" {
		p.match = nil
		p.filter()
		return
	}
	p.status.SetText(lang.L("Searching…"))
	profile, people, ctx, v := p.s.profile, p.s.people, p.s.u.ctx, p.s.v
	match := map[health.Key]bool{}
	var err error
	p.s.u.goVault(func() {
		profiles := []string{profile}
		if profile == "" {
			profiles = profiles[:0]
			for _, pr := range people {
				profiles = append(profiles, pr.ID)
			}
		}
		for _, prof := range profiles {
			err = v.Records(ctx, storage.Query{Profile: prof}, func(r *storage.Record) error {
				if !health.InTimeline(r.ID.Type) {
					return nil
				}
				if strings.Contains(strings.ToLower(health.SearchWords(r.ID.Type, r.Resource)), q) { // a vaccine's record words too (F470)
					match[health.Key{Source: r.ID.Source, Type: r.ID.Type, ID: r.ID.ID}] = true
				}
				return nil
			})
			if err != nil {
				return
			}
		}
	}, func() {
		if gen != p.searchGen || !p.s.isCurrent() {
			return
		}
		if err != nil {
			p.s.m.showError(lang.L("Could not search the timeline"), err)
			return
		}
		p.match = match
		p.filter()
	})
}
