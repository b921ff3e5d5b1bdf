package app

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// resultsPage lists the result series (in the household view, under each person's name:
// never one series of two people); the chosen one is shown with its latest value, the
// change since the reading before, and a chart over the chosen period. Wide windows show
// the list beside the chart; narrow ones (or large text) show one at a time.
type resultsPage struct {
	s           *shell
	frame       *pageFrame
	list        *rowList
	series      []*health.Series // in list order (the household's people one after another)
	owner       []string         // the person of each series, in the household view
	chosen      *health.Series
	chosenOwner string
	shown       health.Chart // the chart data shown
	detail      bool         // narrow layout: the chosen series is shown instead of the list
	back        *widget.Button
	name        *widget.Label
	value       *widget.Label // the latest value, large
	latest      *widget.Label // its date, flag and change
	period      *widget.Select
	tools       *fyne.Container
	chart       *chartView
	single      *widget.Label // shown instead of the chart for a single reading
	point       *widget.Label // the point under the pointer
	// readingsBt shows or hides readings, every reading of the period in words, newest first:
	// the chart's values for a person who does not point (the keyboard, a screen reader; F270).
	readingsBt *widget.Button
	readings   *readingLines
	// own lists, with the readings, those the person entered, each with Delete: a 47 kg typed
	// for 47 lb could not be taken back (F400). ownIDs are their records, newest first.
	own    *fyne.Container
	ownIDs []storage.ID
	// deleting is the last "Delete this reading?" asked.
	deleting *dialog.ConfirmDialog
	rangeL   *widget.Label
	saveBt   *widget.Button
	addBt    *widget.Button // add a home measurement
	measure  *measureDialog // the last one opened
	pane     *fyne.Container
	now      time.Time
	// zones are the people's clocks (personZone): every date is on its person's (F78).
	zones map[string]remind.Zone
	// deaths are the people's deaths: a reading dated after one says so (F333).
	deaths map[string]health.Death
	// guides are the guides of each person's current conditions: a weight gain one names (heart
	// failure: 2 kg in 3 days) is said under a weight chart's latest reading (F461 item 4).
	guides map[string][]*guides.Guide
}

func newResultsPage(s *shell) *resultsPage {
	p := &resultsPage{s: s, list: newRowList(), name: heading2(""), value: heading(""), latest: lowText(""),
		point: lowText(" "), rangeL: lowText(""), single: lowText("")}
	p.readings = newReadingLines(p.scrollToShow)
	p.readings.Hide()
	p.own = container.NewVBox()
	p.own.Hide()
	p.readingsBt = widget.NewButtonWithIcon(lang.L("Show the readings"), theme.ListIcon(), p.toggleReadings)
	p.name.Wrapping = fyne.TextWrapWord
	p.value.Alignment = fyne.TextAlignLeading
	p.value.Wrapping = fyne.TextWrapWord
	p.chart = newChartView(s.u.chartStyle, p.onPoint)
	var labels []string
	for _, pr := range health.Periods() {
		labels = append(labels, lang.L(pr.Label()))
	}
	p.period = widget.NewSelect(labels, func(string) { p.redraw() })
	p.period.SetSelected(lang.L(health.PeriodAll.Label()))
	p.saveBt = widget.NewButtonWithIcon(lang.L("Save as PNG…"), theme.DocumentSaveIcon(), p.onSave)
	p.back = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
		p.detail = false
		p.pane.Refresh()
	})
	p.back.Importance = widget.LowImportance
	// The tools wrap onto more lines when narrow, rather than scroll sideways: a sideways
	// scroll took the mouse wheel whenever the page brought it under the pointer, and at 200 %
	// text on a 1024×600 screen the page stopped there, Show the readings' list out of reach
	// (F431).
	p.tools = newFlow(widget.NewLabel(lang.L("Show")), boxed(p.period, nil), p.saveBt, p.readingsBt)
	head := container.NewVBox(container.NewBorder(nil, nil, container.NewCenter(p.back), nil, p.name), p.value, p.latest)
	foot := container.NewVBox(p.point, p.tools, p.rangeL, p.readings.box, p.own)
	detail := container.NewVScroll(container.NewBorder(head, foot, nil, nil, container.NewStack(p.chart, p.single)))
	p.pane = container.New(&masterDetail{p: p}, p.list.list, detail)
	empty := newEmptyState(theme.GridIcon(), lang.L("No results yet"),
		lang.L("Measurements such as blood pressure, weight and lab tests from the records are charted here. Import records from a portal or a file, or add a measurement you took at home with “Add measurement…” above."),
		lang.L("Import records"), s.goFiles)
	p.addBt = widget.NewButtonWithIcon(lang.L("Add measurement…"), theme.ContentAddIcon(), func() { p.measure = s.openMeasure() })
	p.frame = newPageFrame(lang.L("Results"), container.NewVBox(p.addBt), p.pane, empty)
	return p
}

func (p *resultsPage) view() fyne.CanvasObject { return p.frame.content }

// masterDetail puts the list beside the chosen series when there is room for both at the
// chosen text size, else shows one of them.
type masterDetail struct{ p *resultsPage }

// splitWidth is the width (in text sizes) from which the list and the chart fit side by side.
const splitWidth = 62

func (l *masterDetail) wide(size fyne.Size) bool { return size.Width >= splitWidth*theme.TextSize() }

func (l *masterDetail) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), max(a.Height, b.Height))
}

// showSub shows or hides the page's subtitle and, when that changes, lays the page out again:
// the header above this pane is placed already, and kept the subtitle's room empty.
func (l *masterDetail) showSub(on bool) {
	sub := l.p.frame.sub
	if sub.Visible() == on {
		return
	}
	if on {
		sub.Show()
	} else {
		sub.Hide()
	}
	if c, ok := l.p.frame.content.(*fyne.Container); ok {
		c.Refresh()
	}
}

func (l *masterDetail) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	list, detail := objs[0], objs[1]
	// The chart is no taller than the room it has: in a short window (200 % text on a 1024×600
	// screen) the page's whole height once the header folds away, with the line under it that
	// tells the point tapped; its values and its years are seen together (F119).
	room := size.Height
	if f := l.p.frame; f != nil && f.folds() {
		room = f.box.Size().Height
	}
	if l.p.chart.setFit(room - l.p.point.MinSize().Height - theme.Padding()) {
		defer detail.Refresh()
	}
	if l.wide(size) {
		l.p.back.Hide()
		l.showSub(true)
		list.Show()
		detail.Show()
		lw := float32(math.Round(float64(size.Width) * 0.34))
		list.Move(fyne.NewPos(0, 0))
		list.Resize(fyne.NewSize(lw, size.Height))
		detail.Move(fyne.NewPos(lw+theme.Padding(), 0))
		detail.Resize(fyne.NewSize(size.Width-lw-theme.Padding(), size.Height))
		return
	}
	l.p.back.Show()
	show, hide := list, detail
	if l.p.detail && l.p.chosen != nil {
		show, hide = detail, list
		l.showSub(false) // the room goes to the chart
	} else {
		l.showSub(true)
	}
	hide.Hide()
	show.Show()
	show.Move(fyne.NewPos(0, 0))
	show.Resize(size)
}

// scrollToShow scrolls the chosen series just enough for o (a reading the arrow keys moved to)
// to be in sight, as Tab does.
func (p *resultsPage) scrollToShow(o fyne.CanvasObject) {
	detail, ok := p.pane.Objects[1].(*container.Scroll)
	if !ok || !detail.Visible() {
		return
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(detail.Content).Y
	off, view := detail.Offset.Y, detail.Size().Height
	switch {
	case y < off:
		off = y
	case y+o.Size().Height > off+view:
		off = y + o.Size().Height - view
	default:
		return
	}
	detail.ScrollToOffset(fyne.NewPos(0, off))
	if f := detail.OnScrolled; f != nil {
		f(detail.Offset)
	}
}

// scrollToTop shows a series chosen from the list from its top: it opened as far down as the
// one before was scrolled (40 units at FYNE_SCALE=2 in a 461×270 window, its header folded),
// and a wheel's turn by the chart's distance then left the chart's top 40 units above the
// view (F569).
func (p *resultsPage) scrollToTop() {
	detail, ok := p.pane.Objects[1].(*container.Scroll)
	if !ok || detail.Offset.Y == 0 {
		return
	}
	detail.ScrollToOffset(fyne.Position{})
	if f := detail.OnScrolled; f != nil {
		f(detail.Offset) // the header comes back (pageFrame.scrolled)
	}
}

// scrollToChart scrolls the chosen series to its chart in a short window, as a person does to
// see it whole (the header folds away): the screenshot plan's chart at 1024×600.
func (p *resultsPage) scrollToChart() {
	detail, ok := p.pane.Objects[1].(*container.Scroll)
	if !ok || !detail.Visible() || !p.frame.folds() {
		return
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(p.chart).Y - d.AbsolutePositionForObject(detail.Content).Y
	detail.ScrollToOffset(fyne.NewPos(0, y))
	if f := detail.OnScrolled; f != nil {
		f(detail.Offset)
	}
}

// personSeries is one person's result series, and the results written only as text (listed
// as written, never charted).
type personSeries struct {
	profile string
	series  []*health.Series
	text    []health.TextResult
}

// resultsByPerson groups the series by person, in the order of the people (the domain
// never merges people: the same code of two people is two series).
func resultsByPerson(d *pageData) []personSeries {
	all := health.Results(d.set)
	text := health.TextResults(d.set)
	if d.profile != "" {
		return []personSeries{{d.profile, all, text}}
	}
	byPerson := map[string][]*health.Series{}
	for _, se := range all {
		byPerson[se.Profile] = append(byPerson[se.Profile], se)
	}
	textOf := map[string][]health.TextResult{}
	for _, tr := range text {
		textOf[tr.Profile] = append(textOf[tr.Profile], tr)
	}
	var out []personSeries
	for _, pr := range d.people {
		if ss, ts := byPerson[pr.ID], textOf[pr.ID]; len(ss) > 0 || len(ts) > 0 {
			out = append(out, personSeries{pr.ID, ss, ts})
		}
	}
	return out
}

func (p *resultsPage) compute(d *pageData) func() {
	groups := resultsByPerson(d)
	died := d.shownDeath().Deceased // the one person shown died
	zones := zonesOf(d, p.s.u.rem.device())
	deaths := map[string]health.Death{}
	for _, g := range groups {
		if dd := health.DeathOf(personSet(d, g.profile), d.now.In(zoneIn(zones, g.profile, p.s.u.rem.device()).Loc)); dd.Deceased {
			deaths[g.profile] = dd
		}
	}
	gs := map[string][]*guides.Guide{}
	for _, g := range groups {
		if _, died := deaths[g.profile]; !died {
			gs[g.profile] = journey.GuidesOf(personSet(d, g.profile))
		}
	}
	return func() {
		// the series open, and how far down it was scrolled, stay when it is still there: a
		// carer reading a chart lost her place each time any device of the household answered
		// a dose (F568)
		was, wasOpen, off := p.chosen, p.detail, fyne.Position{}
		detail, _ := p.pane.Objects[1].(*container.Scroll)
		if detail != nil {
			off = detail.Offset
		}
		p.now, p.zones, p.deaths, p.guides = d.now, zones, deaths, gs
		p.series, p.owner = nil, nil
		var rows []row
		kinds, texts := 0, 0
		for _, g := range groups {
			if d.profile == "" && (len(g.series) > 0 || len(g.text) > 0) {
				sub := count(len(g.series), "{{.Count}} kinds of measurement")
				if len(g.series) == 0 {
					sub = textCount(g.text)
				}
				rows = append(rows, row{Title: d.personName(g.profile), Icon: theme.AccountIcon(), Sub: sub})
			}
			for _, se := range g.series {
				i := len(p.series)
				p.series = append(p.series, se)
				p.owner = append(p.owner, g.profile)
				kinds++
				rows = append(rows, p.rowOf(se, i))
			}
			for _, tr := range g.text {
				rows = append(rows, p.textRow(tr))
			}
			texts += len(g.text)
		}
		p.list.set(rows)
		if d.profile == "" && len(d.people) > 1 {
			// Everyone: each person's count is on their own line below; one count over
			// everyone counted body weight once per person (DESIGN 5a).
			p.frame.sub.SetText(lang.L("Choose a measurement to see it over time."))
		} else if texts > 0 && len(groups) == 1 && kinds == 0 {
			p.frame.sub.SetText(textCount(groups[0].text) + ".")
		} else if texts > 0 && len(groups) == 1 {
			// what the list holds besides the measurements is counted too ("5 kinds of
			// measurement and 1 test cancelled, with no result", F214)
			p.frame.sub.SetText(count(kinds, "{{.Count}} kinds of measurement") + " " + lang.L("and") + " " + textCount(groups[0].text) + ". " + lang.L("Choose a measurement to see it over time."))
		} else {
			p.frame.sub.SetText(count(kinds, "{{.Count}} kinds of measurement. Choose one to see it over time."))
		}
		if died {
			p.addBt.Hide() // no home measurements for a person who died
		} else {
			p.addBt.Show()
		}
		p.frame.setEmpty(kinds == 0 && texts == 0)
		p.detail = false
		if kinds > 0 {
			at := slices.IndexFunc(p.series, func(se *health.Series) bool { return sameSeries(se, was) })
			p.choose(max(at, 0))
			p.detail = at >= 0 && wasOpen
		}
		p.pane.Refresh()
		if p.detail && detail != nil {
			detail.ScrollToOffset(off)
		}
	}
}

// sameSeries reports whether a and b are one person's readings of one measurement (a computed
// again from newer records than b).
func sameSeries(a, b *health.Series) bool {
	return a != nil && b != nil && a.Profile == b.Profile && a.Code == b.Code && a.Unit == b.Unit && a.Specimen == b.Specimen && a.Pair == b.Pair
}

// rowOf is the list line of a series: its short name, latest value with its flag, and date.
func (p *resultsPage) rowOf(se *health.Series, i int) row {
	l, ahead := p.latestOf(se)
	val := latestWords(se, l)
	if w := flagText(se, l.Flag, l.Flag2); w != "" {
		val += " · " + w
	}
	sub := val + " · " + l.DateIn(p.loc(se.Profile))
	if n := se.Len(); n > 1 {
		sub += " · " + count(n, "{{.Count}} readings", nil)
	}
	if ahead != "" {
		sub += " · " + ahead
	}
	title := se.ShortName() // blood pressure stays "Blood pressure"; a series apart by unit says it
	return row{Title: title, Sub: sub, Icon: theme.GridIcon(),
		Warn: l.Flag != health.FlagNone || l.Flag2 != health.FlagNone, OnTap: func() {
			p.choose(i)
			p.detail = true
			p.pane.Refresh()
			p.scrollToTop()
		}}
}

// textCount is how a person's results that are not charted are counted: written as text,
// given as (coded) answers, or both (health.TextResult.Kind says which each is), and tests
// cancelled with no result apart (F214: one was counted nowhere).
func textCount(trs []health.TextResult) string {
	answers, cancelled := 0, 0
	for _, tr := range trs {
		switch {
		case tr.Cancelled:
			cancelled++
		case tr.Answer:
			answers++
		}
	}
	var parts []string
	switch n := len(trs) - cancelled; {
	case n == 0:
	case answers == 0:
		parts = append(parts, count(n, "{{.Count}} results written as text"))
	case answers == n:
		parts = append(parts, count(n, "{{.Count}} results given as answers"))
	default:
		parts = append(parts, count(n, "{{.Count}} results written as text or given as answers"))
	}
	if cancelled > 0 {
		parts = append(parts, count(cancelled, "{{.Count}} tests cancelled, with no result"))
	}
	return strings.Join(parts, " "+lang.L("and")+" ")
}

// textRow is the list line of a result written only as text or given as a coded answer: its
// value as written and what kind it is (TextResult.Kind; no chart point is made of it);
// tapping it shows the record.
func (p *resultsPage) textRow(tr health.TextResult) row {
	sub := tr.Text
	if tr.Flag != health.FlagNone {
		sub += " · " + lang.L(string(tr.Flag))
	}
	sub += " · " + lang.L(tr.Kind()) + " · " + tr.DateIn(p.loc(tr.Profile))
	if tr.Cancelled {
		// said first, so a cut line still says it: "Test cancelled · No result: Specimen
		// unsatisfactory for evaluation · 2 Apr 2013" (F214)
		sub = lang.L("Test cancelled") + " · " + tr.Text + " · " + tr.DateIn(p.loc(tr.Profile))
	}
	// the test by the name the series and Timeline give it ("Glucose", not "Glucose
	// [Moles/volume] in Blood", F214)
	return row{Title: health.ShortName(tr.Code, tr.Name), Sub: sub, Icon: theme.DocumentIcon(), Warn: tr.Flag != health.FlagNone,
		OnTap: func() { p.s.showRecord(tr.Key) }}
}

// latestWords is a reading in people's form as the record gave it (Series.ReadingWords):
// "123/89 mmHg", "82.8 kg", "6.1 mmol/L (110 mg/dL)".
func latestWords(se *health.Series, pt health.Point) string { return se.ReadingWords(pt) }

// latestOf is the reading shown as a series' latest — never one dated after today, which a
// file's typo can date decades ahead (F175) — and the words for those readings:
// "1 reading dated after today, 2 Sep 2062" ("dated after today" when it is the only one);
// "1 reading dated later today, 21:00" for one of today still to come (F352).
// langOf is lang.L of words that may be none: lang.L("") logs "Translation failure" (Fyne), once
// for every chart row drawn with no reading dated ahead.
func langOf(s string) string {
	if s == "" {
		return ""
	}
	return lang.L(s)
}

func (p *resultsPage) latestOf(se *health.Series) (health.Point, string) {
	now := p.now
	if now.IsZero() {
		now = time.Now()
	}
	if until := p.deaths[se.Profile].Until(now); until.Before(now) {
		// A person who died: the last reading of their life, those dated after the death said
		// apart (F439), as 'results' does.
		l, after := health.LatestAsOfIn(se, until, p.loc(se.Profile))
		return l, langOf(health.AfterDeathWords(after, p.loc(se.Profile)))
	}
	l, ahead := health.LatestAsOfIn(se, now, p.loc(se.Profile)) // a date-only reading: its day on the person's clock
	if ahead.Len() == 1 && health.AfterTodayIn(l, now, p.loc(se.Profile)) {
		return l, lang.L(health.AheadWord(l, now, p.loc(se.Profile)))
	}
	words := langOf(health.AheadWords(ahead, now, p.loc(se.Profile)))
	if p.deaths[se.Profile].DatedAfter(l.T, l.DateOnly, now) { // its day on the person's clock (F465)
		// A weighing dated after the death read as a real one (F333): as Appointments and the
		// Timeline say it.
		words = strings.TrimPrefix(words+" · "+lang.L("dated after the death"), " · ")
	}
	return l, words
}

// flagText says which values are flagged ("High"; blood pressure: "Diastolic high").
func flagText(se *health.Series, f1, f2 health.Flag) string {
	if !se.Pair {
		return flagWord(f1)
	}
	var parts []string
	if f1 != health.FlagNone {
		parts = append(parts, lang.L("Systolic")+" "+strings.ToLower(flagWord(f1)))
	}
	if f2 != health.FlagNone {
		parts = append(parts, lang.L("Diastolic")+" "+strings.ToLower(flagWord(f2)))
	}
	return strings.Join(parts, ", ")
}

// choose shows series i.
func (p *resultsPage) choose(i int) {
	if i >= len(p.series) {
		return
	}
	p.chosen = p.series[i]
	p.chosenOwner = ""
	if len(p.owner) > i {
		p.chosenOwner = p.owner[i]
	}
	p.redraw()
}

// periodChosen is the chosen chart period.
func (p *resultsPage) periodChosen() health.ChartPeriod {
	for _, pr := range health.Periods() {
		if lang.L(pr.Label()) == p.period.Selected {
			return pr
		}
	}
	return health.PeriodAll
}

// redraw builds the chart data of the chosen series and period and shows it: the latest
// value (with its flag), the change since the reading before, and the chart, or a value
// card for a single reading.
func (p *resultsPage) redraw() {
	se := p.chosen
	if se == nil {
		return
	}
	now := p.now
	if now.IsZero() {
		now = time.Now()
	}
	// A person who died: the chart ends at the death, readings dated after it said apart
	// beside the latest (F439).
	now = p.deaths[se.Profile].Until(now)
	loc := p.loc(se.Profile)
	ch := health.BuildChartIn(se, p.periodChosen(), now, loc)
	target, tlo, thi := p.glucoseTarget(se)
	if target {
		for i := range ch.Lines {
			ch.Lines[i].Band = health.Band{Low: &tlo, High: &thi, Label: "Usual target for people with diabetes"}
		}
	}
	p.shown = ch
	name := ch.FullName
	if p.s.profile == "" && p.chosenOwner != "" {
		if n := p.s.personNameOf(p.chosenOwner); n != "" {
			name = n + " · " + name
		}
	}
	p.name.SetText(name)
	l, ahead := p.latestOf(se)
	value := latestWords(se, l)
	if w := flagText(se, l.Flag, l.Flag2); w != "" {
		value += "  ·  " + w
	}
	p.value.SetText(value)
	p.value.Importance = widget.MediumImportance
	if l.Flag != health.FlagNone || l.Flag2 != health.FlagNone {
		p.value.Importance = widget.DangerImportance
	}
	p.value.Refresh()
	on := lang.L("Latest, on %s")
	if l.Precision == fhirjson.PrecisionYear || l.Precision == fhirjson.PrecisionMonth {
		on = lang.L("Latest, in %s") // "in October 2023", not "on October 2023"
	}
	text := fmt.Sprintf(on, l.DateIn(loc))
	if c := health.ChangeWordsIn(se, l.T, loc); c != "" && c != "first reading" {
		text += " · " + lang.L(c)
	}
	if ahead != "" {
		text += " · " + ahead
	}
	// "+1.8 lb since 5 Dec" said alone of a gain of 5.4 lb in 3 days, which the card and the
	// visit summary call urgent for his heart failure (F461 item 4)
	if gain := journey.WeightGainWords(se, p.guides[se.Profile], p.now, loc); gain != "" {
		text += " · " + gain
	}
	p.latest.SetText(text)
	// The range in words, and a shaded band only when a chart is drawn (F153: a single
	// reading 'High' had no range anywhere, under a caption about a band not drawn).
	drawn := se.Len() > 1 && ch.Readings > 0 && !ch.ValueCard
	plain := *se
	plain.Range.Typical = false // (said below in words of its own)
	// Whose range it is: a lab's only when no earlier reading gave it and the readings are not
	// measurements taken anywhere (an oximeter's target from the GP was "the lab's", F510).
	whose, whoseTh := lang.L("the lab's reference range"), lang.L("the lab's therapeutic range")
	if se.RangeFrom != "" {
		whose = fmt.Sprintf(lang.L("the range given with the reading of %s"), se.RangeFrom)
		whoseTh = fmt.Sprintf(lang.L("the therapeutic range given with the reading of %s"), se.RangeFrom)
		plain.RangeFrom = "" // said in whose
	} else if notLabCodes[se.Code[strings.LastIndexByte(se.Code, '|')+1:]] {
		whose, whoseTh = lang.L("the range in the records"), lang.L("the therapeutic range in the records")
	}
	rng := journey.RangeWords(&plain)
	switch {
	case se.Range.Low == nil && se.Range.High == nil && se.Range.Text != "" && se.Range.For != "":
		// the line of a range in words that applies to the person at the reading (F153)
		p.rangeL.SetText(fmt.Sprintf(lang.L("The lab's reference range for %s, as it wrote it: %s"), se.Range.For, se.Range.Text))
	case se.Range.Low == nil && se.Range.High == nil && se.Range.Text != "":
		// a range the lab gives only in words, as it wrote it (F153: it read "No reference range")
		p.rangeL.SetText(fmt.Sprintf(lang.L("The lab's reference range, as it wrote it: %s"), se.Range.Text))
	case target && drawn:
		// the consensus target for a person with diabetes, where the records give no range: it
		// said "No shaded band: … taken in childhood" beside Ren's (16, type 1) sensor lows (F521)
		p.rangeL.SetText(fmt.Sprintf(lang.L("Shaded band: %s, the usual target for people with diabetes (an international consensus), not from the records. Ask the care team what is right."), targetWords(se, tlo, thi)))
	case target:
		p.rangeL.SetText(fmt.Sprintf(lang.L("The usual target for people with diabetes (an international consensus): %s, not from the records. Ask the care team what is right."), targetWords(se, tlo, thi)))
	case se.Range.Low == nil && se.Range.High == nil && se.Child:
		p.rangeL.SetText(lang.L("No shaded band: these readings were taken in childhood, and ranges for children depend on age. Ask the care team what is right."))
	case se.Range.Low == nil && se.Range.High == nil:
		p.rangeL.SetText(lang.L("No reference range in the records."))
	case se.Range.Typical && journey.RangeWordsFor(se, p.guides[se.Profile]) != journey.RangeWords(se):
		// whose typical range it is, beside a person it is not for: Kazuko's home blood
		// pressure, treated for hypertension at 75, was shaded against the range of adults
		// without it, with no word of her targets (F567 item 6); an HbA1c with diabetes (F540)
		band := lang.L("Shaded band: %s, not from the records.")
		if !drawn {
			band = lang.L("A typical range: %s, not from the records.")
		}
		p.rangeL.SetText(fmt.Sprintf(band, journey.RangeWordsFor(se, p.guides[se.Profile])))
	case se.Range.Typical && drawn:
		p.rangeL.SetText(fmt.Sprintf(lang.L("Shaded band: a typical adult range, %s, not from the records. Ask the care team what is right."), rng))
	case se.Range.Typical:
		p.rangeL.SetText(fmt.Sprintf(lang.L("A typical adult range: %s, not from the records. Ask the care team what is right."), rng))
	case drawn && se.Range.Therapeutic: // the target on a treatment, INR 2–3 on warfarin (F364)
		p.rangeL.SetText(fmt.Sprintf(lang.L("Shaded band: %s, %s. Values outside it are ringed and marked High or Low."), whoseTh, rng))
	case drawn:
		p.rangeL.SetText(fmt.Sprintf(lang.L("Shaded band: %s, %s. Values outside it are ringed and marked High or Low."), whose, rng))
	default:
		p.rangeL.SetText(fmt.Sprintf(lang.L("%s: %s."), strings.ToUpper(whose[:1])+whose[1:], rng))
	}
	if rings := ringWords(se); rings != "" && drawn {
		// what the rings are, where no range is (F485): a high blood sugar is not ringed
		p.rangeL.SetText(p.rangeL.Text + " " + fmt.Sprintf(lang.L("Rings mark %s; a high reading is not marked."), rings))
	}
	if tir := journey.SensorTimeInRange(se, now, loc); tir != "" {
		// a sensor's time in range, as a diabetes clinic reads it, first (F521)
		p.rangeL.SetText(tir + ". " + p.rangeL.Text)
	}
	p.readings.SetText(p.readingsText(se, ch, now, loc))
	p.ownRows(se)
	if ch.Readings > 1 && !ch.ValueCard || len(p.ownIDs) > 0 {
		p.readingsBt.Show()
	} else {
		p.readingsBt.Hide()
		p.readings.Hide()
		p.own.Hide()
	}
	switch {
	case se.Len() == 1:
		p.showChart(false, lang.L("One reading so far. A chart starts with the second."))
		p.tools.Hide()
	case ch.Readings == 0 && ch.Period == health.PeriodAll:
		// every reading is dated later than now (said beside Latest): no longer period to choose
		p.showChart(false, lang.L("No readings up to now. A chart starts with the second."))
	case ch.Readings == 0:
		p.showChart(false, fmt.Sprintf(lang.L("No readings in this period. The latest is from %s: choose a longer period."), l.DateIn(loc)))
	case ch.ValueCard && ch.Period == health.PeriodAll:
		// the others are dated later than now (F352: "Choose a longer period" while Show was All)
		p.showChart(false, fmt.Sprintf(lang.L("One reading up to now: %s on %s. A chart starts with the second."), ch.Latest, ch.LatestDateIn(loc)))
	case ch.ValueCard:
		p.showChart(false, fmt.Sprintf(lang.L("One reading in this period: %s on %s. Choose a longer period to see the trend."), ch.Latest, ch.LatestDateIn(loc)))
	default:
		p.showChart(true, "")
		p.point.SetText(lang.L("Point at or tap a measurement to see its value and date."))
		p.chart.set(ch, ringWords(se))
	}
}

// glucoseTarget is the target range Results shades for a glucose series whose records give no
// range, for a person with type 1 or type 2 diabetes (a guide of a current condition):
// health.GlucoseTargetRange, 3.9–10 mmol/L (70–180 mg/dL). Not in a pregnancy's diabetes,
// whose targets are others (its guide says them).
func (p *resultsPage) glucoseTarget(se *health.Series) (ok bool, low, high float64) {
	diabetes := false
	for _, g := range p.guides[se.Profile] {
		diabetes = diabetes || g.Slug == "type-1-diabetes" || g.Slug == "type-2-diabetes"
	}
	if !diabetes {
		return false, 0, 0
	}
	low, high, ok = health.GlucoseTargetRange(se)
	return ok, low, high
}

// targetWords is a range of se's unit in words: "3.9–10 mmol/L".
func targetWords(se *health.Series, low, high float64) string {
	plain := *se
	plain.Range, plain.RangeFrom = health.Range{Low: &low, High: &high}, ""
	return journey.RangeWords(&plain)
}

// ringWords are the chart legend's words for its ringed readings ("" for "outside the
// reference range"): a glucose series with no range is ringed by CareKeeper's low blood sugar
// rule, under 3.9 mmol/L (70 mg/dL): Tobi's meter readings of 3.1 were "outside the reference
// range" though there is none, and his 17.8 unringed read as inside it (F485).
func ringWords(se *health.Series) string {
	if se == nil || !health.IsGlucose(se.Code) || se.Range.Low != nil || se.Range.High != nil {
		return ""
	}
	for i := 0; i < se.Len(); i++ {
		pt := se.At(i)
		v := pt.V
		if pt.Flag != health.FlagNone && health.LowGlucose(se.Code, health.Quantity{Value: &v, Unit: se.Unit}) == "" {
			return "" // a ring of the record's own (its interpretation): not the low blood sugar rule
		}
	}
	if strings.EqualFold(se.Unit, "mg/dL") {
		return lang.L("a low blood sugar, under 70 mg/dL")
	}
	return lang.L("a low blood sugar, under 3.9 mmol/L")
}

// loc is the clock of profile's dates (F78): theirs, else this computer's.
func (p *resultsPage) loc(profile string) *time.Location {
	return zoneIn(p.zones, profile, p.s.u.rem.device()).Loc
}

// showChart shows the chart, or instead the words of a value card.
func (p *resultsPage) showChart(on bool, words string) {
	p.tools.Show()
	if on {
		p.single.Hide()
		p.chart.Show()
		p.point.Show()
		return
	}
	p.chart.Hide()
	p.point.Hide()
	p.single.SetText(words)
	p.single.Show()
}

func (p *resultsPage) onPoint(pts []health.ChartPoint) {
	if p.chosen == nil || len(pts) == 0 {
		return
	}
	p.point.SetText(p.pointText(p.chosen, pts))
}

// toggleReadings shows or hides the readings of the chart in words.
func (p *resultsPage) toggleReadings() {
	if p.readings.Visible() {
		p.readings.Hide()
		p.own.Hide()
		p.readingsBt.SetText(lang.L("Show the readings"))
	} else {
		p.readings.Show()
		p.own.Hidden = len(p.ownIDs) == 0
		p.own.Refresh()
		p.readingsBt.SetText(lang.L("Hide the readings"))
	}
	p.readingsBt.Refresh()
}

// maxOwnReadings is how many of the readings the person entered are listed with Delete (the
// newest).
const maxOwnReadings = 50

// ownRows lists the readings of se the person entered (CareKeeper's own records), newest
// first, each with Delete.
func (p *resultsPage) ownRows(se *health.Series) {
	p.ownIDs = nil
	var rows []fyne.CanvasObject
	names, self := p.s.u.deviceNames()
	for k := se.Len() - 1; k >= 0 && len(p.ownIDs) < maxOwnReadings; k-- {
		pt := se.At(k)
		if pt.Key.Source != storage.AppSource {
			continue
		}
		cps := []health.ChartPoint{{T: pt.T, V: pt.V, N: 1, Key: pt.Key, DateOnly: pt.DateOnly, Precision: pt.Precision}}
		if se.Pair {
			cps = append(cps, health.ChartPoint{T: pt.T, V: pt.V2, N: 1, Key: pt.Key, DateOnly: pt.DateOnly, Precision: pt.Precision})
		}
		text := p.pointText(se, cps)
		id := storage.ID{Source: pt.Key.Source, Type: pt.Key.Type, ID: pt.Key.ID}
		if on := hhvault.EnteredOn(p.s.v, names, self, id); on != "" {
			// a reading entered on another device of the household is not "you entered" (F498)
			text += " · " + fmt.Sprintf(lang.L("entered on %s"), on)
		}
		p.ownIDs = append(p.ownIDs, id)
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		bt := widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), func() { p.askDelete(se.Profile, id, text) })
		rows = append(rows, newTextRow(nil, bt, l))
	}
	if len(rows) > 0 {
		rows = append([]fyne.CanvasObject{widget.NewLabelWithStyle(lang.L("Readings entered in CareKeeper"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}, rows...)
	}
	p.own.Objects = rows
	p.own.Hidden = len(rows) == 0 || !p.readings.Visible()
	p.own.Refresh()
}

// askDelete asks before deleting a reading the person entered (text: it in words), then
// deletes it: it is marked deleted in the vault, so it leaves the chart, the latest, the
// summary and the exports, and goes so on the household's other devices.
func (p *resultsPage) askDelete(profile string, id storage.ID, text string) {
	s := p.s
	p.deleting = dialog.NewConfirm(lang.L("Delete this reading?"),
		fmt.Sprintf(lang.L("%s, entered by you, is taken off the chart and the records. It cannot be brought back."), text), func(ok bool) {
			if !ok || !s.isCurrent() {
				return
			}
			v, ctx, now := s.v, s.u.ctx, s.u.rem.now()
			var err error
			s.u.goVault(func() {
				err = journey.DeleteReading(ctx, v, id, health.Where{Source: id.Source}, now, time.Local) // as `results delete` (F400)
			}, func() {
				if err != nil {
					s.m.showError(lang.L("Could not delete the reading"), err)
					return
				}
				s.load()
			})
		}, s.u.win)
	p.deleting.SetConfirmText(lang.L("Delete"))
	p.deleting.SetDismissText(lang.L("Keep it"))
	p.deleting.Show()
}

// maxReadingLines is how many readings the list under the chart gives at most (the newest).
const maxReadingLines = 200

// readingsText is every reading of the chart's period (up to now) in words, newest first, one
// a line, as pointing at it says it: "11 Jun 2015, 15:41 New York time: 150/105 mmHg · High".
func (p *resultsPage) readingsText(se *health.Series, ch health.Chart, now time.Time, loc *time.Location) string {
	pts := se.Since(ch.From)
	var lines []string
	total := 0
	for k := pts.Len() - 1; k >= 0; k-- {
		pt := pts.At(k)
		if pt.T.After(now) {
			continue
		}
		total++
		if len(lines) == maxReadingLines {
			continue
		}
		cp := health.ChartPoint{T: pt.T, V: pt.V, N: 1, Flag: pt.Flag, Key: pt.Key, Original: pt.OriginalWords(), DateOnly: pt.DateOnly, Precision: pt.Precision}
		cps := []health.ChartPoint{cp}
		if se.Pair {
			cps = append(cps, health.ChartPoint{T: pt.T, V: pt.V2, N: 1, Flag: pt.Flag2, Key: pt.Key, DateOnly: pt.DateOnly, Precision: pt.Precision})
		}
		lines = append(lines, p.pointText(se, cps))
	}
	if total > len(lines) {
		lines = append(lines, fmt.Sprintf(lang.L("The %d newest of %d readings are listed: choose a shorter period to see the earlier ones."), len(lines), total))
	}
	return strings.Join(lines, "\n")
}

// pointText is a chart point (two for a blood pressure) in words: its date (and time), its
// value and its flag.
func (p *resultsPage) pointText(se *health.Series, pts []health.ChartPoint) string {
	pt := pts[0]
	var val string
	if se.Pair && len(pts) == 2 {
		val = health.Pressure(pt.V, pts[1].V)
	} else {
		val = se.Value("", pt.V)
	}
	z := zoneIn(p.zones, se.Profile, p.s.u.rem.device())
	loc := z.Loc
	when := pt.WhenIn(loc) // "March 2020" for a reading the record dates by its month
	if timed := pt.Precision == fhirjson.PrecisionTime || pt.Precision == fhirjson.PrecisionUnknown && !pt.DateOnly; timed && pt.N <= 1 {
		clock := pt.T.In(loc).Format("15:04")
		if twice := strings.TrimPrefix(health.WallClock(pt.T, loc), clock); twice != "" && strings.HasSuffix(when, clock) {
			// the hour the clocks show twice as summer time ends: "25 Oct 2026, 02:30 CEST" and
			// "… 02:30 CET", as the Timeline says them (F485 item 2: two readings an hour apart
			// were both "25 Oct 2026, 02:30")
			when += twice
		} else if z.Differs(pt.T) {
			when += " " + z.Name(pt.T) // a time of day alone is read on this computer's clock
		}
	}
	if pt.N > 1 {
		when = count(pt.N, "{{.Date}} (mean of {{.Count}} readings)", map[string]any{"Date": health.DateWords(pt.T.In(loc))})
	}
	text := when + ": " + val
	if pt.Original != "" {
		text += " " + fmt.Sprintf(lang.L("(converted from %s)"), pt.Original)
	}
	f2 := health.FlagNone
	if len(pts) == 2 {
		f2 = pts[1].Flag
	}
	if w := flagText(se, pt.Flag, f2); w != "" {
		text += " · " + w
	}
	return text
}

// onSave writes the chart shown to a PNG file.
func (p *resultsPage) onSave() {
	if p.chosen == nil {
		return
	}
	ch := p.shown
	p.s.u.saveFile(p.chartFileName(ch), "", func(path string) {
		img := p.exportImage(ch)
		if err := atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) }); err != nil {
			dialog.NewInformation(lang.L("Could not save the chart"), errorText(err), p.s.u.win).Show()
		}
	})
}

// chartFileName is the name a saved chart is offered: what it shows, whose, and the day on
// the person's clock ("blood-pressure-Courtney-Schinner-2026-12-05.png"): 'chart.png' for
// every chart saved Mum's blood pressure over Dad's (F303).
func (p *resultsPage) chartFileName(ch health.Chart) string {
	name := fileNamePart(strings.ToLower(ch.Name))
	if name == "" {
		name = "chart-"
	}
	for _, pr := range p.s.people {
		if pr.ID == p.chosen.Profile {
			name += fileNamePart(pr.Name)
		}
	}
	return name + p.s.u.auto.clock.Now().In(p.loc(p.chosen.Profile)).Format("2006-01-02") + ".png"
}

// exportImage is the chart ch as saved to a file (F142): on a light background for printing,
// headed by what it shows and whose it is, the latest reading, the dates it covers on the
// person's clock, and what the shaded band is — a picture sent to a doctor says it all.
func (p *resultsPage) exportImage(ch health.Chart) *image.RGBA {
	u := p.s.u
	st := chartStyleFor(u.theme, theme.VariantLight, u.theme.scale)
	st.dpi = 72
	st.heading = p.exportHeading(ch)
	st.rings = ringWords(p.chosen)
	img, _ := renderChart(ch, 1200, 760, st)
	return img
}

// exportHeading is what a saved chart says above it: "Blood pressure — Mum (Courtney
// Schinner)", "Latest: 181/92 mmHg, on 15 Jun 2018 · …", "Readings from 3 Jul 2012 to 15 Jun
// 2018", and the band's caption.
func (p *resultsPage) exportHeading(ch health.Chart) []string {
	se := p.chosen
	if se == nil {
		return nil
	}
	owner := p.chosenOwner
	if owner == "" {
		owner = se.Profile
	}
	title := ch.FullName
	if n := p.s.personNameOf(owner); n != "" {
		title += " — " + n
	}
	z := zoneIn(p.zones, se.Profile, p.s.u.rem.device())
	lines := []string{title, p.value.Text + " — " + p.latest.Text}
	if !ch.From.IsZero() && !ch.To.IsZero() {
		to := ch.To
		if ch.Period == health.PeriodAll && !ch.LatestAt.IsZero() {
			to = ch.LatestAt
		}
		span := fmt.Sprintf(lang.L("Readings from %s to %s"), health.DateWords(ch.From.In(z.Loc)), health.DateWords(to.In(z.Loc)))
		if z.Differs(to) {
			span += " (" + z.Name(to) + ")"
		}
		lines = append(lines, span)
	}
	if t := p.rangeL.Text; t != "" {
		lines = append(lines, t)
	}
	// The chart's font draws no '−' (U+2212): "−0.3 kg" printed as " 0.3 kg", a fall read as
	// a rise; the image says "-0.3 kg".
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, "−", "-")
	}
	return lines
}

// chartStyle is the chart colours of the current theme.
func (u *UI) chartStyle() chartStyle {
	v := u.app.Settings().ThemeVariant()
	return chartStyleFor(u.theme, v, u.theme.scale)
}

// notLabCodes are LOINC codes of measurements taken at a bedside or at home (vital signs, a
// meter's or sensor's glucose, peak flow): a range their records give is not a lab's.
var notLabCodes = map[string]bool{
	"59408-5": true, "2708-6": true, "2710-2": true, "8867-4": true, "9279-1": true, "8310-5": true,
	"85354-9": true, "8480-6": true, "8462-4": true, "29463-7": true, "8302-2": true, "39156-5": true,
	"19935-6": true, "33452-4": true, "14743-9": true, "41653-7": true, "105272-9": true, "99504-3": true,
}
