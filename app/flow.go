package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// flowLayout places its objects in a row at their own size and wraps them onto further rows
// when the row is too narrow (a card's buttons at 200 % text on a 1024×600 screen). It never
// asks for more width than its widest object; its height is that of the rows at the width it
// was last laid out at (all on one row before the first layout).
//
// With header set, the first object is a page's title and the second its tools: the tools sit
// at the right end of the title's row when both fit, else on a row of their own below it.
type flowLayout struct {
	header bool
	width  float32 // the width of the last layout, 0 before it
}

// newFlow is a container whose objects wrap onto rows as the width requires.
func newFlow(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flowLayout{}, objects...)
}

// newHeader is a page title with its tools at the right, or below it when they do not fit.
func newHeader(title, tools fyne.CanvasObject) *fyne.Container {
	return container.New(&flowLayout{header: true}, title, tools)
}

// place computes each visible object's position and size at width, and the height used.
func (l *flowLayout) place(objects []fyne.CanvasObject, width float32, apply bool) float32 {
	pad := theme.Padding()
	if l.header && len(objects) == 2 && objects[0].Visible() && objects[1].Visible() {
		title, tools := objects[0], objects[1]
		tm, om := title.MinSize(), tools.MinSize()
		om.Width = max(om.Width, oneRowWidth(tools))
		if width <= 0 || tm.Width+pad+om.Width <= width {
			h := max(tm.Height, om.Height)
			if apply {
				title.Move(fyne.NewPos(0, (h-tm.Height)/2))
				title.Resize(fyne.NewSize(max(width-om.Width-pad, tm.Width), tm.Height))
				tools.Move(fyne.NewPos(max(width-om.Width, tm.Width+pad), (h-om.Height)/2))
				tools.Resize(om)
			}
			return h
		}
		if apply {
			title.Move(fyne.NewPos(0, 0))
			title.Resize(fyne.NewSize(width, tm.Height))
			tools.Move(fyne.NewPos(0, tm.Height+pad))
			tools.Resize(fyne.NewSize(width, om.Height))
		}
		return tm.Height + pad + om.Height
	}
	var x, y, rowH float32
	first := true
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if !first && width > 0 && x+m.Width > width {
			x, y, rowH = 0, y+rowH+pad, 0
		}
		if apply {
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(min(m.Width, max(width, m.Width)), m.Height))
		}
		x += m.Width + pad
		rowH = max(rowH, m.Height)
		first = false
	}
	return y + rowH
}

// oneRowWidth is the width o takes on one row: a flow's objects side by side.
func oneRowWidth(o fyne.CanvasObject) float32 {
	c, ok := o.(*fyne.Container)
	if !ok {
		return o.MinSize().Width
	}
	if fl, ok := c.Layout.(*flowLayout); !ok || fl.header {
		return o.MinSize().Width
	}
	var w float32
	n := 0
	for _, ch := range c.Objects {
		if ch.Visible() {
			w += ch.MinSize().Width
			n++
		}
	}
	if n > 1 {
		w += theme.Padding() * float32(n-1)
	}
	return w
}

func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return fyne.NewSize(w, l.place(objects, max(l.width, w), false))
}

func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objects, size.Width, true)
}

// linkLine is a line of text that reads like text and wraps, opening something when it or
// its icon (a flat button, reachable by keyboard) is tapped.
func linkLine(text string, icon fyne.Resource, tap func()) fyne.CanvasObject {
	if icon == nil {
		icon = theme.NavigateNextIcon()
	}
	bt := widget.NewButtonWithIcon("", icon, tap)
	bt.Importance = widget.LowImportance
	l := newTapLabel(text, tap)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, bt, nil, l)
}

// columnsLayout lays its objects out in a row of equal columns across the width, as
// container.NewGridWithColumns does, while each gets at least its minimum width; when the
// width is too narrow for that, in fewer columns, down to one object a row. It never asks for
// more width than its widest object: the Timeline's three filters side by side asked 536 at
// 150 % text, wider than the 512 of a 1024×600 screen at FYNE_SCALE=2, and the page's right
// side was cut (F512 item 7).
type columnsLayout struct {
	width float32 // the width of the last layout, 0 before it
}

// newColumns is a container of objects in equal columns that fold onto rows when narrow.
func newColumns(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columnsLayout{}, objects...)
}

// columns is how many columns fit width, and the visible objects.
func (l *columnsLayout) columns(objects []fyne.CanvasObject, width float32) (int, []fyne.CanvasObject) {
	var shown []fyne.CanvasObject
	var widest float32
	for _, o := range objects {
		if o.Visible() {
			shown = append(shown, o)
			widest = max(widest, o.MinSize().Width)
		}
	}
	pad := theme.Padding()
	n := len(shown)
	for n > 1 && width > 0 && float32(n)*widest+float32(n-1)*pad > width {
		n--
	}
	return max(n, 1), shown
}

// place lays the objects out at width (apply) and gives the height used.
func (l *columnsLayout) place(objects []fyne.CanvasObject, width float32, apply bool) float32 {
	n, shown := l.columns(objects, width)
	pad := theme.Padding()
	cellW := (width - float32(n-1)*pad) / float32(n)
	var y float32
	for i := 0; i < len(shown); i += n {
		var rowH float32
		for _, o := range shown[i:min(i+n, len(shown))] {
			rowH = max(rowH, o.MinSize().Height)
		}
		if apply {
			for j, o := range shown[i:min(i+n, len(shown))] {
				o.Move(fyne.NewPos(float32(j)*(cellW+pad), y))
				o.Resize(fyne.NewSize(cellW, rowH))
			}
		}
		y += rowH + pad
	}
	return max(y-pad, 0)
}

func (l *columnsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	at := l.width
	if at <= 0 { // before the first layout: one row, as a grid asks
		n, _ := l.columns(objects, 0)
		at = float32(n)*w + float32(n-1)*theme.Padding()
	}
	return fyne.NewSize(w, l.place(objects, max(at, w), false))
}

func (l *columnsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objects, size.Width, true)
}

// foldFormLayout holds a widget.Form whose labels are beside their fields when the width
// allows, and above them when it does not: Settings' form (the theme choices beside
// "Lock when idle") asked 549 wide at 200 % text, wider than the 461 of a 1024×600 screen at
// FYNE_SCALE=2, and the page's right side was cut. It never asks for more width than a label
// above its field needs; its height is the form's as last laid out.
type foldFormLayout struct {
	form  *widget.Form
	width float32 // the width of the last layout, 0 before it
}

// newFoldForm is form in a container that puts its labels above its fields when narrow.
func newFoldForm(form *widget.Form) *fyne.Container {
	return container.New(&foldFormLayout{form: form}, form)
}

// widths are the form's widths with its labels beside their fields and above them.
func (l *foldFormLayout) widths() (beside, above float32) {
	inner := theme.InnerPadding()
	var label, field float32
	for _, it := range l.form.Items {
		if it.Widget == nil || !it.Widget.Visible() {
			continue
		}
		label = max(label, fyne.MeasureText(it.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width)
		field = max(field, it.Widget.MinSize().Width)
	}
	return label + 2*inner + theme.Padding() + field, max(label+inner, field)
}

// orient puts the labels beside their fields when that fits width, else above them.
func (l *foldFormLayout) orient(width float32) {
	beside, _ := l.widths()
	o := widget.Horizontal
	if beside > width {
		o = widget.Vertical
	}
	if l.form.Orientation != o {
		l.form.Orientation = o
		l.form.Refresh()
	}
}

func (l *foldFormLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	_, above := l.widths()
	// The text size changed in a window of the same size: asked again, the fields have their
	// new size (laid out before they had it, at 200 % the labels stayed beside the theme
	// choices, "Same as the s|" cut at the window's edge).
	if l.width > 0 {
		l.orient(l.width)
	}
	return fyne.NewSize(above, l.form.MinSize().Height)
}

func (l *foldFormLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.orient(size.Width)
	l.form.Move(fyne.NewPos(0, 0))
	l.form.Resize(fyne.NewSize(size.Width, l.form.MinSize().Height))
}
