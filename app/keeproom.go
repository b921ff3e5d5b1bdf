package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// keepRoom puts a screen's tools (objects[0]) above its list (objects[1]) and gives the list
// the rest of the height. When the tools whole would leave the list fewer than rows of its
// rows (at 200 % text on a 1024×600 screen the People buttons, one a line, pushed the list
// off the screen, and the Timeline's filters and search left it no line), compact(true) folds
// what can wait into a button or a menu. Its minimum height is the compact tools' and one
// row, so the screen does not scroll as a whole (taking the tools away with it) while there is
// room for the tools and a row.
type keepRoom struct {
	rows float32
	// whole and folded are the tools' heights at a width, whole and folded; fold folds them
	// (on) or unfolds them.
	whole, folded func(width float32) float32
	fold          func(on bool)
	// isFolded says whether the last layout folded the tools.
	isFolded bool
	// hidden: the page's header has folded away (pageFrame, a short window with the list
	// scrolled down) and the tools with it: the list has the whole height.
	hidden bool
}

func (l *keepRoom) MinSize(objects []fyne.CanvasObject) fyne.Size {
	tools, list := objects[0].MinSize(), objects[1].MinSize()
	return fyne.NewSize(max(tools.Width, list.Width), l.folded(0)+theme.Padding()+list.Height)
}

func (l *keepRoom) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	tools, list := objects[0], objects[1]
	if l.hidden {
		tools.Hide()
		list.Move(fyne.NewPos(0, 0))
		list.Resize(size)
		return
	}
	tools.Show()
	p := theme.Padding()
	fold := l.whole(size.Width)+p+l.rows*list.MinSize().Height > size.Height
	if fold != l.isFolded {
		l.isFolded = fold
		l.fold(fold)
	}
	// Measured at the width it gets: buttons in two columns or one are as high as that says.
	tools.Resize(fyne.NewSize(size.Width, tools.Size().Height))
	h := tools.MinSize().Height
	tools.Move(fyne.NewPos(0, 0))
	tools.Resize(fyne.NewSize(size.Width, h))
	list.Move(fyne.NewPos(0, h+p))
	list.Resize(fyne.NewSize(size.Width, max(size.Height-h-p, 0)))
}
