package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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
