package app

import (
	"fmt"
	"image/png"
	"io"
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

// periods are the chart periods offered.
var periods = []struct {
	label string
	d     time.Duration
}{{"3 months", 91 * 24 * time.Hour}, {"1 year", 365 * 24 * time.Hour}, {"All", 0}}

// resultsPage lists the result series on the left; the chosen one is charted on the right
// with its latest value, change, period and range.
type resultsPage struct {
	s       *shell
	frame   *pageFrame
	list    *rowList
	series  []*health.Series
	chosen  *health.Series
	period  *widget.RadioGroup
	chart   *chartView
	name    *widget.Label
	latest  *widget.Label
	point   *widget.Label // the point under the pointer
	rangeL  *widget.Label
	saveBt  *widget.Button
	addBt   *widget.Button // add a home measurement
	measure *measureDialog // the last one opened
	now     time.Time
}

func newResultsPage(s *shell) *resultsPage {
	p := &resultsPage{s: s, list: newRowList(), name: heading2(""), latest: widget.NewLabel(""), point: widget.NewLabel(" "),
		rangeL: lowText("")}
	p.chart = newChartView(s.u.chartStyle, p.onPoint)
	var labels []string
	for _, pr := range periods {
		labels = append(labels, lang.L(pr.label))
	}
	p.period = widget.NewRadioGroup(labels, func(string) { p.redraw() })
	p.period.Horizontal = true
	p.period.SetSelected(lang.L("All"))
	p.saveBt = widget.NewButtonWithIcon(lang.L("Save as PNG…"), theme.DocumentSaveIcon(), p.onSave)
	right := container.NewBorder(
		container.NewVBox(p.name, p.latest, container.NewBorder(nil, nil, nil, p.saveBt, p.period)),
		container.NewVBox(p.point, p.rangeL), nil, nil, p.chart)
	split := container.NewHSplit(p.list.list, right)
	split.Offset = 0.32
	empty := newEmptyState(theme.GridIcon(), lang.L("No results yet"),
		lang.L("Measurements such as blood pressure, weight and lab tests from your records are charted here. Import records from a portal or a file, or add a measurement you took at home with “Add measurement…” above."),
		lang.L("Import records"), s.goFiles)
	p.addBt = widget.NewButtonWithIcon(lang.L("Add measurement…"), theme.ContentAddIcon(), func() { p.measure = s.openMeasure() })
	p.frame = newPageFrame(lang.L("Results"), container.NewVBox(p.addBt), split, empty)
	return p
}

func (p *resultsPage) view() fyne.CanvasObject { return p.frame.content }

func (p *resultsPage) compute(d *pageData) func() {
	series := health.Results(d.set)
	return func() {
		p.now = d.now
		p.series = series
		var rows []row
		for i, se := range series {
			i := i
			l := se.Latest()
			val := health.FormatNumber(l.V)
			if se.Pair {
				val += " / " + health.FormatNumber(l.V2)
			}
			sub := fmt.Sprintf("%s %s · %s · %d", val, se.Unit, l.T.Local().Format("2006-01-02"), len(se.Points))
			rows = append(rows, row{Title: se.Name, Sub: sub, Icon: theme.GridIcon(), OnTap: func() { p.choose(i) }})
		}
		p.list.set(rows)
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d kinds of measurement. Choose one to see it over time."), len(series)))
		p.frame.setEmpty(len(series) == 0)
		if len(series) > 0 {
			p.choose(0)
		}
	}
}

// choose charts series i.
func (p *resultsPage) choose(i int) {
	if i >= len(p.series) {
		return
	}
	se := p.series[i]
	p.chosen = se
	p.name.SetText(se.Name)
	l := se.Latest()
	text := fmt.Sprintf(lang.L("Latest: %s %s on %s"), pointValue(se, l), se.Unit, l.T.Local().Format("2 Jan 2006"))
	if d, d2, ok := se.Change(); ok {
		ch := signed(d)
		if se.Pair {
			ch += " / " + signed(d2)
		}
		text += " · " + fmt.Sprintf(lang.L("change since the one before: %s"), ch)
	}
	p.latest.SetText(text)
	switch {
	case se.Range.Low == nil && se.Range.High == nil:
		p.rangeL.SetText(lang.L("No reference range in the records."))
	case se.Range.Typical:
		p.rangeL.SetText(lang.L("Shaded band: a typical adult range, not from your records. Ask your care team what is right for you."))
	default:
		p.rangeL.SetText(lang.L("Shaded band: the reference range from the lab."))
	}
	p.point.SetText(lang.L("Point at or tap a measurement to see its value and date."))
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
	p.point.SetText(fmt.Sprintf("%s: %s %s", pt.T.Local().Format("2 Jan 2006 15:04"), pointValue(p.chosen, pt), p.chosen.Unit))
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
		img, _ := renderChart(se, from, 1200, 600, p.s.u.chartStyle())
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
