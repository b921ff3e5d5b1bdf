package app

import (
	"image"
	"image/color"
	"math"
	"sync"
	"time"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// chartStyle is the colours a chart is drawn with, taken from the theme so that charts
// stay legible in light, dark and high contrast.
type chartStyle struct {
	bg, fg, grid, band, line1, line2 color.Color
	dpi                              float64
}

// chartStyleFor reads the current theme's colours.
func chartStyleFor(th fyne.Theme, v fyne.ThemeVariant, scale float32) chartStyle {
	fg := th.Color(theme.ColorNameForeground, v)
	prim := th.Color(theme.ColorNamePrimary, v)
	r, g, b, _ := fg.RGBA()
	return chartStyle{
		bg:    th.Color(theme.ColorNameBackground, v),
		fg:    fg,
		grid:  color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x30},
		band:  color.NRGBA{0x4d, 0xc4, 0x7a, 0x38},
		line1: prim,
		line2: th.Color(theme.ColorNameWarning, v),
		dpi:   96 * float64(scale),
	}
}

// chartPoint is where a measurement was drawn, in image pixels, for hover and tap.
type chartPoint struct {
	x, y float64
	p    health.Point
}

// maxMarkers is the number of points above which only lines are drawn (a 10-year daily
// series would otherwise be a smear of thousands of glyphs, and slow).
const maxMarkers = 400

// renderChart draws the points of se since from into a w×h image. Systolic and diastolic
// (or a single series) differ by marker shape and dash, not only by colour; the reference
// range is a band.
func renderChart(se *health.Series, from time.Time, w, h int, st chartStyle) (*image.RGBA, []chartPoint) {
	if w < 50 || h < 50 {
		w, h = max(w, 50), max(h, 50)
	}
	pts := decimate(se.Since(from), w/3)
	p := plot.New()
	p.BackgroundColor = st.bg
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Color = st.fg
		ax.Label.TextStyle.Color = st.fg
		ax.Tick.Color = st.fg
		ax.Tick.Label.Color = st.fg
	}
	p.Legend.TextStyle.Color = st.fg
	p.Legend.Top = true
	p.Y.Label.Text = se.Unit
	span := time.Duration(0)
	if len(pts) > 1 {
		span = pts[len(pts)-1].T.Sub(pts[0].T)
	}
	format := "2006-01"
	if span > 3*365*24*time.Hour {
		format = "2006"
	} else if span < 120*24*time.Hour {
		format = "2 Jan"
	}
	p.X.Tick.Marker = plot.TimeTicks{Format: format}
	p.Add(&plotter.Grid{Vertical: draw.LineStyle{}, Horizontal: draw.LineStyle{Color: st.grid, Width: vg.Points(0.5)}})

	xy1 := make(plotter.XYs, len(pts))
	xy2 := make(plotter.XYs, len(pts))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, pt := range pts {
		x := float64(pt.T.Unix())
		xy1[i] = plotter.XY{X: x, Y: pt.V}
		xy2[i] = plotter.XY{X: x, Y: pt.V2}
		lo, hi = math.Min(lo, pt.V), math.Max(hi, pt.V)
		if se.Pair {
			lo, hi = math.Min(lo, pt.V2), math.Max(hi, pt.V2)
		}
	}
	if len(pts) > 0 {
		x0, x1 := xy1[0].X, xy1[len(xy1)-1].X
		if x1 == x0 {
			x0, x1 = x0-86400*15, x1+86400*15
		}
		p.X.Min, p.X.Max = x0, x1
		for _, rg := range []health.Range{se.Range, se.Range2} {
			if rg.Low == nil && rg.High == nil {
				continue
			}
			l, u := lo, hi
			if rg.Low != nil {
				l = *rg.Low
			}
			if rg.High != nil {
				u = *rg.High
			}
			lo, hi = math.Min(lo, l), math.Max(hi, u)
			band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: l}, {X: x1, Y: l}, {X: x1, Y: u}, {X: x0, Y: u}})
			if err == nil {
				band.Color = st.band
				band.LineStyle.Width = 0
				p.Add(band)
			}
		}
		pad := (hi - lo) * 0.1
		if pad == 0 {
			pad = math.Max(math.Abs(hi)*0.1, 1)
		}
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
	}
	markers := len(pts) <= maxMarkers
	addLine := func(xys plotter.XYs, c color.Color, dashed bool, shape draw.GlyphDrawer, name string) {
		if len(xys) == 0 {
			return
		}
		// The line is drawn in short pieces: freetype's rasterizer slows down sharply on one
		// long stroked path (10 years of daily readings took 0.8 s as one path).
		const piece = 16
		var thumbs []plot.Thumbnailer
		for i := 0; i < len(xys)-1 || i == 0; i += piece {
			end := min(i+piece+1, len(xys))
			l, err := plotter.NewLine(xys[i:end])
			if err != nil {
				return
			}
			l.Color = c
			l.Width = vg.Points(2)
			if dashed {
				l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
			}
			if i == 0 {
				thumbs = append(thumbs, l)
			}
			p.Add(l)
			if end == len(xys) {
				break
			}
		}
		if markers {
			s, err := plotter.NewScatter(xys)
			if err == nil {
				s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3.5), Shape: shape}
				p.Add(s)
				thumbs = append(thumbs, s)
			}
		}
		if se.Pair {
			p.Legend.Add(name, thumbs...)
		}
	}
	addLine(xy1, st.line1, false, draw.CircleGlyph{}, "Systolic (●, solid)")
	if se.Pair {
		addLine(xy2, st.line2, true, draw.TriangleGlyph{}, "Diastolic (▲, dashed)")
	}

	// vg lengths are points (1/72 in); the image has dpi pixels per inch.
	toLen := func(px int) vg.Length { return vg.Length(float64(px) * 72 / st.dpi) }
	c := vgimg.NewWith(vgimg.UseWH(toLen(w), toLen(h)), vgimg.UseDPI(int(st.dpi)), vgimg.UseBackgroundColor(st.bg))
	dc := draw.New(c)
	p.Draw(dc)
	img, _ := c.Image().(*image.RGBA)
	var out []chartPoint
	if len(pts) > 0 {
		da := p.DataCanvas(dc)
		trX, trY := p.Transforms(&da)
		ih := float64(img.Bounds().Dy())
		for _, pt := range pts {
			x := float64(trX(float64(pt.T.Unix()))) * st.dpi / 72
			y := ih - float64(trY(pt.V))*st.dpi/72
			out = append(out, chartPoint{x: x, y: y, p: pt})
		}
	}
	return img, out
}

// decimate keeps at most about 2×buckets points: in each of buckets equal time slices, the
// lowest and the highest reading (so peaks stay visible). A 10-year daily series drawn
// point by point costs far more than the pixels can show.
func decimate(pts []health.Point, buckets int) []health.Point {
	if buckets < 1 || len(pts) <= 2*buckets {
		return pts
	}
	t0, t1 := pts[0].T.Unix(), pts[len(pts)-1].T.Unix()
	width := float64(t1-t0+1) / float64(buckets)
	out := make([]health.Point, 0, 2*buckets)
	for i := 0; i < len(pts); {
		b := int(float64(pts[i].T.Unix()-t0) / width)
		lo, hi := i, i
		j := i
		for ; j < len(pts) && int(float64(pts[j].T.Unix()-t0)/width) == b; j++ {
			if pts[j].V < pts[lo].V {
				lo = j
			}
			if pts[j].V > pts[hi].V {
				hi = j
			}
		}
		switch {
		case lo == hi:
			out = append(out, pts[lo])
		case lo < hi:
			out = append(out, pts[lo], pts[hi])
		default:
			out = append(out, pts[hi], pts[lo])
		}
		i = j
	}
	return out
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

// MinSize keeps charts readable.
func (c *chartView) MinSize() fyne.Size { return fyne.NewSize(300, 220) }

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
	img, pts := renderChart(se, from, w, h, c.style())
	c.mu.Lock()
	c.pts = pts
	if sz := c.Size(); sz.Width > 0 {
		c.scale = float64(w) / float64(sz.Width)
	}
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
