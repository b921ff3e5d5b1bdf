package app

import (
	"image"
	"image/color"
	"math"
	"sort"
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

// chartPoint is where a measurement was drawn, in image pixels, for hover and tap.
type chartPoint struct {
	x, y float64
	p    health.Point
}

// maxMarkers is the number of drawn points above which markers are left off (a dense
// series would otherwise be a smear of glyphs).
const maxMarkers = 150

// flagOf is how a value stands against the record's own reference range (only a range the
// records give flags a value; a typical range is only drawn): -1 low, +1 high, 0 neither.
func flagOf(v float64, rg health.Range) int {
	if rg.Typical {
		return 0
	}
	switch {
	case rg.Low != nil && v < *rg.Low:
		return -1
	case rg.High != nil && v > *rg.High:
		return 1
	}
	return 0
}

// pointFlags are the flags of a point's value and (blood pressure) second value.
func pointFlags(se *health.Series, pt health.Point) (f1, f2 int) {
	rg := pt.Range
	if rg.Low == nil && rg.High == nil {
		rg = se.Range
	}
	f1 = flagOf(pt.V, rg)
	if se.Pair {
		f2 = flagOf(pt.V2, se.Range2)
	}
	return f1, f2
}

// flagWord is "High", "Low" or "".
func flagWord(f int) string {
	switch {
	case f > 0:
		return lang.L("High")
	case f < 0:
		return lang.L("Low")
	}
	return ""
}

// drawnPoint is one point on a panel: a reading, or the mean of a day, week or month of
// readings with their lowest and highest.
type drawnPoint struct {
	t           time.Time
	v, lo, hi   float64
	n           int
	flag        int
	breakBefore bool // a gap: the line does not join this point to the one before
	src         health.Point
}

// panel is one value of a series drawn against its own band: the single value, or the
// systolic or the diastolic pressure.
type panel struct {
	name    string // "Systolic", "Diastolic" or ""
	pts     []drawnPoint
	band    health.Range
	line    color.Color
	shape   draw.GlyphDrawer
	dashed  bool
	summary string // "daily", "weekly", "monthly" or "" when every reading is drawn
}

// panelsOf splits the points of se shown since from into panels (one, or two for blood
// pressure), summarised when there are more than about maxPts, with gaps marked.
func panelsOf(se *health.Series, pts []health.Point, maxPts int, st chartStyle) []*panel {
	one := &panel{band: se.Range, line: st.line1, shape: draw.CircleGlyph{}}
	if !se.Pair {
		one.pts, one.summary = summarise(pts, maxPts, func(p health.Point) (float64, int) {
			f, _ := pointFlags(se, p)
			return p.V, f
		})
		return []*panel{one}
	}
	one.name = lang.L("Systolic")
	two := &panel{name: lang.L("Diastolic"), band: se.Range2, line: st.line2,
		shape: draw.TriangleGlyph{}, dashed: true}
	one.pts, one.summary = summarise(pts, maxPts, func(p health.Point) (float64, int) {
		f, _ := pointFlags(se, p)
		return p.V, f
	})
	two.pts, two.summary = summarise(pts, maxPts, func(p health.Point) (float64, int) {
		_, f := pointFlags(se, p)
		return p.V2, f
	})
	return []*panel{one, two}
}

// summarise turns readings into drawn points: each reading when there are at most maxPts,
// else the mean with lowest and highest per day, week or month (the smallest that fits).
// A gap much longer than the usual interval between readings breaks the line.
func summarise(pts []health.Point, maxPts int, val func(health.Point) (float64, int)) ([]drawnPoint, string) {
	out := make([]drawnPoint, 0, min(len(pts), maxPts+1))
	summary := ""
	if len(pts) > maxPts && len(pts) > 1 {
		span := pts[len(pts)-1].T.Sub(pts[0].T)
		key := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		summary = "daily"
		if span > time.Duration(maxPts)*24*time.Hour {
			summary = "weekly"
			key = func(t time.Time) time.Time {
				y, m, d := t.Date()
				day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				return day.AddDate(0, 0, -int((day.Weekday()+6)%7))
			}
		}
		if span > time.Duration(maxPts)*7*24*time.Hour {
			summary = "monthly"
			key = func(t time.Time) time.Time { y, m, _ := t.Date(); return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
		}
		for i := 0; i < len(pts); {
			k := key(pts[i].T)
			dp := drawnPoint{lo: math.Inf(1), hi: math.Inf(-1), src: pts[i]}
			var sum, tsum float64
			for ; i < len(pts) && key(pts[i].T).Equal(k); i++ {
				v, f := val(pts[i])
				sum += v
				tsum += float64(pts[i].T.Unix())
				dp.lo, dp.hi = math.Min(dp.lo, v), math.Max(dp.hi, v)
				if f != 0 {
					dp.flag = f
				}
				dp.n++
				dp.src = pts[i]
			}
			dp.v = sum / float64(dp.n)
			dp.t = time.Unix(int64(tsum/float64(dp.n)), 0)
			out = append(out, dp)
		}
	} else {
		for _, p := range pts {
			v, f := val(p)
			out = append(out, drawnPoint{t: p.T, v: v, lo: v, hi: v, n: 1, flag: f, src: p})
		}
	}
	markGaps(out)
	return out, summary
}

// markGaps breaks the line before a point that comes more than four times the usual
// (median) interval after the one before, and at least two days after it.
func markGaps(pts []drawnPoint) {
	if len(pts) < 3 {
		if len(pts) == 2 {
			pts[1].breakBefore = pts[1].t.Sub(pts[0].t) > 2*365*24*time.Hour
		}
		return
	}
	gaps := make([]time.Duration, 0, len(pts)-1)
	for i := 1; i < len(pts); i++ {
		gaps = append(gaps, pts[i].t.Sub(pts[i-1].t))
	}
	sorted := append([]time.Duration(nil), gaps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	limit := max(4*sorted[len(sorted)/2], 48*time.Hour)
	for i, g := range gaps {
		pts[i+1].breakBefore = g > limit
	}
}

// legendEntry is one item of the legend drawn above the plot.
type legendEntry struct {
	name  string
	thumb []plot.Thumbnailer
	split bool // the thumbnails side by side (the bands of two panels), not over each other
}

// renderChart draws the points of se since from into a w×h image: a panel per value (blood
// pressure: systolic above diastolic, each against its own band, so that a diastolic value
// is never read against the systolic range), the band labelled as the lab's range or a
// typical adult range, values outside the record's range ringed, gaps left open and dense
// series summarised. The legend is a strip above the plot, never over the data.
func renderChart(se *health.Series, from time.Time, w, h int, st chartStyle) (*image.RGBA, []chartPoint) {
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
	pts := se.Since(from)
	maxPts := max(int(float64(w)/unit/8), 20)
	panels := panelsOf(se, pts, maxPts, st)
	tickFont, textFont := chartFont(st.textSize*0.85), chartFont(st.textSize*0.9)

	var x0, x1 float64
	if len(pts) > 0 {
		x0, x1 = float64(pts[0].T.Unix()), float64(pts[len(pts)-1].T.Unix())
		if x1-x0 < 86400*30 {
			mid := (x0 + x1) / 2
			x0, x1 = mid-86400*15, mid+86400*15
		}
		pad := (x1 - x0) * 0.03
		x0, x1 = x0-pad, x1+pad
	}
	span := time.Duration(x1-x0) * time.Second
	format := "Jan 2006"
	if span > 3*365*24*time.Hour {
		format = "2006"
	} else if span < 120*24*time.Hour {
		format = "2 Jan"
	}

	var lines, legend []legendEntry // the lines first, then bands and flags
	var plots []*plot.Plot
	for pi, pn := range panels {
		p := plot.New()
		p.BackgroundColor = st.bg
		for _, ax := range []*plot.Axis{&p.X, &p.Y} {
			ax.Color = st.fg
			ax.Label.TextStyle.Color = st.fg
			ax.Label.TextStyle.Font = textFont
			ax.Tick.Color = st.fg
			ax.Tick.Label.Color = st.fg
			ax.Tick.Label.Font = tickFont
		}
		p.Y.Label.Text = se.Unit
		if se.Pair {
			p.Title.Text = pn.name
			p.Title.TextStyle.Font = textFont
			p.Title.TextStyle.Color = st.fg
			p.Title.TextStyle.XAlign = draw.XLeft
			p.Title.Padding = vg.Length(st.textSize * 0.2)
		}
		p.X.Tick.Marker = plot.TimeTicks{Format: format}
		p.X.Min, p.X.Max = x0, x1
		p.Add(&plotter.Grid{Vertical: draw.LineStyle{}, Horizontal: draw.LineStyle{Color: st.grid, Width: vg.Points(0.5)}})

		lo, hi := math.Inf(1), math.Inf(-1)
		for _, d := range pn.pts {
			lo, hi = math.Min(lo, d.lo), math.Max(hi, d.hi)
		}
		if rg := pn.band; len(pn.pts) > 0 && (rg.Low != nil || rg.High != nil) {
			l, u := lo, hi
			if rg.Low != nil {
				l = *rg.Low
			}
			if rg.High != nil {
				u = *rg.High
			}
			lo, hi = math.Min(lo, l), math.Max(hi, u)
			if band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: l}, {X: x1, Y: l}, {X: x1, Y: u}, {X: x0, Y: u}}); err == nil {
				band.Color = withAlpha(pn.line, 0x38)
				band.LineStyle.Width = 0
				p.Add(band)
				name := lang.L("range from the lab")
				if rg.Typical {
					name = lang.L("typical adult range")
				}
				if i := entryIndex(legend, name); i >= 0 {
					legend[i].thumb = append(legend[i].thumb, band) // both panels' bands: one entry
				} else {
					legend = append(legend, legendEntry{name: name, thumb: []plot.Thumbnailer{band}, split: true})
				}
			}
		}
		if len(pn.pts) > 0 {
			pad := (hi - lo) * 0.12
			if pad == 0 {
				pad = math.Max(math.Abs(hi)*0.1, 1)
			}
			p.Y.Min, p.Y.Max = lo-pad, hi+pad
		}
		// Summaries: the range of each day, week or month as a light envelope.
		if pn.summary != "" {
			addEnvelopes(p, pn, x0, x1)
		}
		thumbs := addSegments(p, pn)
		markers := len(pn.pts) <= maxMarkers
		if markers {
			xys := make(plotter.XYs, len(pn.pts))
			for i, d := range pn.pts {
				xys[i] = plotter.XY{X: float64(d.t.Unix()), Y: d.v}
			}
			if s, err := plotter.NewScatter(xys); err == nil {
				s.GlyphStyle = draw.GlyphStyle{Color: pn.line, Radius: vg.Points(3.5), Shape: pn.shape}
				p.Add(s)
				thumbs = append(thumbs, s)
			}
		}
		var name string
		if se.Pair {
			name = map[int]string{0: lang.L("Systolic (solid)"), 1: lang.L("Diastolic (dashed)")}[pi]
		} else {
			name = lang.L("Your readings")
		}
		if pn.summary != "" {
			name += " — " + map[string]string{"daily": lang.L("daily mean, shading from lowest to highest"),
				"weekly": lang.L("weekly mean, shading from lowest to highest"),
				"monthly": lang.L("monthly mean, shading from lowest to highest")}[pn.summary]
		}
		lines = append(lines, legendEntry{name: name, thumb: thumbs})
		if flagged := addFlags(p, pn, st); flagged != nil && (pi == 0 || entryIndex(legend, lang.L("outside the lab's range")) < 0) {
			legend = append(legend, legendEntry{name: lang.L("outside the lab's range"), thumb: []plot.Thumbnailer{flagged}})
		}
		plots = append(plots, p)
	}

	toLen := func(px int) vg.Length { return vg.Length(float64(px) / unit) }
	c := vgimg.NewWith(vgimg.UseWH(toLen(w), toLen(h)), vgimg.UseDPI(int(math.Round(st.dpi))), vgimg.UseBackgroundColor(st.bg))
	dc := draw.New(c)
	legendH := drawLegend(dc, append(lines, legend...), st, textFont)
	area := draw.Crop(dc, 0, 0, 0, -legendH)
	canvases := plot.Align(columnOf(plots), draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Length(st.textSize * 0.6)}, area)
	for i, p := range plots {
		p.Draw(canvases[i][0])
	}
	img, _ := c.Image().(*image.RGBA)
	var out []chartPoint
	if len(panels) > 0 && len(pts) > 0 {
		da := plots[0].DataCanvas(canvases[0][0])
		trX, trY := plots[0].Transforms(&da)
		ih := float64(img.Bounds().Dy())
		for _, d := range panels[0].pts {
			x := float64(trX(float64(d.t.Unix()))) * unit
			y := ih - float64(trY(d.v))*unit
			out = append(out, chartPoint{x: x, y: y, p: d.src})
		}
	}
	return img, out
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

// addSegments draws the line of a panel, left open at gaps. The line is drawn in short
// pieces: freetype's rasterizer slows down sharply on one long stroked path.
func addSegments(p *plot.Plot, pn *panel) []plot.Thumbnailer {
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
		l.Color = pn.line
		l.Width = vg.Points(2)
		if pn.dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		if thumb == nil {
			thumb = l
		}
		p.Add(l)
	}
	var run plotter.XYs
	for _, d := range pn.pts {
		xy := plotter.XY{X: float64(d.t.Unix()), Y: d.v}
		if d.breakBefore {
			flush(run)
			run = nil
		}
		run = append(run, xy)
		if len(run) > piece {
			flush(run)
			run = plotter.XYs{xy}
		}
	}
	flush(run)
	if thumb == nil {
		return nil
	}
	return []plot.Thumbnailer{thumb}
}

// addEnvelopes shades each summarised point's lowest-to-highest range.
func addEnvelopes(p *plot.Plot, pn *panel, x0, x1 float64) {
	w := (x1 - x0) / 400
	for _, d := range pn.pts {
		if d.n < 2 || d.hi == d.lo {
			continue
		}
		x := float64(d.t.Unix())
		if poly, err := plotter.NewPolygon(plotter.XYs{{X: x - w, Y: d.lo}, {X: x + w, Y: d.lo}, {X: x + w, Y: d.hi}, {X: x - w, Y: d.hi}}); err == nil {
			poly.Color = withAlpha(pn.line, 0x50)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
	}
}

// addFlags rings the values outside the record's range in the flag colour; it returns the
// ring's thumbnail when there was one.
func addFlags(p *plot.Plot, pn *panel, st chartStyle) plot.Thumbnailer {
	var xys plotter.XYs
	for _, d := range pn.pts {
		if d.flag != 0 {
			xys = append(xys, plotter.XY{X: float64(d.t.Unix()), Y: d.v})
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

// chartView shows a series as a chart that re-renders at the size it is given. Hovering
// or tapping near a point reports it through onPoint.
type chartView struct {
	widget.BaseWidget
	style   func() chartStyle
	onPoint func(health.Point)

	mu     sync.Mutex // guards the fields below: the raster renders on the paint goroutine
	series *health.Series
	from   time.Time
	pts    []chartPoint
	scale  float64 // image pixels per Fyne unit at the last render
	raster *canvas.Raster
}

func newChartView(style func() chartStyle, onPoint func(health.Point)) *chartView {
	c := &chartView{style: style, onPoint: onPoint}
	c.raster = canvas.NewRaster(c.draw)
	c.ExtendBaseWidget(c)
	return c
}

func (c *chartView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.raster) }

// MinSize keeps charts readable: room for the legend, two panels and their ticks at the
// chosen text size.
func (c *chartView) MinSize() fyne.Size {
	t := theme.TextSize()
	c.mu.Lock()
	pair := c.series != nil && c.series.Pair
	c.mu.Unlock()
	if pair {
		return fyne.NewSize(18*t, 12*t+160)
	}
	return fyne.NewSize(18*t, 8*t+120)
}

// set shows se since from.
func (c *chartView) set(se *health.Series, from time.Time) {
	c.mu.Lock()
	c.series, c.from = se, from
	c.mu.Unlock()
	c.raster.Refresh()
}

func (c *chartView) draw(w, h int) image.Image {
	c.mu.Lock()
	se, from := c.series, c.from
	c.mu.Unlock()
	if se == nil || w <= 0 || h <= 0 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	st := c.style()
	scale := 1.0
	if sz := c.Size(); sz.Width > 0 {
		scale = float64(w) / float64(sz.Width)
	}
	st.dpi = 72 * scale
	img, pts := renderChart(se, from, w, h, st)
	c.mu.Lock()
	c.pts = pts
	c.scale = scale
	c.mu.Unlock()
	return img
}

// nearest is the point drawn closest to pos (within 40 units horizontally).
func (c *chartView) nearest(pos fyne.Position) (health.Point, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pts) == 0 || c.scale == 0 {
		return health.Point{}, false
	}
	x := float64(pos.X) * c.scale
	best, bd := -1, math.Inf(1)
	for i, p := range c.pts {
		if d := math.Abs(p.x - x); d < bd {
			best, bd = i, d
		}
	}
	if bd > 40*c.scale {
		return health.Point{}, false
	}
	return c.pts[best].p, true
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
