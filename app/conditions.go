package app

import (
	"cmp"
	"fmt"
	"sort"
	"strings"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Conditions.

// conditionsPage lists current and past conditions; one with a guide opens it (what it is,
// the symptom check-in, the check-ins charted beside the related results, what helps, when
// to get help, questions for the doctor).
type conditionsPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	rows  []row
	stack *fyne.Container // the list, or the guide open
	guide *guideView      // the guide open, if any
	// questions opens the questions for a next visit: none for a person who died.
	questions *widget.Button
	// openGuide opens the guide for a condition of a person. Nil: the record opens instead.
	openGuide func(c health.Condition, profile string, g *guides.Guide)
}

func newConditionsPage(s *shell) *conditionsPage {
	p := &conditionsPage{s: s, list: newRowList()}
	p.openGuide = p.showGuide
	empty := newEmptyState(theme.InfoIcon(), lang.L("No conditions in the records"),
		lang.L("Diagnoses from the records are listed here. Import records from a portal or a file."),
		lang.L("Import records"), s.goFiles)
	p.questions = widget.NewButtonWithIcon(lang.L("Questions for the doctor"), theme.QuestionIcon(), func() { p.s.openQuestions(p.s.profile) })
	summary := widget.NewButtonWithIcon(lang.L("Prepare a visit summary…"), theme.DocumentPrintIcon(), s.openVisitSummary)
	// Rows wrap: at 200 % text a second source was cut, "from fhir.praxis-mueller.example.de
	// a…" (F489 item 3), as Timeline rows were (F472).
	p.frame = newPageFrame(lang.L("Conditions"), newFlow(p.questions, summary), p.list.wrapRows(), empty)
	p.stack = container.NewStack(p.frame.content)
	return p
}

func (p *conditionsPage) view() fyne.CanvasObject { return p.stack }

func (p *conditionsPage) compute(d *pageData) func() {
	// Each condition's days on its person's clock, as the visit summary says them (F139), and
	// each person's day of death on it too (F140).
	dev := p.s.u.rem.device()
	zones := zonesOf(d, dev)
	var current, past []health.Condition
	// Allergies, current ones and those of high risk first, in a section of their own above
	// the conditions: a child's peanut allergy with anaphylaxis was on no screen but a Timeline
	// row (F403).
	var allergies []health.Allergy
	if one := d.onePerson(); one != "" {
		current, past = health.ConditionsIn(d.set, zoneIn(zones, one, dev).Loc)
		allergies = health.AllergiesIn(d.set, zoneIn(zones, one, dev).Loc)
	} else {
		for _, pr := range d.people {
			c, ps := health.ConditionsIn(personSet(d, pr.ID), zoneIn(zones, pr.ID, dev).Loc)
			current, past = append(current, c...), append(past, ps...)
			allergies = append(allergies, health.AllergiesIn(personSet(d, pr.ID), zoneIn(zones, pr.ID, dev).Loc)...)
		}
		// (newest first across people, as health.Conditions orders them)
		sort.SliceStable(current, func(i, j int) bool { return current[i].Onset > current[j].Onset })
		sort.SliceStable(past, func(i, j int) bool {
			return cmp.Or(past[i].Abated, past[i].Onset) > cmp.Or(past[j].Abated, past[j].Onset)
		})
	}
	// A person who died had their current conditions until their death: none is "current",
	// and none opens a guide (its check-ins and questions for a next visit are for the living).
	deaths := map[string]health.Death{}
	deathOf := func(profile string) health.Death {
		dd, ok := deaths[profile]
		if !ok {
			dd = health.DeathOf(personSet(d, profile), d.now.In(zoneIn(zones, profile, dev).Loc))
			deaths[profile] = dd
		}
		return dd
	}
	var rows []row
	if len(allergies) > 0 {
		rows = append(rows, row{Title: lang.L("Allergies"), Sub: health.AllergyCounts(allergies), Icon: theme.WarningIcon()})
		for _, a := range allergies {
			key := a.Key
			icon := theme.InfoIcon()
			if a.Past {
				icon = theme.HistoryIcon()
			}
			sub := a.Status(deathOf(a.Profile))
			if a.Origin != "" {
				sub += " · " + lang.L("from") + " " + a.Origin
			}
			rows = append(rows, row{Title: whose(d, a.Profile, a.Line()), Sub: sub, Icon: icon, Warn: a.High && !a.Past && !deathOf(a.Profile).Deceased,
				OnTap: func() { p.s.showRecord(key) }})
		}
		if len(current)+len(past) > 0 {
			rows = append(rows, row{Title: lang.L("Conditions"), Sub: health.ConditionCounts(current, past, deathOf), Icon: theme.ErrorIcon()})
		}
	}
	for _, group := range []struct {
		list []health.Condition
		cur  bool
	}{{current, true}, {past, false}} {
		for _, c := range group.list {
			c := c
			profile := profileOf(d.set, c.Key)
			death := deathOf(profile)
			var g *guides.Guide
			if r := d.set.Get(c.Key); r != nil && !death.Deceased {
				g = guides.ForCondition(r.JSON)
			}
			// "Current · since 3 May 2020", "Until death · …", "Past · …" (health.Condition.Line,
			// as the visit summary says it).
			sub := c.Line(death)
			icon := theme.ErrorIcon()
			if !group.cur {
				// a past condition is history, as a stopped medicine is: not the ✓ of a thing
				// done well (F287: '✓ Blighted ovum · Past')
				icon = theme.HistoryIcon()
			}
			sub += " · " + lang.L("from") + " " + strings.Join(c.Sources, " "+lang.L("and")+" ")
			right := ""
			if g != nil {
				right = lang.L("Guide")
				icon = theme.HelpIcon()
			}
			rows = append(rows, row{Title: whose(d, profile, c.Name), Sub: sub, Right: right, Icon: icon, OnTap: func() {
				if g != nil && p.openGuide != nil {
					p.openGuide(c, profile, g)
					return
				}
				p.s.showRecord(c.Key)
			}})
		}
	}
	return func() {
		p.rows = rows
		// "2 current, 1 past. …", "2 until death, 1 past. Died 27 Apr 2019."; nothing above the
		// empty state (it said "0 current, 0 past." above "No conditions in the records").
		text := health.ConditionCounts(current, past, deathOf)
		if a := health.AllergyCounts(allergies); a != "" {
			text = strings.TrimPrefix(strings.Join([]string{text, a}, "; "), "; ")
		}
		p.questions.Show()
		switch {
		case d.onePerson() != "" && deathOf(d.onePerson()).Deceased:
			if text != "" {
				text += ". " + deathOf(d.onePerson()).Words() + "."
			}
			p.questions.Hide() // no next visit to prepare questions for
		case text == "":
		default:
			text += ". " + lang.L("Conditions with a guide open it: what helps, a symptom check-in and questions for the next visit.")
		}
		p.frame.sub.SetText(text)
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
		if p.guide != nil {
			p.closeGuide() // the person or the records changed
		}
	}
}

// guideView is one condition's guide for one person.
type guideView struct {
	p        *conditionsPage
	profile  string
	cond     health.Condition
	guide    *guides.Guide
	content  fyne.CanvasObject
	checkIn  *checkInForm
	charts   *fyne.Container
	stars    []*widget.Check
	chart    *journey.Chart // the last chart data loaded
	zone     remind.Zone    // the person's clock
	backBt   *widget.Button
	quietSet bool // stars are being set from the stored list (no saving)
}

// showGuide opens a guide in place of the list.
func (p *conditionsPage) showGuide(c health.Condition, profile string, g *guides.Guide) {
	s := p.s
	gv := &guideView{p: p, profile: profile, cond: c, guide: g, charts: container.NewVBox()}
	gv.backBt = widget.NewButtonWithIcon(lang.L("Back to conditions"), theme.NavigateBackIcon(), p.closeGuide)
	gv.checkIn = newCheckInForm(s, profile, g)
	gv.checkIn.onSaved = func(journey.CheckIn) { gv.load() }
	list := func(items []string) fyne.CanvasObject {
		if len(items) == 0 {
			return lowText("—")
		}
		return lowText("• " + strings.Join(items, "\n• "))
	}
	var signs []string
	for _, sym := range g.Symptoms {
		signs = append(signs, sym.Text)
	}
	qs := container.NewVBox()
	for _, q := range g.Questions {
		q := q
		var c *widget.Check
		c = widget.NewCheck("", func(on bool) { gv.star(q, on, c) })
		gv.stars = append(gv.stars, c)
		// The question wraps beside its box (tapping it ticks the box): as a check box's own
		// text it did not, and at 200 % text a long question made the whole guide wider than a
		// 1024-wide window, every paragraph cut at the right edge (F91, vapp26).
		text := newTapLabel(q, func() { c.SetChecked(!c.Checked) })
		text.Wrapping = fyne.TextWrapWord
		qs.Add(container.NewBorder(nil, nil, c, nil, text))
	}
	urgent := list(g.Urgent)
	urgent.(*widget.Label).Importance = widget.WarningImportance
	// Of another's guide a carer is not "you" (F505).
	howAre := lang.L("A minute to note how you are. The check-ins are charted below and can go into the visit summary.")
	knows := lang.L("This guide is general information written in plain words, not medical advice. Your care team knows your situation.")
	if n := s.theirName(profile); n != "" {
		howAre = fmt.Sprintf(lang.L("A minute to note how %s is. The check-ins are charted below and can go into the visit summary."), n)
		knows = fmt.Sprintf(lang.L("This guide is general information written in plain words, not medical advice. %s's care team knows their situation."), n)
	}
	recordBt := widget.NewButtonWithIcon(lang.L("Show the record"), theme.DocumentIcon(), func() { s.showRecord(c.Key) })
	recordBt.Importance = widget.LowImportance
	body := container.NewVBox(
		lowText(fmt.Sprintf(lang.L("About %s, from the records: %s."), strings.ToLower(g.Title), c.Name)),
		section(lang.L("What it is")), lowText(g.WhatItIs),
		section(lang.L("Common signs and symptoms")), list(signs),
		// The card's subtitle does not wrap: it is a line of the card's content instead (F91).
		widget.NewCard(lang.L("Check in"), "", container.NewVBox(
			lowText(howAre), gv.checkIn.content)),
		section(lang.L("Check-ins and related results")), gv.charts,
		section(lang.L("What helps day to day")), list(g.DayToDay),
		section(lang.L("When to get help urgently")), urgent,
		section(lang.L("Questions to ask at the next visit")),
		lowText(lang.L("Star the ones to ask: they go onto the \"Questions for the doctor\" list.")), qs,
		section(lang.L("Sources")), list(g.Sources),
		lowText(knows),
	)
	// The title wraps between the two buttons: one line, 'High blood pressure (hypertension)'
	// at 200 % text made the guide wider than a 922-wide window, every paragraph cut (F137).
	title := heading2(g.Title)
	title.Wrapping = fyne.TextWrapWord
	head := container.NewBorder(nil, nil, gv.backBt, recordBt, title)
	gv.content = container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(body))
	p.guide = gv
	p.stack.Objects = []fyne.CanvasObject{gv.content}
	p.stack.Refresh()
	gv.load()
}

// closeGuide goes back to the list.
func (p *conditionsPage) closeGuide() {
	p.guide = nil
	p.stack.Objects = []fyne.CanvasObject{p.frame.content}
	p.stack.Refresh()
}

// load reads the person's check-ins, related results and starred questions.
func (gv *guideView) load() {
	s := gv.p.s
	ctx, v, now, dev := s.u.ctx, s.v, s.u.auto.clock.Now(), s.u.rem.device()
	carer := carerMayLook(s.people, s.u.hh.live.Load() != nil) // the guide's words name the person (F505)
	var (
		chart journey.Chart
		qs    journey.Questions
		zone  remind.Zone
		err   error
	)
	s.u.goVault(func() {
		zone = personZone(v, gv.profile, dev, now) // the last check-in's day on the person's clock
		var d *journey.Data
		d, err = journey.Load(ctx, v, gv.profile, now, journey.LoadOptions{NameThePerson: carer})
		if err != nil {
			return
		}
		chart = d.ChartFor(gv.guide.Slug)
		qs = d.Questions
	}, func() {
		if !s.isCurrent() || gv.p.guide != gv {
			return
		}
		gv.charts.RemoveAll()
		gv.zone = zone
		if err != nil {
			gv.charts.Add(lowText(lang.L("Could not read the check-ins") + ": " + errorText(err)))
			return
		}
		gv.chart = &chart
		gv.showCharts(chart)
		starred := map[string]bool{}
		for _, st := range qs.Starred {
			if st.Slug == gv.guide.Slug {
				starred[st.Text] = true
			}
		}
		gv.quietSet = true
		for i, q := range gv.guide.Questions {
			gv.stars[i].SetChecked(starred[q])
		}
		gv.quietSet = false
	})
}

// showCharts draws the check-in severities and up to two related result series.
func (gv *guideView) showCharts(ch journey.Chart) {
	s := gv.p.s
	if len(ch.Severity) == 0 {
		gv.charts.Add(lowText(lang.L("No check-ins yet. The first one starts the chart.")))
	} else {
		name := lang.L("How much it bothered you (0–10)")
		if n := s.theirName(gv.profile); n != "" {
			name = fmt.Sprintf(lang.L("How much it bothered %s (0–10)"), n)
		}
		se := &health.Series{Name: name, Code: "carekeeper|check-in"}
		for _, pt := range ch.Severity {
			se.Append(health.Point{T: pt.At, V: float64(pt.Severity)})
		}
		last := ch.Severity[len(ch.Severity)-1]
		gv.charts.Add(lowText(count(len(ch.Severity), "{{.Count}} check-ins; the last on {{.Date}}: {{.Severity}}.", map[string]any{"Date": gv.zone.Date(last.At), "Severity": severityWords(last.Severity)})))
		c := newChartView(s.u.chartStyle, nil)
		c.set(health.BuildChart(se, health.PeriodAll, s.u.auto.clock.Now()), "")
		gv.charts.Add(c)
	}
	for i, rs := range ch.Related {
		if i == 2 {
			break
		}
		if rs.Len() == 0 {
			continue
		}
		// "HbA1c · 7.2% · 6 Dec 2026", as Results says it: the unit in people's form (it
		// was the record's, "mm[Hg]", "[lb_av]"), the day on the person's clock
		l, _ := health.LatestAsOfIn(rs, s.u.auto.clock.Now(), gv.zone.Loc) // never one dated after today (F175)
		gv.charts.Add(lowText(fmt.Sprintf("%s · %s · %s", rs.ShortName(), rs.ReadingWords(l), l.DateIn(gv.zone.Loc))))
		c := newChartView(s.u.chartStyle, nil)
		c.set(health.BuildChart(rs, health.PeriodAll, s.u.auto.clock.Now()), ringWords(rs))
		gv.charts.Add(c)
	}
	gv.charts.Refresh()
}

// star adds a guide question to (or takes it off) the person's questions.
func (gv *guideView) star(q string, on bool, c *widget.Check) {
	if gv.quietSet {
		return
	}
	s := gv.p.s
	ctx, v := s.u.ctx, s.v
	var err error
	s.u.goVault(func() { err = journey.StarQuestion(ctx, v, gv.profile, gv.guide.Slug, q, on) }, func() {
		if err != nil && s.isCurrent() {
			gv.quietSet = true
			c.SetChecked(!on)
			gv.quietSet = false
			showError(s.u.win, lang.L("Could not save the question"), err)
		}
	})
}

// Questions for the doctor.

// questionsDialog lists a person's questions: their own (add, remove) and starred guide questions.
type questionsDialog struct {
	s       *shell
	profile string
	box     *fyne.Container
	entry   *widget.Entry
	addBt   *widget.Button
	items   []string
	dialog  dialog.Dialog
	// person chooses whose questions in the household view (nil for one person's).
	person *widget.Select
}

// openQuestions shows the "questions for the doctor" of a person. In the household view
// (profile "") it asks whose, among the living, starting with the first (F248: it opened the
// first person's list with no way to choose, and a question meant for Ned went into
// Courtney's visit summary).
func (s *shell) openQuestions(profile string) {
	var choose []storage.Profile
	if profile == "" {
		for _, p := range s.people {
			if !s.deaths[p.ID].Deceased {
				choose = append(choose, p)
			}
		}
		if len(choose) == 0 {
			choose = s.people
		}
		if len(choose) > 0 {
			profile = choose[0].ID
		}
	}
	if profile == "" {
		return
	}
	q := &questionsDialog{s: s, profile: profile, box: container.NewVBox(), entry: widget.NewEntry()}
	q.entry.SetPlaceHolder(lang.L("Write a question to ask at the next visit"))
	q.addBt = widget.NewButtonWithIcon(lang.L("Add"), theme.ContentAddIcon(), q.add)
	q.entry.OnSubmitted = func(string) { q.add() }
	title := lang.L("Questions for the doctor")
	top := container.NewVBox()
	if len(choose) > 1 {
		q.person = widget.NewSelect(personLabels(choose), nil)
		q.person.SetSelectedIndex(0)
		q.person.OnChanged = func(string) {
			if i := q.person.SelectedIndex(); i >= 0 && choose[i].ID != q.profile {
				q.profile = choose[i].ID
				q.load()
			}
		}
		top.Add(widget.NewForm(widget.NewFormItem(lang.L("Person"), boxed(q.person, nil))))
	} else {
		for _, p := range s.people {
			if p.ID == profile {
				title = fmt.Sprintf(lang.L("Questions for the doctor · %s"), headingName(p.Name))
			}
		}
	}
	top.Add(lowText(lang.L("These go into the visit summary. Star questions in a condition's guide to add them here.")))
	top.Add(container.NewBorder(nil, nil, nil, q.addBt, q.entry))
	content := container.NewBorder(top, nil, nil, nil, container.NewVScroll(q.box))
	q.dialog = dialog.NewCustom(title, lang.L("Close"), content, s.u.win)
	fitDialog(q.dialog, s.u.win, 640, 520)
	s.questions = q
	q.dialog.Show()
	q.load()
}

func (q *questionsDialog) load() {
	s := q.s
	var (
		qs  journey.Questions
		err error
	)
	s.u.goVault(func() { qs, err = journey.LoadQuestions(s.v, q.profile) }, func() {
		if !s.isCurrent() {
			return
		}
		q.box.RemoveAll()
		q.items = nil
		if err != nil {
			q.box.Add(lowText(errorText(err)))
			return
		}
		for i, own := range qs.Own {
			i := i
			q.items = append(q.items, own.Text)
			rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { q.remove(i) })
			rm.Importance = widget.LowImportance
			q.box.Add(newTextRow(nil, rm, lowText(own.Text)))
		}
		for _, st := range qs.Starred {
			st := st
			title := st.Slug
			if g := guides.BySlug(st.Slug); g != nil {
				title = g.Title
			}
			q.items = append(q.items, st.Text)
			un := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { q.unstar(st) })
			un.Importance = widget.LowImportance
			q.box.Add(newTextRow(widget.NewIcon(theme.ConfirmIcon()), un, lowText(st.Text+" ("+title+")")))
		}
		if len(q.items) == 0 {
			q.box.Add(lowText(lang.L("No questions yet.")))
		}
		q.box.Refresh()
	})
}

func (q *questionsDialog) add() {
	s := q.s
	text := strings.TrimSpace(q.entry.Text)
	if text == "" {
		return
	}
	ctx, v, now := s.u.ctx, s.v, s.u.auto.clock.Now()
	var err error
	s.u.goVault(func() { err = journey.AddQuestion(ctx, v, q.profile, text, now) }, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not add the question"), err)
			return
		}
		q.entry.SetText("")
		q.load()
	})
}

func (q *questionsDialog) remove(i int) {
	s := q.s
	ctx, v := s.u.ctx, s.v
	var err error
	s.u.goVault(func() { err = journey.RemoveQuestion(ctx, v, q.profile, i) }, func() {
		if s.isCurrent() && err == nil {
			q.load()
		}
	})
}

func (q *questionsDialog) unstar(st journey.Starred) {
	s := q.s
	ctx, v := s.u.ctx, s.v
	var err error
	s.u.goVault(func() { err = journey.StarQuestion(ctx, v, q.profile, st.Slug, st.Text, false) }, func() {
		if s.isCurrent() && err == nil {
			q.load()
		}
	})
}
