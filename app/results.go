package app

import (
	"fmt"
	"image/png"
	"io"
	"math"
	"strings"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// periods are the chart periods offered; 0 is all of them.
var periods = []struct {
	label string
	d     time.Duration
}{
	{"1 month", 31 * 24 * time.Hour}, {"3 months", 91 * 24 * time.Hour}, {"1 year", 365 * 24 * time.Hour},
	{"5 years", 5 * 365 * 24 * time.Hour}, {"All", 0},
}

// resultsPage lists the result series (in the household view, under each person's name:
// never one series of two people); the chosen one is shown with its latest value, the
// change since the reading before, and a chart over the chosen period. Wide windows show
// the list beside the chart; narrow ones (or large text) show one at a time.
type resultsPage struct {
	s       *shell
	frame   *pageFrame
	list    *rowList
	series  []*health.Series // in list order (the household's people one after another)
	owner   []string         // the person of each series, in the household view
	chosen  *health.Series
	detail  bool // narrow layout: the chosen series is shown instead of the list
	back    *widget.Button
	name    *widget.Label
	value   *widget.Label // the latest value, large
	latest  *widget.Label // its date, flag and change
	period  *widget.Select
	tools   *fyne.Container
	chart   *chartView
	single  *widget.Label // shown instead of the chart for a single reading
	point   *widget.Label // the point under the pointer
	rangeL  *widget.Label
	saveBt  *widget.Button
	addBt   *widget.Button // add a home measurement
	measure *measureDialog // the last one opened
	pane    *fyne.Container
	now     time.Time
}

func newResultsPage(s *shell) *resultsPage {
	p := &resultsPage{s: s, list: newRowList(), name: heading2(""), value: heading(""), latest: lowText(""),
		point: lowText(" "), rangeL: lowText(""), single: lowText("")}
	p.name.Wrapping = fyne.TextWrapWord
	p.value.Alignment = fyne.TextAlignLeading
	p.value.Wrapping = fyne.TextWrapWord
	p.chart = newChartView(s.u.chartStyle, p.onPoint)
	var labels []string
	for _, pr := range periods {
		labels = append(labels, lang.L(pr.label))
	}
	p.period = widget.NewSelect(labels, func(string) { p.redraw() })
	p.period.SetSelected(lang.L("All"))
	p.saveBt = widget.NewButtonWithIcon(lang.L("Save as PNG…"), theme.DocumentSaveIcon(), p.onSave)
	p.back = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
		p.detail = false
		p.pane.Refresh()
	})
	p.back.Importance = widget.LowImportance
	p.tools = container.NewHBox(widget.NewLabel(lang.L("Show")), p.period, p.saveBt)
	head := container.NewVBox(container.NewBorder(nil, nil, container.NewCenter(p.back), nil, p.name), p.value, p.latest)
	foot := container.NewVBox(p.point, container.NewHScroll(p.tools), p.rangeL)
	detail := container.NewVScroll(container.NewBorder(head, foot, nil, nil, container.NewStack(p.chart, p.single)))
	p.pane = container.New(&masterDetail{p: p}, p.list.list, detail)
	empty := newEmptyState(theme.GridIcon(), lang.L("No results yet"),
		lang.L("Measurements such as blood pressure, weight and lab tests from your records are charted here. Import records from a portal or a file, or add a measurement you took at home with “Add measurement…” above."),
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

func (l *masterDetail) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	list, detail := objs[0], objs[1]
	if l.wide(size) {
		l.p.back.Hide()
		l.p.frame.sub.Show()
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
		l.p.frame.sub.Hide() // the room goes to the chart
	} else {
		l.p.frame.sub.Show()
	}
	hide.Hide()
	show.Show()
	show.Move(fyne.NewPos(0, 0))
	show.Resize(size)
}

// personSeries is one person's result series.
type personSeries struct {
	profile string
	series  []*health.Series
}

// resultsByPerson computes the series of each person separately: in the household view a
// measurement of two people is two series, never one line.
func resultsByPerson(d *pageData) []personSeries {
	if d.profile != "" {
		return []personSeries{{d.profile, health.Results(d.set)}}
	}
	byPerson := map[string][]health.Resource{}
	for _, r := range d.set.Records {
		byPerson[r.Profile] = append(byPerson[r.Profile], r)
	}
	var out []personSeries
	for _, pr := range d.people {
		if recs := byPerson[pr.ID]; len(recs) > 0 {
			out = append(out, personSeries{pr.ID, health.Results(health.NewSet(recs, d.set.Shared))})
		}
	}
	return out
}

func (p *resultsPage) compute(d *pageData) func() {
	groups := resultsByPerson(d)
	return func() {
		p.now = d.now
		p.series, p.owner = nil, nil
		var rows []row
		kinds := 0
		for _, g := range groups {
			if d.profile == "" && len(g.series) > 0 {
				rows = append(rows, row{Title: d.personName(g.profile), Icon: theme.AccountIcon(),
					Sub: fmt.Sprintf(lang.L("%d kinds of measurement"), len(g.series))})
			}
			for _, se := range g.series {
				i := len(p.series)
				p.series = append(p.series, se)
				p.owner = append(p.owner, g.profile)
				kinds++
				rows = append(rows, p.rowOf(se, i))
			}
		}
		p.list.set(rows)
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d kinds of measurement. Choose one to see it over time."), kinds))
		p.frame.setEmpty(kinds == 0)
		p.detail = false
		if kinds > 0 {
			p.choose(0)
			p.detail = false
		}
		p.pane.Refresh()
	}
}

// rowOf is the list line of a series: its name, latest value with its flag, and date.
func (p *resultsPage) rowOf(se *health.Series, i int) row {
	l := se.Latest()
	f1, f2 := pointFlags(se, l)
	val := pointValue(se, l) + " " + se.Unit
	if w := flagText(se, f1, f2); w != "" {
		val += " · " + w
	}
	sub := val + " · " + l.T.Local().Format("2 Jan 2006")
	if n := len(se.Points); n > 1 {
		sub += " · " + fmt.Sprintf(lang.L("%d readings"), n)
	}
	return row{Title: se.Name, Sub: sub, Icon: theme.GridIcon(), Warn: f1 != 0 || f2 != 0, OnTap: func() {
		p.choose(i)
		p.detail = true
		p.pane.Refresh()
	}}
}

// flagText says which values are outside the record's range ("High", "Diastolic high").
func flagText(se *health.Series, f1, f2 int) string {
	if !se.Pair {
		return flagWord(f1)
	}
	var parts []string
	if f1 != 0 {
		parts = append(parts, lang.L("Systolic")+" "+strings.ToLower(flagWord(f1)))
	}
	if f2 != 0 {
		parts = append(parts, lang.L("Diastolic")+" "+strings.ToLower(flagWord(f2)))
	}
	return strings.Join(parts, ", ")
}

// sensibleChange is the longest time between two readings for which "change since the one
// before" means something; beyond it the latest reading is the first in a long while.
const sensibleChange = 2 * 365 * 24 * time.Hour

// choose shows series i.
func (p *resultsPage) choose(i int) {
	if i >= len(p.series) {
		return
	}
	se := p.series[i]
	p.chosen = se
	name := se.Name
	if len(p.owner) > i && p.s.profile == "" {
		if n := p.s.personNameOf(p.owner[i]); n != "" {
			name = n + " · " + name
		}
	}
	p.name.SetText(name)
	l := se.Latest()
	f1, f2 := pointFlags(se, l)
	value := pointValue(se, l) + " " + se.Unit
	if w := flagText(se, f1, f2); w != "" {
		value += "  ·  " + w
	}
	p.value.SetText(value)
	p.value.Importance = widget.MediumImportance
	if f1 != 0 || f2 != 0 {
		p.value.Importance = widget.DangerImportance
	}
	p.value.Refresh()
	text := fmt.Sprintf(lang.L("Latest, on %s"), l.T.Local().Format("2 Jan 2006"))
	if n := len(se.Points); n > 1 {
		prev := se.Points[n-2]
		gap := l.T.Sub(prev.T)
		if gap <= sensibleChange {
			d, d2, _ := se.Change()
			ch := signed(d)
			if se.Pair {
				ch += " / " + signed(d2)
			}
			text += " · " + fmt.Sprintf(lang.L("change since the one before (%s): %s"), prev.T.Local().Format("2 Jan 2006"), ch)
		} else {
			years := int(gap.Hours() / 24 / 365.25)
			text += " · " + fmt.Sprintf(lang.L("the first reading in %d years"), years)
		}
	}
	p.latest.SetText(text)
	switch {
	case se.Range.Low == nil && se.Range.High == nil:
		p.rangeL.SetText(lang.L("No reference range in the records."))
	case se.Range.Typical:
		p.rangeL.SetText(lang.L("Shaded band: a typical adult range, not from your records. Ask your care team what is right for you."))
	default:
		p.rangeL.SetText(lang.L("Shaded band: the reference range from the lab. Values outside it are ringed and marked High or Low."))
	}
	if len(se.Points) == 1 {
		p.chart.Hide()
		p.tools.Hide()
		p.point.Hide()
		p.single.SetText(lang.L("One reading so far. A chart starts with the second."))
		p.single.Show()
	} else {
		p.single.Hide()
		p.chart.Show()
		p.tools.Show()
		p.point.Show()
		p.point.SetText(lang.L("Point at or tap a measurement to see its value and date."))
	}
	p.redraw()
}

func pointValue(se *health.Series, pt health.Point) string {
	if se.Pair {
		return health.FormatNumber(pt.V) + " / " + health.FormatNumber(pt.V2)
	}
	return health.FormatNumber(pt.V)
}

func signed(v float64) string {
	if v > 0 {
		return "+" + health.FormatNumber(v)
	}
	return health.FormatNumber(v)
}

// from is the start of the chosen period.
func (p *resultsPage) from() time.Time {
	for _, pr := range periods {
		if lang.L(pr.label) == p.period.Selected && pr.d > 0 && p.chosen != nil {
			return p.chosen.Latest().T.Add(-pr.d)
		}
	}
	return time.Time{}
}

func (p *resultsPage) redraw() {
	if p.chosen != nil {
		p.chart.set(p.chosen, p.from())
	}
}

func (p *resultsPage) onPoint(pt health.Point) {
	if p.chosen == nil {
		return
	}
	text := fmt.Sprintf("%s: %s %s", pt.T.Local().Format("2 Jan 2006, 15:04"), pointValue(p.chosen, pt), p.chosen.Unit)
	f1, f2 := pointFlags(p.chosen, pt)
	if w := flagText(p.chosen, f1, f2); w != "" {
		text += " · " + w
	}
	p.point.SetText(text)
}

// onSave writes the chart shown to a PNG file.
func (p *resultsPage) onSave() {
	if p.chosen == nil {
		return
	}
	se, from := p.chosen, p.from()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		// The dialog opened the file (truncating it, keeping its mode); write it afresh, 0600.
		path := w.URI().Path()
		w.Close()
		st := p.s.u.chartStyle()
		st.dpi = 72
		img, _ := renderChart(se, from, 1200, 700, st)
		if err := atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) }); err != nil {
			dialog.NewInformation(lang.L("Could not save the chart"), errorText(err), p.s.u.win).Show()
		}
	}, p.s.u.win)
	d.SetFileName("chart.png")
	d.SetOnClosed(p.s.u.forgetFileDialogFolder)
	d.Show()
}

// chartStyle is the chart colours of the current theme.
func (u *UI) chartStyle() chartStyle {
	v := u.app.Settings().ThemeVariant()
	return chartStyleFor(u.theme, v, u.theme.scale)
}
