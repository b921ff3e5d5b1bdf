package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sync"

	"carekeeper/assets"

	"golang.org/x/image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// formWidth is the width of the passphrase forms.
const formWidth = 440

// columnLayout gives its objects a fixed width and stacks them like a VBox. Unlike a VBox in
// a Center container, it gives wrapping labels a width to wrap at.
//
// With grow, the width grows with the chosen text size, up to 1.6 times (a 1024-wide window at
// 200 % text): the welcome screen's passphrase boxes stayed 260 px wide and a revealed
// 22-letter passphrase read "pp26 household" (F86). That width is what it takes when there is
// room (centredColumn), not what it needs: the unlock screen shown by Lock at 150 % text asked
// for 660 units on a 512-unit screen and the window grew past the screen's edge (F543).
type columnLayout struct {
	width float32
	grow  bool
}

// at is the column's width at the chosen text size.
func (l columnLayout) at() float32 {
	if l.grow {
		return l.width * min(textScale(), 1.6)
	}
	return l.width
}

func (l columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if !l.grow {
		l.width = l.at()
	}
	h := float32(0)
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h += heightAt(o, max(l.width, o.Size().Width)) // as laid out, when wider
		n++
	}
	if n > 1 {
		h += theme.Padding() * float32(n-1)
	}
	return fyne.NewSize(l.width, h)
}

func (l columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h := heightAt(o, size.Width)
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + theme.Padding()
	}
}

// heightAt is o's height at width w (wrapping labels depend on their width). The column asks
// for its width but lays out at the width it is given: a dialog widened for 200 % text laid a
// label out wider than the height it had measured, and the label was cut (or, measured at the
// narrow width, left blank lines).
func heightAt(o fyne.CanvasObject, w float32) float32 {
	if o.Size().Width != w {
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
	}
	return o.MinSize().Height
}

// centredColumn puts objects in a column formWidth wide (more at large text, when the window
// has room) in the middle of the window.
func centredColumn(objects ...fyne.CanvasObject) fyne.CanvasObject {
	l := columnLayout{width: formWidth, grow: true}
	return container.New(centreLayout{l}, container.New(l, objects...))
}

// centreLayout puts its one object, a growing column, in the middle: as wide as the column
// grows at this text size or as the space, whichever is less, and at least formWidth.
type centreLayout struct{ col columnLayout }

func (c centreLayout) MinSize(objects []fyne.CanvasObject) fyne.Size { return objects[0].MinSize() }

func (c centreLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	o := objects[0]
	w := max(min(c.col.at(), size.Width), o.MinSize().Width)
	o.Resize(fyne.NewSize(w, o.MinSize().Height)) // its labels wrap at w
	h := o.MinSize().Height
	o.Resize(fyne.NewSize(w, h))
	o.Move(fyne.NewPos((size.Width-w)/2, max(0, (size.Height-h)/2)))
}

// logo is the app icon at size points.
// logoImage is the app's icon scaled once to 256 pixels (the largest logo, 72 units, at twice
// the pixels), shared by every logo on screen: a canvas image of the 512-pixel PNG decoded it
// into a 1 MiB image of its own, kept for as long as the logo was shown.
var logoImage = sync.OnceValue(func() image.Image {
	src, err := png.Decode(bytes.NewReader(assets.IconPNG))
	if err != nil {
		return image.NewNRGBA(image.Rect(0, 0, 1, 1)) // the embedded icon is a PNG (assets)
	}
	dst := image.NewNRGBA(image.Rect(0, 0, 256, 256))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
})

func logo(size float32) *canvas.Image {
	img := canvas.NewImageFromImage(logoImage())
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(size))
	return img
}

// heading is a large bold centred label.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// paragraph is a word-wrapped label.
func paragraph(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// messageLabel is the inline message under a form: an error (danger) or a hint (low).
type messageLabel struct{ *widget.Label }

func newMessageLabel() messageLabel {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return messageLabel{l}
}

// setError shows msg as an error, or hides the label when msg is "".
func (m messageLabel) setError(msg string) { m.set(msg, widget.DangerImportance) }

// setHint shows msg as a plain hint, or hides the label when msg is "".
func (m messageLabel) setHint(msg string) { m.set(msg, widget.MediumImportance) }

func (m messageLabel) set(msg string, imp widget.Importance) {
	m.Importance = imp
	m.SetText(msg)
	if msg == "" {
		m.Hide()
	} else {
		m.Show()
	}
}

// isError reports whether the label shows an error.
func (m messageLabel) isError() bool { return m.Visible() && m.Importance == widget.DangerImportance }

// readOnlyEntry is a multi-line monospace entry whose text can be selected and copied but not
// changed. Shortcuts it does not use go to onShortcut, so Ctrl+L still locks while it has focus.
type readOnlyEntry struct {
	widget.Entry
	text       string
	onShortcut func(fyne.Shortcut)
}

func newReadOnlyEntry(onShortcut func(fyne.Shortcut)) *readOnlyEntry {
	e := &readOnlyEntry{onShortcut: onShortcut}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapOff
	e.TextStyle = fyne.TextStyle{Monospace: true}
	e.ExtendBaseWidget(e)
	e.OnChanged = e.revert
	return e
}

// setContent replaces the text shown.
func (e *readOnlyEntry) setContent(text string) {
	e.text = text
	e.SetText(text)
	e.CursorRow, e.CursorColumn = 0, 0
	e.Refresh()
}

// revert undoes any change that slipped past the key filters below.
func (e *readOnlyEntry) revert(s string) {
	if s != e.text {
		e.SetText(e.text)
	}
}

// TypedRune ignores typing.
func (e *readOnlyEntry) TypedRune(rune) {}

// TypedKey lets navigation keys through and drops editing keys.
func (e *readOnlyEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut allows copy and select-all, and forwards the window's own shortcuts.
func (e *readOnlyEntry) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutSelectAll:
		e.Entry.TypedShortcut(s)
	case *desktop.CustomShortcut:
		if e.onShortcut != nil {
			e.onShortcut(s)
		}
	}
}

// TappedSecondary offers copy and select-all only (the entry's own menu has cut and paste).
func (e *readOnlyEntry) TappedSecondary(pe *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("Copy", func() {
			e.Entry.TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
		}),
		fyne.NewMenuItem("Select all", func() { e.Entry.TypedShortcut(&fyne.ShortcutSelectAll{}) }),
	)
	widget.ShowPopUpMenuAtPosition(menu, c, pe.AbsolutePosition)
}

// upToColumn stacks its objects like a VBox at most width wide: narrower in a narrower
// window, never asking for more width than its widest object needs (a wrapping label needs
// little). Its height is that of the objects at the width it was last laid out at (width
// before the first layout). The "Get your records in" guide uses it: at 560 units it made
// Today wider than a 1024×600 screen at FYNE_SCALE=2.
type upToColumn struct {
	width  float32
	centre bool    // the column in the middle of a wider container (else at its left)
	last   float32 // the width of the last layout, 0 before it
}

func (l *upToColumn) at() float32 {
	if l.last > 0 {
		return min(l.last, l.width)
	}
	return l.width
}

func (l *upToColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	w := l.at()
	var minW, h float32
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		minW = max(minW, o.MinSize().Width)
		h += heightAt(o, max(w, o.MinSize().Width))
		n++
	}
	if n > 1 {
		h += theme.Padding() * float32(n-1)
	}
	return fyne.NewSize(minW, h)
}

func (l *upToColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if size.Width > 0 { // not while hidden
		l.last = size.Width
	}
	w := min(size.Width, l.width)
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		cw := max(w, o.MinSize().Width)
		h := heightAt(o, cw)
		x := float32(0)
		if l.centre {
			x = max(size.Width-cw, 0) / 2
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(cw, h))
		y += h + theme.Padding()
	}
}

// twoColumns places its objects (buttons) in a grid of two equal columns when the width
// allows, else in one column; it never asks for more width than its widest object (People's
// six buttons in two columns were wider than a 1024×600 screen at FYNE_SCALE=2).
//
// Its height depends on the width it was last laid out at: put it where it is measured at its
// width before it is placed (the top of a frameLayout).
type twoColumns struct {
	last float32 // the width of the last layout, 0 before it
}

func (l *twoColumns) cols(objects []fyne.CanvasObject, width float32) int {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	if width <= 0 || 2*w+theme.Padding() <= width {
		return 2
	}
	return 1
}

func (l *twoColumns) place(objects []fyne.CanvasObject, width float32, apply bool) fyne.Size {
	cols := l.cols(objects, width)
	p := theme.Padding()
	var minW, rowH, y float32
	colW := (width - p*float32(cols-1)) / float32(cols)
	i := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		minW = max(minW, m.Width)
		if i > 0 && i%cols == 0 {
			y += rowH + p
			rowH = 0
		}
		rowH = max(rowH, m.Height)
		if apply {
			o.Move(fyne.NewPos(float32(i%cols)*(colW+p), y))
			o.Resize(fyne.NewSize(colW, m.Height))
		}
		i++
	}
	return fyne.NewSize(minW, y+rowH)
}

func (l *twoColumns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return l.place(objects, l.last, false)
}

func (l *twoColumns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if size.Width > 0 { // not while hidden
		l.last = size.Width
	}
	l.place(objects, size.Width, true)
}

// boxed gives a Select the outline a text field has, in the theme's input border colour: in
// High contrast a Select is black on black and was no box at all, the person switcher in the
// top bar plain text a person could not tell was a control (F504). in is what the Select is
// placed in, sized as it (a layout that sets its width), or nil. The outline shows only while
// sel does.
func boxed(sel *widget.Select, in fyne.CanvasObject) *fyne.Container {
	if in == nil {
		in = sel
	}
	return container.NewStack(in, newOutline(sel))
}

// outline draws a rounded frame in the input border colour over its size; it takes no taps.
type outline struct {
	widget.BaseWidget
	of fyne.CanvasObject // drawn only while it is shown
}

func newOutline(of fyne.CanvasObject) *outline {
	o := &outline{of: of}
	o.ExtendBaseWidget(o)
	return o
}

// Visible follows the object outlined: the screen selector is hidden beside a sidebar.
func (o *outline) Visible() bool { return o.BaseWidget.Visible() && o.of.Visible() }

func (o *outline) CreateRenderer() fyne.WidgetRenderer {
	r := &outlineRenderer{o: o, rect: canvas.NewRectangle(nil)}
	r.Refresh()
	return r
}

type outlineRenderer struct {
	o    *outline
	rect *canvas.Rectangle
}

func (r *outlineRenderer) Layout(size fyne.Size) { r.rect.Resize(size) }
func (r *outlineRenderer) MinSize() fyne.Size    { return fyne.Size{} }
func (r *outlineRenderer) Destroy()              {}
func (r *outlineRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.rect}
}

func (r *outlineRenderer) Refresh() {
	th := r.o.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.rect.FillColor = color.Transparent
	r.rect.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	r.rect.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.rect.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.rect.Refresh()
}
