package app

import (
	"image"
	"image/color"
	"math"
	"strings"
	"sync"
	"time"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// chartStyle is the colours and text size a chart is drawn with, taken from the theme so
// that charts read like the rest of the app in light, dark and high contrast.
type chartStyle struct {
	bg, fg, grid, line1, line2, flag color.Color
	// textSize is the app's text size in Fyne units; chart text is drawn at it (and ticks a
	// little smaller), so charts follow the text-size setting.
	textSize float64
	// dpi is 72 × image pixels per Fyne unit, so that one point in the chart is one unit.
	dpi float64
	// heading is drawn above the legend, a line each (a saved chart's what, whose, when and
	// band, F142); none on screen, where the page says them.
	heading []string
	// rings is the legend's words for the ringed readings: "" for "outside the reference
	// range" (ringWords: a glucose without a range is ringed by the low blood sugar rule).
	rings string
}

// chartStyleFor reads the current theme's colours and text size.
func chartStyleFor(th fyne.Theme, v fyne.ThemeVariant, _ float32) chartStyle {
	fg := th.Color(theme.ColorNameForeground, v)
	r, g, b, _ := fg.RGBA()
	return chartStyle{
		bg:       th.Color(theme.ColorNameBackground, v),
		fg:       fg,
		grid:     color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x30},
		line1:    th.Color(theme.ColorNamePrimary, v),
		line2:    th.Color(theme.ColorNameWarning, v),
		flag:     th.Color(theme.ColorNameError, v),
		textSize: float64(th.Size(theme.SizeNameText)),
		dpi:      72,
	}
}

// The app's font (the theme's TTF) registered with gonum/plot, so chart text is not the
// library's default serif.
const chartTypeface = "CareKeeperSans"

var registerChartFont = sync.OnceValue(func() bool {
	res := theme.DefaultTheme().Font(fyne.TextStyle{})
	f, err := opentype.Parse(res.Content())
	if err != nil {
		return false
	}
	font.DefaultCache.Add(font.Collection{{Font: font.Font{Typeface: chartTypeface}, Face: f}})
	return true
})

// chartFont is the app's font at size points (units).
func chartFont(size float64) font.Font {
	if registerChartFont() {
		return font.Font{Typeface: chartTypeface, Size: vg.Length(size)}
	}
	return font.From(plot.DefaultFont, vg.Length(size))
}

// chartPoint is where a reading (or a summary of readings) was drawn, in image pixels, for
// hover and tap: the points of every line at that time.
type chartPoint struct {
	x   float64
	pts []health.ChartPoint // one per line (blood pressure: systolic, diastolic)
}

// maxMarkers is the number of drawn points above which markers are left off.
const maxMarkers = 150

// flagWord is the flag in the reader's language ("High", "Low", "Abnormal"), or "".
func flagWord(f health.Flag) string {
	if f == health.FlagNone {
		return ""
	}
	return lang.L(string(f))
}

// legendEntry is one item of the legend drawn above the plot.
type legendEntry struct {
	name  string
	thumb []plot.Thumbnailer
	split bool // the thumbnails side by side (the bands of two panels), not over each other
}

// renderChart draws the chart data the domain decided (health.BuildChart) into a w×h image:
// a panel per line (blood pressure: systolic above diastolic, each against its own band, so
// that a diastolic value is never read against the systolic range), the band labelled as
// the record's range or a typical adult range, flagged values ringed, a line per segment
// (gaps stay open) and summaries as means with their lowest-to-highest spread. The legend
// is a strip above the plot, never over the data.
func renderChart(ch health.Chart, w, h int, st chartStyle) (*image.RGBA, []chartPoint) {
	if w < 50 || h < 50 {
		w, h = max(w, 50), max(h, 50)
	}
	if st.dpi <= 0 {
		st.dpi = 72
	}
	if st.textSize <= 0 {
		st.textSize = 14
	}
	unit := st.dpi / 72 // image pixels per point
	tickFont, textFont := chartFont(st.textSize*0.85), chartFont(st.textSize*0.9)
	pair := len(ch.Lines) == 2

	x0, x1, ticks := chartAxis(ch, float64(w)/unit, st.textSize)

	var lines, legend []legendEntry // the lines first, then bands and flags
	var plots []*plot.Plot
	var names []*plotter.Labels // the panels' names (blood pressure)
	colours := []color.Color{st.line1, st.line2}
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}}
	// Too low for two panels (a blood pressure chart in a short window: each panel's dates
	// overlapped the other's values), the two lines share one panel; the legend tells them apart.
	shared := pair && float64(h)/unit < chartPanels*st.textSize
	for li, ln := range ch.Lines {
		li := min(li, 1)
		colour := colours[li]
		joins := shared && li == 1 // the second line, drawn in the first panel
		var p *plot.Plot
		if joins {
			p = plots[0]
		} else {
			p = plot.New()
			p.BackgroundColor = st.bg
			for _, ax := range []*plot.Axis{&p.X, &p.Y} {
				ax.Color = st.fg
				ax.Label.TextStyle.Color = st.fg
				ax.Label.TextStyle.Font = textFont
				ax.Tick.Color = st.fg
				ax.Tick.Label.Color = st.fg
				ax.Tick.Label.Font = tickFont
			}
			p.Y.Label.Text = ch.Unit
			p.X.Tick.Marker = ticks
			p.X.Min, p.X.Max = x0, x1
			p.Add(&plotter.Grid{Vertical: draw.LineStyle{}, Horizontal: draw.LineStyle{Color: st.grid, Width: vg.Points(0.5)}})
		}

		lo, hi := math.Inf(1), math.Inf(-1)
		n := 0
		for _, seg := range ln.Segments {
			for _, d := range seg {
				lo, hi = math.Min(lo, d.Min), math.Max(hi, d.Max)
				n++
			}
		}
		if b := ln.Band; n > 0 && (b.Low != nil || b.High != nil) {
			l, u := lo, hi
			if b.Low != nil {
				l = *b.Low
			}
			if b.High != nil {
				u = *b.High
			}
			lo, hi = math.Min(lo, l), math.Max(hi, u)
			if band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: l}, {X: x1, Y: l}, {X: x1, Y: u}, {X: x0, Y: u}}); err == nil {
				band.Color = withAlpha(colour, 0x38)
				band.LineStyle.Width = 0
				p.Add(band)
				name := strings.ToLower(lang.L(b.Label))
				if i := entryIndex(legend, name); i >= 0 {
					legend[i].thumb = append(legend[i].thumb, band) // both panels' bands: one entry
				} else {
					legend = append(legend, legendEntry{name: name, thumb: []plot.Thumbnailer{band}, split: true})
				}
			}
		}
		if n > 0 {
			pad := (hi - lo) * 0.12
			if pad == 0 {
				pad = math.Max(math.Abs(hi)*0.1, 1)
			}
			if joins {
				p.Y.Min, p.Y.Max = math.Min(p.Y.Min, lo-pad), math.Max(p.Y.Max, hi+pad)
			} else {
				p.Y.Min, p.Y.Max = lo-pad, hi+pad
			}
		}
		var panelName *plotter.Labels
		if pair && !shared {
			// Each panel's name ("Systolic") inside its top left corner, over room kept free
			// of readings: as a title it took a line of its own under the legend (at 200 %
			// text a sixth of the chart's height). The room is made once the panel's height
			// is known (below).
			if l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x0, Y: p.Y.Max}}, Labels: []string{lang.L(ln.Name)}}); err == nil {
				sty := p.X.Label.TextStyle
				sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
				l.TextStyle[0] = sty
				l.Offset = vg.Point{X: vg.Length(st.textSize * 0.4), Y: -vg.Length(st.textSize * 0.2)}
				panelName = l
				names = append(names, l)
			}
		}
		if ch.Summarised != health.SummaryNone {
			addEnvelopes(p, ln, colour, x0, x1)
		}
		thumbs := addSegments(p, ln, colour, li == 1)
		if n <= maxMarkers {
			var xys plotter.XYs
			for _, seg := range ln.Segments {
				for _, d := range seg {
					xys = append(xys, plotter.XY{X: float64(d.T.Unix()), Y: d.V})
				}
			}
			if s, err := plotter.NewScatter(xys); err == nil {
				s.GlyphStyle = draw.GlyphStyle{Color: colour, Radius: vg.Points(3.5), Shape: shapes[li]}
				p.Add(s)
				thumbs = append(thumbs, s)
			}
		}
		// Not "Your readings": a carer looks at a parent's chart, and a late father's (F439).
		name := lang.L("Readings")
		if pair {
			name = map[int]string{0: lang.L("Systolic (solid)"), 1: lang.L("Diastolic (dashed)")}[li]
		}
		switch ch.Summarised {
		case health.SummaryDaily:
			name += " — " + lang.L("daily mean, shading from lowest to highest")
		case health.SummaryWeekly:
			name += " — " + lang.L("weekly mean, shading from lowest to highest")
		case health.SummaryMonthly:
			name += " — " + lang.L("monthly mean, shading from lowest to highest")
		}
		lines = append(lines, legendEntry{name: name, thumb: thumbs})
		rings := lang.L("outside the reference range")
		if st.rings != "" {
			rings = st.rings
		}
		if flagged := addFlags(p, ln, st); flagged != nil && entryIndex(legend, rings) < 0 {
			legend = append(legend, legendEntry{name: rings, thumb: []plot.Thumbnailer{flagged}})
		}
		if panelName != nil {
			p.Add(panelName) // over the readings' shading
		}
		if !joins {
			plots = append(plots, p)
		}
	}

	toLen := func(px int) vg.Length { return vg.Length(float64(px) / unit) }
	c := vgimg.NewWith(vgimg.UseWH(toLen(w), toLen(h)), vgimg.UseDPI(int(math.Round(st.dpi))), vgimg.UseBackgroundColor(st.bg))
	dc := draw.New(c)
	img, _ := c.Image().(*image.RGBA)
	if len(plots) == 0 {
		return img, nil
	}
	headH := drawHeading(dc, st.heading, st)
	legendH := headH + drawLegend(draw.Crop(dc, 0, 0, 0, -headH), append(lines, legend...), st, textFont)
	// A margin at the right: the last date label ended at the image's edge, where the page's
	// scroll bar covers it ("17 De", F39).
	area := draw.Crop(dc, 0, -vg.Length(st.textSize), 0, -legendH)
	if len(names) == len(plots) {
		// Room at the top of each panel for its name: the name's height and a little, over
		// the panel's data height (the area less the gap and each panel's axis).
		pad := st.textSize * 0.6
		dataH := (float64(area.Max.Y-area.Min.Y)-pad)/float64(len(plots)) - st.textSize*2.4
		if f := st.textSize * 1.3 / dataH; dataH > 0 && f < 0.6 {
			for i, p := range plots {
				p.Y.Max += (p.Y.Max - p.Y.Min) * f / (1 - f)
				names[i].XYs[0].Y = p.Y.Max
			}
		}
	}
	canvases := plot.Align(columnOf(plots), draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Length(st.textSize * 0.6)}, area)
	for i, p := range plots {
		p.Draw(canvases[i][0])
	}
	da := plots[0].DataCanvas(canvases[0][0])
	trX, _ := plots[0].Transforms(&da)
	var out []chartPoint
	for _, seg := range ch.Lines[0].Segments {
		for _, d := range seg {
			cp := chartPoint{x: float64(trX(float64(d.T.Unix()))) * unit, pts: []health.ChartPoint{d}}
			for _, other := range ch.Lines[1:] {
				if o, ok := pointAt(other, d.T); ok {
					cp.pts = append(cp.pts, o)
				}
			}
			out = append(out, cp)
		}
	}
	return img, out
}

// chartAxis is the time axis of a chart widthPts points wide: its ends and its date labels.
// Readings days apart show those days ("1 Dec", "2 Dec", "3 Dec"), not a month around them.
func chartAxis(ch health.Chart, widthPts, textSize float64) (x0, x1 float64, ticks dateTicks) {
	x0, x1 = float64(ch.From.Unix()), float64(ch.LatestAt.Unix())
	if ch.Period != health.PeriodAll && !ch.To.IsZero() {
		x1 = float64(ch.To.Unix())
	}
	if x1-x0 < 86400*4 {
		mid := (x0 + x1) / 2
		x0, x1 = mid-86400*2, mid+86400*2
	}
	pad := (x1 - x0) * 0.03
	// As many date labels as the width holds ("30 Nov 2026" is about six text heights wide).
	// The days named are the person's (BuildChartIn), else this computer's.
	loc := ch.Loc
	if loc == nil {
		loc = time.Local
	}
	return x0 - pad, x1 + pad, dateTicks{loc: loc, most: int(widthPts/(textSize*0.85*6*1.4)) + 1}
}

// pointAt is the point of ln at t.
func pointAt(ln health.ChartLine, t time.Time) (health.ChartPoint, bool) {
	for _, seg := range ln.Segments {
		for _, d := range seg {
			if d.T.Equal(t) {
				return d, true
			}
		}
	}
	return health.ChartPoint{}, false
}

func columnOf(plots []*plot.Plot) [][]*plot.Plot {
	out := make([][]*plot.Plot, len(plots))
	for i, p := range plots {
		out[i] = []*plot.Plot{p}
	}
	return out
}

func entryIndex(es []legendEntry, name string) int {
	for i, e := range es {
		if e.name == name {
			return i
		}
	}
	return -1
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a}
}

// addSegments draws a line's segments (a gap in the readings stays open). Each segment is
// drawn in short pieces: freetype's rasterizer slows down sharply on one long stroked path.
func addSegments(p *plot.Plot, ln health.ChartLine, colour color.Color, dashed bool) []plot.Thumbnailer {
	const piece = 16
	var thumb plot.Thumbnailer
	flush := func(xys plotter.XYs) {
		if len(xys) < 2 {
			return
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return
		}
		l.Color = colour
		l.Width = vg.Points(2)
		if dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		if thumb == nil {
			thumb = l
		}
		p.Add(l)
	}
	for _, seg := range ln.Segments {
		var run plotter.XYs
		for _, d := range seg {
			xy := plotter.XY{X: float64(d.T.Unix()), Y: d.V}
			run = append(run, xy)
			if len(run) > piece {
				flush(run)
				run = plotter.XYs{xy}
			}
		}
		flush(run)
	}
	if thumb == nil {
		return nil
	}
	return []plot.Thumbnailer{thumb}
}

// addEnvelopes shades each summary point's lowest-to-highest spread.
func addEnvelopes(p *plot.Plot, ln health.ChartLine, colour color.Color, x0, x1 float64) {
	w := (x1 - x0) / 400
	for _, seg := range ln.Segments {
		for _, d := range seg {
			if d.N < 2 || d.Max == d.Min {
				continue
			}
			x := float64(d.T.Unix())
			if poly, err := plotter.NewPolygon(plotter.XYs{{X: x - w, Y: d.Min}, {X: x + w, Y: d.Min}, {X: x + w, Y: d.Max}, {X: x - w, Y: d.Max}}); err == nil {
				poly.Color = withAlpha(colour, 0x50)
				poly.LineStyle.Width = 0
				p.Add(poly)
			}
		}
	}
}

// addFlags rings the flagged values in the flag colour; it returns the ring's thumbnail
// when there was one.
func addFlags(p *plot.Plot, ln health.ChartLine, st chartStyle) plot.Thumbnailer {
	var xys plotter.XYs
	for _, seg := range ln.Segments {
		for _, d := range seg {
			if d.Flag != health.FlagNone {
				xys = append(xys, plotter.XY{X: float64(d.T.Unix()), Y: ringAt(d)})
			}
		}
	}
	if len(xys) == 0 {
		return nil
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil
	}
	s.GlyphStyle = draw.GlyphStyle{Color: st.flag, Radius: vg.Points(7), Shape: thickRing{}}
	p.Add(s)
	return s
}

// ringAt is where a flagged point's ring is drawn: at a reading's value; on a day's (week's,
// month's) mean, at the lowest reading of a Low and the highest of a High, the end of its
// min–max bar that is flagged. The ring of Ren's 2.6 mmol/L night was drawn on that day's mean,
// at 7 on the axis, beside a legend saying "a low blood sugar, under 3.9 mmol/L" (F521).
func ringAt(d health.ChartPoint) float64 {
	switch {
	case d.N <= 1:
		return d.V
	case d.Flag == health.FlagLow:
		return d.Min
	case d.Flag == health.FlagHigh:
		return d.Max
	}
	return d.V
}

// thickRing is an unfilled circle drawn with a 2-point line.
type thickRing struct{}

func (thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(2)})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}

// drawHeading draws lines of text along the top of dc, the first larger, and returns the
// height it took.
func drawHeading(dc draw.Canvas, lines []string, st chartStyle) vg.Length {
	var y vg.Length
	for i, l := range lines {
		size := st.textSize
		if i == 0 {
			size *= 1.3
		}
		sty := text.Style{Color: st.fg, Font: chartFont(size), Handler: plot.DefaultTextHandler, YAlign: draw.YCenter}
		lineH := vg.Length(size * 1.5)
		dc.FillText(sty, vg.Point{X: dc.Min.X + vg.Length(st.textSize*0.5), Y: dc.Max.Y - y - lineH/2}, l)
		y += lineH
	}
	if y > 0 {
		y += vg.Length(st.textSize * 0.5)
	}
	return y
}

// drawLegend draws the entries left to right along the top of dc, wrapping to more lines
// when they do not fit, and returns the height it took.
func drawLegend(dc draw.Canvas, es []legendEntry, st chartStyle, fnt font.Font) vg.Length {
	if len(es) == 0 {
		return 0
	}
	sty := text.Style{Color: st.fg, Font: fnt, Handler: plot.DefaultTextHandler, YAlign: draw.YCenter}
	lineH := vg.Length(st.textSize * 1.5)
	thumbW := vg.Length(st.textSize * 2)
	gap := vg.Length(st.textSize)
	left := dc.Min.X + vg.Length(st.textSize*0.5)
	x, line := left, 0
	type placed struct {
		x    vg.Length
		line int
		e    legendEntry
	}
	var ps []placed
	for _, e := range es {
		ew := thumbW + vg.Length(st.textSize*0.4) + sty.Width(e.name)
		if x > left && x+ew > dc.Max.X {
			x, line = left, line+1
		}
		ps = append(ps, placed{x, line, e})
		x += ew + gap
	}
	for _, p := range ps {
		yc := dc.Max.Y - lineH*vg.Length(p.line) - lineH/2
		r := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: p.x, Y: yc - lineH*0.3}, Max: vg.Point{X: p.x + thumbW, Y: yc + lineH*0.3}}}
		for i, t := range p.e.thumb {
			tr := r
			if p.e.split {
				w := thumbW / vg.Length(len(p.e.thumb))
				tr.Min.X, tr.Max.X = p.x+w*vg.Length(i), p.x+w*vg.Length(i+1)
			}
			t.Thumbnail(&tr)
		}
		dc.FillText(sty, vg.Point{X: p.x + thumbW + vg.Length(st.textSize*0.4), Y: yc}, p.e.name)
	}
	return lineH*vg.Length(line+1) + vg.Length(st.textSize*0.3)
}

// chartView shows chart data that re-renders at the size it is given. Hovering or tapping
// near a point reports it (the points of every line at that time) through onPoint.
type chartView struct {
	widget.BaseWidget
	style   func() chartStyle
	onPoint func([]health.ChartPoint)

	mu     sync.Mutex // guards the fields below: the raster renders on the paint goroutine
	chart  health.Chart
	has    bool
	rings  string // chartStyle.rings for chart
	pts    []chartPoint
	scale  float64 // image pixels per Fyne unit at the last render
	raster *canvas.Raster
	// fit is the most height the chart may ask for (0: no limit): the room its screen has,
	// so that its values and its dates are seen together (setFit).
	fit float32
}

func newChartView(style func() chartStyle, onPoint func([]health.ChartPoint)) *chartView {
	c := &chartView{style: style, onPoint: onPoint}
	c.raster = canvas.NewRaster(c.draw)
	c.ExtendBaseWidget(c)
	return c
}

func (c *chartView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.raster) }

// MinSize keeps charts readable: room for the legend, the panels and their ticks at the
// chosen text size — but no taller than the room the screen has (fit), down to chartLeast.
func (c *chartView) MinSize() fyne.Size {
	t := theme.TextSize()
	c.mu.Lock()
	pair, fit := len(c.chart.Lines) == 2, c.fit
	c.mu.Unlock()
	h := 8*t + 120
	if pair {
		h = 12*t + 160
	}
	if fit > 0 && h > fit {
		h = max(fit, chartLeast*t)
	}
	return fyne.NewSize(chartNarrowest*t, h)
}

// chartLeast is the least height of a chart, in text sizes: its legend, a panel with its
// value ticks, and the dates. chartPanels is the least for two panels (blood pressure):
// below it the two lines share one.
//
// chartNarrowest is its least width, in text sizes: 18 asked 504 at 200 % text, wider than the
// 461 of a 1024×600 screen at FYNE_SCALE=2, and Results' right side was cut (F512 item 7).
const (
	chartNarrowest = 15
	chartLeast     = 9
	chartPanels    = 16
)

// setFit sets the most height the chart may ask for; it reports whether that changed.
func (c *chartView) setFit(h float32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fit == h {
		return false
	}
	c.fit = h
	return true
}

// set shows ch, its rings said in the legend as rings says (chartStyle.rings).
func (c *chartView) set(ch health.Chart, rings string) {
	c.mu.Lock()
	c.chart, c.has, c.rings = ch, true, rings
	c.mu.Unlock()
	c.raster.Refresh()
	c.Refresh()
}

func (c *chartView) draw(w, h int) image.Image {
	c.mu.Lock()
	ch, ok, rings := c.chart, c.has, c.rings
	c.mu.Unlock()
	if !ok || w <= 0 || h <= 0 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	st := c.style()
	st.rings = rings
	scale := 1.0
	if sz := c.Size(); sz.Width > 0 {
		scale = float64(w) / float64(sz.Width)
	}
	st.dpi = 72 * scale
	img, pts := renderChart(ch, w, h, st)
	c.mu.Lock()
	c.pts = pts
	c.scale = scale
	c.mu.Unlock()
	return img
}

// nearest is the drawn time closest to pos (within 40 units horizontally).
func (c *chartView) nearest(pos fyne.Position) ([]health.ChartPoint, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pts) == 0 || c.scale == 0 {
		return nil, false
	}
	x := float64(pos.X) * c.scale
	best, bd := -1, math.Inf(1)
	for i, p := range c.pts {
		if d := math.Abs(p.x - x); d < bd {
			best, bd = i, d
		}
	}
	if bd > 40*c.scale {
		return nil, false
	}
	return c.pts[best].pts, true
}

// Tapped reports the point under the tap (touch screens).
func (c *chartView) Tapped(e *fyne.PointEvent) {
	if p, ok := c.nearest(e.Position); ok && c.onPoint != nil {
		c.onPoint(p)
	}
}

// MouseIn, MouseMoved and MouseOut report the point under the pointer.
func (c *chartView) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }
func (c *chartView) MouseMoved(e *desktop.MouseEvent) {
	if p, ok := c.nearest(e.Position); ok && c.onPoint != nil {
		c.onPoint(p)
	}
}
func (c *chartView) MouseOut() {}
