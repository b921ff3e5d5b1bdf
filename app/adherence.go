package app

import (
	"fmt"
	"image/color"
	"time"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// adherenceDays is how far back the adherence charts look.
const adherenceDays = 14

// adherenceChart draws adherence as bars, one per day (or week): the bar's height is the share
// of scheduled doses taken on time, the percentage is written above it and the day below, so
// nothing depends on colour. A day without scheduled doses shows "–" and no bar.
type adherenceChart struct {
	widget.BaseWidget
	buckets []remind.Tally
	period  remind.Period
	loc     *time.Location
}

func newAdherenceChart() *adherenceChart {
	c := &adherenceChart{loc: time.Local}
	c.ExtendBaseWidget(c)
	return c
}

// set shows new buckets.
func (c *adherenceChart) set(buckets []remind.Tally, period remind.Period, loc *time.Location) {
	c.buckets, c.period = buckets, period
	if loc != nil {
		c.loc = loc
	}
	c.Refresh()
}

// bucketLabel is a bucket's short name under its bar: the day of the month, or the week's
// first day.
func (c *adherenceChart) bucketLabel(t remind.Tally) string {
	s := t.Start.In(c.loc)
	if c.period == remind.Day {
		return s.Format("2")
	}
	return s.Format("2 Jan")
}

// percent is a bucket's value text: "86%", or "–" when nothing was scheduled.
func percent(t remind.Tally) string {
	if t.Scheduled == 0 {
		return "–"
	}
	return fmt.Sprintf("%d%%", int(t.Rate()*100+0.5))
}

// adherenceSummary says a tally in words (the chart's text alternative).
func adherenceSummary(t remind.Tally) string {
	if t.Scheduled == 0 {
		return lang.L("No scheduled doses in this time yet.")
	}
	return count(t.Scheduled, "Taken on time: {{.OnTime}} of {{.Count}} doses ({{.Percent}}) · late {{.Late}} · skipped {{.Skipped}} · no answer {{.Missed}}",
		map[string]any{"OnTime": t.OnTime, "Percent": percent(t), "Late": t.Late, "Skipped": t.Skipped, "Missed": t.Missed})
}

func (c *adherenceChart) CreateRenderer() fyne.WidgetRenderer {
	r := &adherenceRenderer{c: c}
	r.rebuild()
	return r
}

type adherenceBar struct {
	track, fill *canvas.Rectangle
	value, name *canvas.Text
}

type adherenceRenderer struct {
	c       *adherenceChart
	bars    []adherenceBar
	objects []fyne.CanvasObject
	empty   *canvas.Text
}

func (r *adherenceRenderer) rebuild() {
	fg := theme.Color(theme.ColorNameForeground)
	prim := theme.Color(theme.ColorNamePrimary)
	track := theme.Color(theme.ColorNameInputBackground)
	size := theme.CaptionTextSize()
	r.bars, r.objects = nil, nil
	for _, t := range r.c.buckets {
		b := adherenceBar{
			track: canvas.NewRectangle(track),
			fill:  canvas.NewRectangle(prim),
			value: canvas.NewText(percent(t), fg),
			name:  canvas.NewText(r.c.bucketLabel(t), fg),
		}
		b.track.StrokeColor, b.track.StrokeWidth = fg, 1
		b.track.CornerRadius, b.fill.CornerRadius = 2, 2
		b.value.TextSize, b.name.TextSize = size, size
		b.value.Alignment, b.name.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
		if t.Scheduled == 0 {
			b.fill.Hide()
			b.track.FillColor = color.Transparent
		}
		r.bars = append(r.bars, b)
		r.objects = append(r.objects, b.track, b.fill, b.value, b.name)
	}
	if len(r.bars) == 0 {
		r.empty = canvas.NewText(lang.L("No scheduled doses yet"), fg)
		r.empty.TextSize = size
		r.objects = append(r.objects, r.empty)
	}
}

// slot is a bar's width with its percentage above it on one row; narrowSlot the least width
// of a bar, its percentages then on two rows, every other one raised: 14 bars in a dialog
// 421 units wide (FYNE_SCALE=2 on a 1024×600 screen) lost today's bar at the right (F191).
func (r *adherenceRenderer) slot() float32 {
	return max(28, fyne.MeasureText("100%", theme.CaptionTextSize(), fyne.TextStyle{}).Width+theme.Padding())
}

func (r *adherenceRenderer) narrowSlot() float32 {
	day := fyne.MeasureText("30", theme.CaptionTextSize(), fyne.TextStyle{}).Width + theme.Padding()
	return max(day, r.slot()/2)
}

func (r *adherenceRenderer) MinSize() fyne.Size {
	th := fyne.MeasureText("100%", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	n := max(len(r.bars), 4)
	return fyne.NewSize(float32(n)*r.narrowSlot(), 2*th+60) // two rows of percentages take from the bars
}

func (r *adherenceRenderer) Layout(size fyne.Size) {
	if r.empty != nil {
		r.empty.Move(fyne.NewPos(0, 0))
		r.empty.Resize(r.empty.MinSize())
	}
	if len(r.bars) == 0 {
		return
	}
	th := fyne.MeasureText("100%", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	w := size.Width / float32(len(r.bars))
	twoRows := w < r.slot()
	barTop := th
	if twoRows {
		barTop = 2 * th
	}
	barH := size.Height - barTop - th
	barW := max(6, min(w*0.6, 40))
	for i, b := range r.bars {
		x := float32(i) * w
		t := r.c.buckets[i]
		if twoRows {
			// Each percentage has two slots' width, centred on its bar (kept inside the chart).
			vw := min(2*w, size.Width)
			vx := min(max(0, x+w/2-vw/2), size.Width-vw)
			vy := th
			if i%2 == 0 {
				vy = 0
			}
			b.value.Move(fyne.NewPos(vx, vy))
			b.value.Resize(fyne.NewSize(vw, th))
		} else {
			b.value.Move(fyne.NewPos(x, 0))
			b.value.Resize(fyne.NewSize(w, th))
		}
		b.name.Move(fyne.NewPos(x, barTop+barH))
		b.name.Resize(fyne.NewSize(w, th))
		bx := x + (w-barW)/2
		b.track.Move(fyne.NewPos(bx, barTop))
		b.track.Resize(fyne.NewSize(barW, barH))
		h := barH * float32(t.Rate())
		b.fill.Move(fyne.NewPos(bx, barTop+barH-h))
		b.fill.Resize(fyne.NewSize(barW, h))
	}
}

func (r *adherenceRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *adherenceRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *adherenceRenderer) Destroy()                     {}
