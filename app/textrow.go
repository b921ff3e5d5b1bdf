package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// textRowLayout lays out a line of words with an icon on its left and buttons on its right,
// as container.NewBorder(nil, nil, icon, tools, text) did, but puts the buttons under the
// words when beside them the words would get less room than their longest word, or than a
// short line of them (F512 item 11): at 150 % text on 1024×600 Today's "Taken / Skip / Snooze"
// squeezed a dose's name to one word a line, and Fyne breaks a word wider than its label
// anywhere ("(colecalci / ferol)", "microgra / mos").
//
// Its objects are text, then the icon and the tools that are not nil (a Border's order).
type textRowLayout struct {
	text        *widget.Label
	icon, tools fyne.CanvasObject
	under       bool // the tools were put under the words at the last layout
}

// newTextRow is text with icon (or nil) on its left and tools (or nil) on its right, or under
// it when the row is narrow.
func newTextRow(icon fyne.CanvasObject, tools fyne.CanvasObject, text *widget.Label) *fyne.Container {
	l := &textRowLayout{text: text, icon: icon, tools: tools}
	objs := []fyne.CanvasObject{text}
	if icon != nil {
		objs = append(objs, icon)
	}
	if tools != nil {
		objs = append(objs, tools)
	}
	return container.New(l, objs...)
}

// textRowShortLine is how many text heights of width the words keep beside the buttons at the
// least (about 20 characters), when the words are longer than that.
const textRowShortLine = 10

// need is the width the words want beside the buttons: their longest word, and a short line.
func (l *textRowLayout) need() float32 {
	size := theme.TextSize()
	if l.text.SizeName != "" {
		size = theme.Size(l.text.SizeName)
	}
	style := l.text.TextStyle
	var longest float32
	for _, w := range strings.Fields(l.text.Text) {
		longest = max(longest, fyne.MeasureText(w, size, style).Width)
	}
	all := fyne.MeasureText(strings.Join(strings.Fields(l.text.Text), " "), size, style).Width
	return max(longest, min(all, textRowShortLine*size)) + 2*theme.InnerPadding()
}

func (l *textRowLayout) visible(o fyne.CanvasObject) bool { return o != nil && o.Visible() }

// left is the width taken by the icon and the padding after it.
func (l *textRowLayout) left() float32 {
	if !l.visible(l.icon) {
		return 0
	}
	return l.icon.MinSize().Width + theme.Padding()
}

func (l *textRowLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	tm := l.text.MinSize()
	var im, om fyne.Size
	if l.visible(l.icon) {
		im = l.icon.MinSize()
	}
	if l.visible(l.tools) {
		om = l.tools.MinSize()
	}
	if !l.visible(l.tools) {
		return fyne.NewSize(l.left()+tm.Width, max(tm.Height, im.Height))
	}
	if l.under {
		return fyne.NewSize(l.left()+max(tm.Width, om.Width), max(tm.Height, im.Height)+pad+om.Height)
	}
	return fyne.NewSize(l.left()+tm.Width+pad+om.Width, max(tm.Height, im.Height, om.Height))
}

func (l *textRowLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	x := l.left()
	var om fyne.Size
	if l.visible(l.tools) {
		om = l.tools.MinSize()
	}
	textW := size.Width - x
	if l.visible(l.tools) {
		textW -= om.Width + pad
	}
	l.under = l.visible(l.tools) && textW < l.need()
	if l.under {
		textW = size.Width - x
	}
	l.text.Resize(fyne.NewSize(textW, l.text.MinSize().Height))
	th := l.text.MinSize().Height // at its new width
	l.text.Resize(fyne.NewSize(textW, th))
	rowH := size.Height
	if l.under {
		rowH = th // the icon stands beside the words, the buttons under them
	}
	l.text.Move(fyne.NewPos(x, max(0, (rowH-th)/2)))
	if l.visible(l.icon) {
		im := l.icon.MinSize()
		l.icon.Resize(im)
		l.icon.Move(fyne.NewPos(0, max(0, (rowH-im.Height)/2)))
	}
	if !l.visible(l.tools) {
		return
	}
	if l.under {
		tx := x
		if om.Width > size.Width-x { // under the icon too, rather than past the edge
			tx = 0
		}
		l.tools.Resize(fyne.NewSize(min(om.Width, size.Width-tx), om.Height))
		l.tools.Move(fyne.NewPos(tx, th+pad))
		return
	}
	// at their own height beside the words' middle: not a button as tall as five lines of words
	l.tools.Resize(om)
	l.tools.Move(fyne.NewPos(size.Width-om.Width, max(0, (size.Height-om.Height)/2)))
}
