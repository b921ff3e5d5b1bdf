package glfw

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/internal/driver"
	"fyne.io/fyne/v2/internal/widget"
)

// CareKeeper patch (README.carekeeper.md): Tab and Shift+Tab bring the control they focus into
// view. Upstream moved the focus to controls scrolled out of sight and left the scroll where
// it was, so a keyboard user pressed Space on something they could not see.

// scrollToFocused scrolls every scroll container holding the focused object, innermost first,
// just enough for the object to be inside it.
func (w *window) scrollToFocused() {
	obj, ok := w.canvas.Focused().(fyne.CanvasObject)
	if !ok || obj == nil {
		return
	}
	root := w.canvas.Content()
	if top := w.canvas.Overlays().Top(); top != nil {
		root = top
	}
	type scrollAt struct {
		s   *widget.Scroll
		pos fyne.Position
	}
	var stack, found []scrollAt
	var objPos fyne.Position
	driver.WalkVisibleObjectTree(root, func(o fyne.CanvasObject, pos, _ fyne.Position, _ fyne.Size) bool {
		if o == obj {
			objPos = pos
			found = append([]scrollAt(nil), stack...)
			return true
		}
		if s, ok := o.(*widget.Scroll); ok {
			stack = append(stack, scrollAt{s, pos})
		}
		return false
	}, func(o fyne.CanvasObject, _ fyne.Position, _ fyne.CanvasObject) {
		if n := len(stack); n > 0 && stack[n-1].s == o {
			stack = stack[:n-1]
		}
	})
	size := obj.Size()
	for i := len(found) - 1; i >= 0; i-- {
		sc := found[i]
		off := sc.s.Offset
		view := sc.s.Size()
		content := sc.s.Content.MinSize().Max(sc.s.Content.Size())
		dy := shiftInto(objPos.Y-sc.pos.Y, size.Height, view.Height)
		dx := shiftInto(objPos.X-sc.pos.X, size.Width, view.Width)
		if sc.s.Direction == widget.ScrollHorizontalOnly || sc.s.Direction == widget.ScrollNone {
			dy = 0
		}
		if sc.s.Direction == widget.ScrollVerticalOnly || sc.s.Direction == widget.ScrollNone {
			dx = 0
		}
		next := fyne.NewPos(clampOffset(off.X+dx, content.Width-view.Width), clampOffset(off.Y+dy, content.Height-view.Height))
		if next != off {
			sc.s.ScrollToOffset(next)
			// Its owner follows, as after a scroll by the wheel: a list draws the rows now in
			// view, a screen folds its header (CareKeeper's pageFrame). ScrollToOffset does not
			// tell OnScrolled.
			if f := sc.s.OnScrolled; f != nil {
				f(next)
			}
			sc.s.Refresh()
			objPos = objPos.Subtract(next.Subtract(off)) // where the object is now, for the scrolls outside
		}
	}
}

// shiftInto is how far to scroll for a span at rel (from the start of a view of length view),
// of length n, to be inside the view: 0 when it is; its start at the view's start when it does
// not fit.
func shiftInto(rel, n, view float32) float32 {
	switch {
	case rel < 0 || n > view:
		return rel
	case rel+n > view:
		return rel + n - view
	}
	return 0
}

func clampOffset(v, most float32) float32 {
	if v > most {
		v = most
	}
	if v < 0 {
		v = 0
	}
	return v
}
