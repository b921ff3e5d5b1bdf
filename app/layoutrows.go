package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wrapRows makes the list's rows wrap their words at the list's width, each row as tall as its
// words need, as Medicines' rows do since F120: at 200 % text Care team cut 'no contact d…' and
// 'LAHEY HOSPITAL & MEDICAL CENTE…', Appointments the doctor of a visit (F199). The object
// returned goes where the list went.
func (r *rowList) wrapRows() fyne.CanvasObject {
	r.list.CreateItem = newWrapRowItem
	r.fit = &rowFit{r: r, h: map[int]float32{}}
	return container.New(r.fit, r.list)
}

// rowFit lays out a wrapping row list and gives each row its height at the list's width
// (measured once per width and list of rows).
type rowFit struct {
	r    *rowList
	w    float32
	rows []row
	h    map[int]float32 // each row's height at w
}

func (f *rowFit) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (f *rowFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	f.heights(size.Width)
}

// heights sets each row's height to what its wrapped words need at width w.
func (f *rowFit) heights(w float32) {
	rows := f.r.rows
	if w <= 0 || (w == f.w && len(rows) == len(f.rows) && (len(rows) == 0 || &rows[0] == &f.rows[0])) {
		return
	}
	f.w, f.rows = w, rows
	m := newWrapRowItem()
	for i := range rows {
		f.r.update(i, m)
		h := m.MinSize().Height
		for range 3 { // a wrapped label's height follows the width it was given
			m.Resize(fyne.NewSize(w-2*theme.Padding(), h)) // a little narrower than the list: never a line short
			if nh := m.MinSize().Height; nh != h {
				h = nh
				continue
			}
			break
		}
		f.h[i] = h
		f.r.list.SetItemHeight(i, h)
	}
}

// noteRowLayout lays out a wrapping row (newWrapRowItem: its words, the icon, the note on the
// right, as container.NewBorder orders them): the note beside the words while it takes at most
// half the row, else on its own lines under them. A long note — "9 Dec 2026, 15:30 New York
// time (20:30 here)" at 150 % text — left the appointment's title a column a word wide beside
// it: "Ólafu / r / Sigur / ðsson / · / Endo / crinol / ogy" (F575).
type noteRowLayout struct{ w float32 } // the width last laid out

// stacked says the note goes under the words in a row of width w, and gives the room beside
// the icon.
func (l *noteRowLayout) stacked(objs []fyne.CanvasObject, w float32) (bool, float32) {
	room := w - objs[1].MinSize().Width - theme.Padding()
	note := objs[2].(*widget.Label)
	if note.Text == "" {
		return false, room
	}
	natural := fyne.MeasureText(note.Text, theme.TextSize(), note.TextStyle).Width + 2*theme.InnerPadding()
	return natural > room/2, room
}

func (l *noteRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	text, icon, note := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	if l.w > 0 {
		if st, _ := l.stacked(objs, l.w); st {
			return fyne.NewSize(icon.Width+theme.Padding()+max(text.Width, note.Width), max(icon.Height, text.Height+note.Height-theme.Padding()))
		}
	}
	return fyne.NewSize(icon.Width+text.Width+note.Width+2*theme.Padding(), max(icon.Height, text.Height, note.Height))
}

func (l *noteRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.w = size.Width
	text, icon, note := objs[0], objs[1], objs[2]
	im := icon.MinSize()
	x := im.Width + theme.Padding()
	st, room := l.stacked(objs, size.Width)
	if st {
		text.Resize(fyne.NewSize(room, text.MinSize().Height))
		th := text.MinSize().Height
		text.Resize(fyne.NewSize(room, th))
		text.Move(fyne.NewPos(x, 0))
		note.Resize(fyne.NewSize(room, note.MinSize().Height))
		note.Resize(fyne.NewSize(room, note.MinSize().Height))
		note.Move(fyne.NewPos(x, th-theme.Padding()))
		icon.Resize(fyne.NewSize(im.Width, th))
		icon.Move(fyne.NewPos(0, 0))
		return
	}
	nw := min(fyne.MeasureText(note.(*widget.Label).Text, theme.TextSize(), note.(*widget.Label).TextStyle).Width+2*theme.InnerPadding(), room/2)
	if note.(*widget.Label).Text == "" {
		nw = 0
	}
	// as container.NewBorder lays them out: each the row's height
	tw := room - nw - theme.Padding()
	text.Resize(fyne.NewSize(tw, size.Height))
	text.Move(fyne.NewPos(x, 0))
	note.Resize(fyne.NewSize(nw, size.Height))
	note.Move(fyne.NewPos(size.Width-nw, 0))
	icon.Resize(fyne.NewSize(im.Width, size.Height))
	icon.Move(fyne.NewPos(0, 0))
}
