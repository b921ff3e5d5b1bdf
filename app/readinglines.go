package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// readingLines lists a chart's readings in words under it, one a line, each line a stop of Tab
// (and of Up and Down from a line): in one label Tab went from "Hide the readings" past every
// reading to the top bar, and a keyboard user could not reach them (F431).
type readingLines struct {
	box  *fyne.Container
	Text string // every line, "\n" between
	// show scrolls the page to show a line the arrow keys moved to (Tab does it itself).
	show func(fyne.CanvasObject)
}

func newReadingLines(show func(fyne.CanvasObject)) *readingLines {
	return &readingLines{box: container.NewVBox(), show: show}
}

// SetText sets the lines, "\n" between.
func (r *readingLines) SetText(text string) {
	r.Text = text
	r.box.Objects = nil
	if text != "" {
		for _, l := range strings.Split(text, "\n") {
			r.box.Objects = append(r.box.Objects, newReadingLine(l, r))
		}
	}
	r.box.Refresh()
}

func (r *readingLines) Visible() bool { return r.box.Visible() }
func (r *readingLines) Show()         { r.box.Show() }
func (r *readingLines) Hide()         { r.box.Hide() }

// move gives the focus to the line n lines from l, if there is one, and shows it.
func (r *readingLines) move(l *readingLine, n int) {
	for i, o := range r.box.Objects {
		if o != l {
			continue
		}
		j := i + n
		if j < 0 || j >= len(r.box.Objects) {
			return
		}
		next := r.box.Objects[j].(*readingLine)
		if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
			c.Focus(next)
		}
		if r.show != nil {
			r.show(next)
		}
		return
	}
}

// readingLine is one reading in words: a wrapping label that takes the focus, marked while it
// has it as a list's keyboard row is (the focus colour, a ring in the primary colour).
type readingLine struct {
	widget.BaseWidget
	text    string
	lines   *readingLines
	focused bool
}

func newReadingLine(text string, lines *readingLines) *readingLine {
	l := &readingLine{text: text, lines: lines}
	l.ExtendBaseWidget(l)
	return l
}

func (l *readingLine) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	label := widget.NewLabel(l.text)
	label.Wrapping = fyne.TextWrapWord
	return &readingLineRenderer{l: l, bg: bg, label: label, objs: []fyne.CanvasObject{bg, label}}
}

func (l *readingLine) FocusGained()   { l.focused = true; l.Refresh() }
func (l *readingLine) FocusLost()     { l.focused = false; l.Refresh() }
func (l *readingLine) TypedRune(rune) {}
func (l *readingLine) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		l.lines.move(l, 1)
	case fyne.KeyUp:
		l.lines.move(l, -1)
	}
}

type readingLineRenderer struct {
	l     *readingLine
	bg    *canvas.Rectangle
	label *widget.Label
	objs  []fyne.CanvasObject
}

func (r *readingLineRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.label.Resize(size)
}

func (r *readingLineRenderer) MinSize() fyne.Size { return r.label.MinSize() }

func (r *readingLineRenderer) Refresh() {
	r.bg.FillColor, r.bg.StrokeColor, r.bg.StrokeWidth = color.Transparent, color.Transparent, 0
	if r.l.focused {
		r.bg.FillColor = theme.Color(theme.ColorNameFocus)
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 2
	}
	r.bg.Refresh()
	r.label.SetText(r.l.text)
}

func (r *readingLineRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *readingLineRenderer) Destroy()                     {}
