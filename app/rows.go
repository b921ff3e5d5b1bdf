package app

import (
	"context"
	"strings"
	"time"

	"carekeeper/internal/ccda"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// row is one line of a rowList: a title, a line under it and a note on the right.
type row struct {
	Title, Sub, Right string
	Icon              fyne.Resource
	Warn              bool // drawn with the warning colour and icon (e.g. sources differ)
	OnTap             func()
}

// rowList is a virtualised list of two-line rows.
type rowList struct {
	rows []row
	list *widget.List
	fit  *rowFit // the rows wrap (wrapRows); nil: each row is one line of each, cut with '…'
}

func newRowList() *rowList {
	r := &rowList{}
	r.list = widget.NewList(func() int { return len(r.rows) }, newRowItem, r.update)
	r.list.OnSelected = func(i widget.ListItemID) {
		if i < len(r.rows) && r.rows[i].OnTap != nil {
			r.rows[i].OnTap()
		}
		r.list.Unselect(i)
	}
	return r
}

func newRowItem() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("Sub")
	sub.SizeName = theme.SizeNameCaptionText
	sub.Truncation = fyne.TextTruncateEllipsis
	right := widget.NewLabel("")
	text := container.New(&tightVBox{}, title, sub)
	return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), right, text)
}

func (r *rowList) update(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(r.rows) {
		return
	}
	rw := r.rows[i]
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	ic := c.Objects[1].(*widget.Icon)
	right := c.Objects[2].(*widget.Label)
	title := text.Objects[0].(*widget.Label)
	title.SetText(rw.Title)
	sub := text.Objects[1].(*widget.Label)
	sub.SetText(rw.Sub)
	sub.Importance = widget.MediumImportance
	if rw.Warn {
		sub.Importance = widget.WarningImportance
		sub.Refresh()
	}
	right.SetText(rw.Right)
	switch {
	case rw.Warn:
		ic.SetResource(theme.WarningIcon())
	case rw.Icon != nil:
		ic.SetResource(rw.Icon)
	default:
		ic.SetResource(theme.InfoIcon())
	}
	// The note on the right takes the width of its new text: lay the row out again, or a
	// recycled row keeps the note's old width ("2 Mar 2026" squeezed to a blank one's).
	c.Refresh()
}

func (r *rowList) set(rows []row) {
	r.rows = rows
	if r.fit != nil {
		r.fit.heights(r.list.Size().Width)
	}
	r.list.UnselectAll()
	r.list.Refresh()
	r.list.ScrollToTop()
}

// tightVBox stacks the visible objects without padding between them.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height - theme.Padding()
	}
	return fyne.NewSize(w, h+theme.Padding())
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.Padding()
	}
}

// heading2 is a screen's title.
func heading2(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// section is a bold label above a group.
func section(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// emptyState says that there is nothing to show and what to do about it.
type emptyState struct {
	fyne.CanvasObject
	title, text *widget.Label
	button      *widget.Button
}

func newEmptyState(icon fyne.Resource, title, text, action string, onAction func()) *emptyState {
	e := &emptyState{title: heading(title), text: paragraph(text)}
	e.text.Alignment = fyne.TextAlignCenter
	objs := []fyne.CanvasObject{
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), widget.NewIcon(icon))),
		e.title, e.text,
	}
	if action != "" {
		e.button = widget.NewButton(action, onAction)
		e.button.Importance = widget.HighImportance
		objs = append(objs, container.NewCenter(e.button))
	}
	// In a scroll: at 200 % text on a small screen the words may need more height than the
	// screen has. The column is narrower in a narrower window (FYNE_SCALE=2 on 1024×600).
	e.CanvasObject = container.NewVScroll(container.NewVBox(layout.NewSpacer(),
		container.New(&upToColumn{width: 460, centre: true}, objs...), layout.NewSpacer()))
	return e
}

// goFiles is the empty states' "Import records" action: the file dialog, importing into the
// person shown.
func (s *shell) goFiles() { s.importRecords() }

// pageFrame is a screen: a title, a line under it, optional tools on the right, and a body
// that is replaced by an empty state when there is nothing to show.
type pageFrame struct {
	title, sub *widget.Label
	body       fyne.CanvasObject
	empty      *emptyState
	content    fyne.CanvasObject
	box        *fyne.Container // content, laid out by frameLayout
	// folded: the window is short and the body is scrolled down, so the header (title, tools,
	// date line) has scrolled away with the content and the body has the whole height (F119).
	folded bool
	hooked map[*container.Scroll]bool // the body's scrolls whose scrolling folds the header
	lists  map[*widget.List]bool      // the body's lists whose scrolling folds the header
	// rooms are the body's keepRoom layouts: their tools above the list (the Timeline's
	// filters, the People buttons) fold away with the header.
	rooms  map[*keepRoom]fyne.CanvasObject
	laying bool // inside Layout: a scroll clamped by a resize does not lay out again
	// keys holds two focus stops of no size, shown only while the header is folded away:
	// reached by Tab from the top bar or Shift+Tab from the content, they bring the header
	// back, so its buttons are not out of the keyboard's reach.
	keys *fyne.Container
	// pinned: the keyboard brought the header back (unfoldForKeys); it stays until the body
	// is scrolled again.
	pinned bool
	// held is a list of a few rows scrolled down: the header folded away and all its rows are
	// in sight with the page's height, so it has nothing left to scroll. The page stays folded,
	// the list filling it, until the wheel goes up over it (wheel), the keyboard brings the
	// header back or the page's rows are set again (setEmpty).
	held  *widget.List
	wheel *wheelCatch
}

func newPageFrame(title string, tools fyne.CanvasObject, body fyne.CanvasObject, empty *emptyState) *pageFrame {
	f := &pageFrame{title: heading2(title), sub: widget.NewLabel(""), body: body, empty: empty,
		hooked: map[*container.Scroll]bool{}, lists: map[*widget.List]bool{}, rooms: map[*keepRoom]fyne.CanvasObject{}}
	f.sub.Wrapping = fyne.TextWrapWord
	// The subtitle spans the page's width below the title and its tools: beside the tools it
	// wrapped into a narrow column, one word a line.
	var top fyne.CanvasObject = container.NewVBox(f.title, f.sub)
	if tools != nil {
		top = container.NewVBox(newHeader(f.title, tools), f.sub)
	}
	empty.Hide()
	// The empty state's own object goes into the tree: Fyne draws containers and widgets, not
	// a struct that embeds one.
	f.keys = container.New(noRoom{}, newFoldKey(func() { f.unfoldForKeys(true) }), newFoldKey(func() { f.unfoldForKeys(false) }))
	f.keys.Hide()
	f.wheel = newWheelCatch(f.release)
	f.wheel.Hide()
	// The wheel over the header scrolls the body (F525 item 8).
	top = container.NewStack(top, newHeaderWheel(func() *pageFrame { return f }, func(w *headerWheel) *container.Scroll { return scrollHolding(w) }))
	f.box = container.New(&frameLayout{f: f}, top, container.NewStack(f.keys, body, empty.CanvasObject, f.wheel))
	f.content = f.box
	return f
}

// foldKey is a focus stop that draws nothing and calls onFocus when it gets the focus.
type foldKey struct {
	widget.BaseWidget
	onFocus func()
}

func newFoldKey(onFocus func()) *foldKey {
	k := &foldKey{onFocus: onFocus}
	k.ExtendBaseWidget(k)
	return k
}

func (k *foldKey) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}
func (k *foldKey) FocusGained()            { k.onFocus() }
func (k *foldKey) FocusLost()              {}
func (k *foldKey) TypedRune(rune)          {}
func (k *foldKey) TypedKey(*fyne.KeyEvent) {}

// noRoom gives its objects no size: they take no taps and draw nothing.
type noRoom struct{}

func (noRoom) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }
func (noRoom) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.Size{})
	}
}

// headFocusables are the controls that fold away with the header (its tools, the tools
// above a list), in the keyboard's order, those shown and enabled.
func (f *pageFrame) headFocusables() []fyne.Focusable {
	var out []fyne.Focusable
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
			return
		}
		if fo, ok := o.(fyne.Focusable); ok {
			out = append(out, fo)
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				walk(ch)
			}
		}
	}
	// Shown or not, the parts are walked as they are when unfolded.
	top := f.box.Objects[0]
	if c, ok := top.(*fyne.Container); ok {
		for _, ch := range c.Objects {
			walk(ch)
		}
	}
	for _, tools := range f.rooms {
		if c, ok := tools.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				walk(ch)
			}
		}
	}
	return out
}

// unfoldForKeys brings the folded header back over the content, left where it is, until the
// content is scrolled again, and gives the keyboard focus to the header's first control (Tab
// from above) or its last (Shift+Tab from the content).
func (f *pageFrame) unfoldForKeys(first bool) {
	if !f.folded {
		return
	}
	f.pinned = true
	f.held = nil
	f.box.Layout.Layout(f.box.Objects, f.box.Size())
	f.box.Refresh()
	fs := f.headFocusables()
	c := fyne.CurrentApp().Driver().CanvasForObject(f.box)
	if c == nil || len(fs) == 0 {
		return
	}
	if first {
		c.Focus(fs[0])
	} else {
		c.Focus(fs[len(fs)-1])
	}
}

// frameLayout puts a page's header (objects[0]) above its body (objects[1]). The header is
// measured at the page's width before it is placed: its wrapping subtitle and its title row
// know their height only once they have their width, and a header measured at its last width
// (a Border's top) took a one-line subtitle for eight lines after a resize.
//
// In a short window (the header would take more than shortHeader of the page: 200 % text on a
// 1024×600 screen, where the top bar and the header left Today three lines) the header scrolls
// away with the content: once the body is scrolled down it is hidden and the body has the
// page's whole height; scrolled back to the top, it shows again.
type frameLayout struct{ f *pageFrame }

// shortHeader is the part of a page's height from which its header folds away when the body
// is scrolled; shortLines is the page's height, in text sizes, below which it folds away
// whatever its share (a Results chart at FYNE_SCALE=2 on a 1024×600 screen: a 40-unit header,
// 23 % of the page, kept the chart from being seen whole).
const (
	shortHeader = 0.25
	shortLines  = 20
)

// short reports whether a page of height h is short for a header of height head: the header
// folds away when the body is scrolled down.
func short(head, h float32) bool {
	return head > h*shortHeader || h < shortLines*theme.TextSize()
}

func (l *frameLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	top, body := objects[0].MinSize(), objects[1].MinSize()
	if l.f.folded {
		// The header is away: the page needs the body's room only. Counted, the header kept
		// the shell's scroll scrolled down under a folded page, the list's first row cut in
		// half at its top (F428).
		return body
	}
	return fyne.NewSize(max(top.Width, body.Width), top.Height+theme.Padding()+body.Height)
}

func (l *frameLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	f := l.f
	f.laying = true
	defer func() { f.laying = false }()
	top, body := objects[0], objects[1]
	top.Resize(fyne.NewSize(size.Width, top.MinSize().Height)) // lays it out at this width
	f.hookScrolls(body)
	was := f.folded
	f.folded = f.shouldFold(f.foldHeight(), size.Height)
	for r := range f.rooms {
		r.hidden = f.folded
	}
	if f.folded {
		if !was {
			f.unfocusFolded()
		}
		if len(f.headFocusables()) > 0 {
			f.keys.Show()
		}
		top.Hide()
		scrolled := f.scrolledLists() // before the list grows: growing may bring it to its top
		body.Move(fyne.NewPos(0, 0))
		body.Resize(size)
		f.holdFewRows(scrolled, size)
		return
	}
	f.held = nil
	f.wheel.Hide()
	top.Show()
	f.keys.Hide()
	// Twice at most: laying out the body may hide or show a part of the header (Results hides
	// the subtitle while a chart fills a narrow window).
	for range 2 {
		h := top.MinSize().Height
		top.Move(fyne.NewPos(0, 0))
		top.Resize(fyne.NewSize(size.Width, h))
		y := h + theme.Padding()
		body.Move(fyne.NewPos(0, y))
		body.Resize(fyne.NewSize(size.Width, max(size.Height-y, 0)))
		if top.MinSize().Height == h {
			return
		}
	}
}

// scrolledLists are the body's lists shown and scrolled down.
func (f *pageFrame) scrolledLists() []*widget.List {
	var out []*widget.List
	for l := range f.lists {
		if l.Visible() && l.GetScrollOffset() > 0 {
			out = append(out, l)
		}
	}
	return out
}

// holdFewRows: a list of a few rows, scrolled down, folds the header away at once (F428:
// folding only once it was scrolled further than the header is high left Conditions and
// Appointments scrolling a strip one row high under their header). With the header's room all
// its rows may fit: the list fills the page all the same (it kept a short viewport, its rows'
// height less a unit to scroll, over an empty band), and the page stays folded, held, until
// the wheel goes up over it (wheelCatch) or the keyboard brings the header back.
func (f *pageFrame) holdFewRows(scrolled []*widget.List, size fyne.Size) {
	if f.held != nil && (!f.held.Visible() || f.held.ContentHeight() > f.held.Size().Height) {
		f.held = nil // it has rows to scroll again (a narrower window): it scrolls back itself
	}
	for _, l := range scrolled {
		if f.held == nil && l.ContentHeight() <= l.Size().Height {
			f.held = l
		}
	}
	if f.held != nil {
		f.wheel.Show()
	} else {
		f.wheel.Hide()
	}
}

// release brings a held page's header back (the wheel went up over it, or its rows were set
// again).
func (f *pageFrame) release() {
	if f.held == nil {
		return
	}
	f.held = nil
	f.wheel.Hide()
	f.box.Layout.Layout(f.box.Objects, f.box.Size())
	f.box.Refresh()
}

// wheelCatch lies over a held page's body (pageFrame.held) and takes the wheel, which the
// list, having nothing to scroll, does not answer: up brings the header back. It draws nothing
// and takes no taps.
type wheelCatch struct {
	widget.BaseWidget
	up func()
}

func newWheelCatch(up func()) *wheelCatch {
	w := &wheelCatch{up: up}
	w.ExtendBaseWidget(w)
	return w
}

func (w *wheelCatch) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (w *wheelCatch) Scrolled(ev *fyne.ScrollEvent) {
	if ev.Scrolled.DY > 0 {
		w.up()
	}
}

// headerWheel lies over a page's header and passes the wheel to the page's body: at large text
// on a 1024×600 screen, under a top bar of two rows, the header is most of what shows of the
// page, and the wheel over it did nothing until the pointer was over the body's last lines
// (F525 item 8). When nothing in the body moves (it has nothing to scroll, or is at its end),
// the screen's own scroll takes it, as it did. One lies over the window's top bar too, passing
// the wheel to the screen shown. It draws nothing and takes no taps.
type headerWheel struct {
	widget.BaseWidget
	frame func() *pageFrame                    // the page whose body the wheel scrolls first (nil when none)
	outer func(*headerWheel) *container.Scroll // takes the wheel when the body does not move (nil when none)
}

// newHeaderWheel passes the wheel to frame's body, else to outer's scroll. A page's header and
// the window's top bar (the screen shown) each lie under one.
func newHeaderWheel(frame func() *pageFrame, outer func(*headerWheel) *container.Scroll) *headerWheel {
	w := &headerWheel{frame: frame, outer: outer}
	w.ExtendBaseWidget(w)
	return w
}

func (w *headerWheel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (w *headerWheel) Scrolled(ev *fyne.ScrollEvent) {
	if f := w.frame(); f != nil && f.wheelBody(ev) {
		return
	}
	if sc := w.outer(w); sc != nil {
		sc.Scrolled(ev)
	}
}

// wheelBody scrolls the first vertical scroll or list shown in the body (or the empty state)
// by a wheel's turn, and reports whether it moved.
func (f *pageFrame) wheelBody(ev *fyne.ScrollEvent) bool {
	moved := false
	var find func(o fyne.CanvasObject) bool
	find = func(o fyne.CanvasObject) bool {
		if o == nil || !o.Visible() {
			return false
		}
		switch t := o.(type) {
		case *widget.List:
			before := t.GetScrollOffset()
			t.ScrollToOffset(before - ev.Scrolled.DY)
			moved = t.GetScrollOffset() != before
			return true
		case *container.Scroll:
			if t.Direction == container.ScrollHorizontalOnly || t.Direction == container.ScrollNone {
				return find(t.Content)
			}
			before := t.Offset
			t.Scrolled(ev) // its OnScrolled folds the header (hookScrolls)
			moved = t.Offset != before
			return true
		case *fyne.Container:
			for _, c := range t.Objects {
				if find(c) {
					return true
				}
			}
		}
		return false
	}
	if !find(f.body) {
		find(f.empty.CanvasObject)
	}
	if moved {
		f.scrolled()
	}
	return moved
}

// scrollHolding is the innermost vertical scroll of o's window that holds o, nil if none.
func scrollHolding(o fyne.CanvasObject) *container.Scroll {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	var holder *container.Scroll
	for _, x := range pathTo(c.Content(), o) {
		if t, ok := x.(*container.Scroll); ok && x != o && t.Direction != container.ScrollHorizontalOnly && t.Direction != container.ScrollNone {
			holder = t
		}
	}
	return holder
}

// kids are the objects o holds, as the app walks its widget tree: a container's objects, a
// scroll's content, a card's content.
func kids(o fyne.CanvasObject) []fyne.CanvasObject {
	switch t := o.(type) {
	case *fyne.Container:
		return t.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{t.Content}
	case *widget.Card:
		return []fyne.CanvasObject{t.Content}
	}
	return nil
}

// pathTo is the chain of objects from root down to o (root first, o last) through kids; nil
// when o is not under root.
func pathTo(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil {
		return nil
	}
	if root == o {
		return []fyne.CanvasObject{o}
	}
	for _, k := range kids(root) {
		if p := pathTo(k, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// folds reports whether the header folds away when the body is scrolled down: the window is
// short for it.
func (f *pageFrame) folds() bool {
	return short(f.foldHeight(), f.box.Size().Height)
}

// foldHeight is the height the body gains when the header folds: the header's, and the
// tools above a list that fold with it.
func (f *pageFrame) foldHeight() float32 {
	h := f.box.Objects[0].MinSize().Height
	for _, tools := range f.rooms {
		h += tools.MinSize().Height + theme.Padding()
	}
	return h
}

// unfocusFolded takes the keyboard focus away from a control that folds away (the Timeline's
// search): typing must not go into a box the person cannot see.
func (f *pageFrame) unfocusFolded() {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.box)
	if c == nil || c.Focused() == nil {
		return
	}
	foc, ok := c.Focused().(fyne.CanvasObject)
	if !ok {
		return
	}
	parts := []fyne.CanvasObject{f.box.Objects[0]}
	for _, tools := range f.rooms {
		parts = append(parts, tools)
	}
	for _, p := range parts {
		if holds(p, foc) {
			c.Unfocus()
			return
		}
	}
}

// holds reports whether o is in the tree in.
func holds(in, o fyne.CanvasObject) bool { return pathTo(in, o) != nil }

// shouldFold reports whether a header of height head folds away in a page of height h: the
// page is short and one of the body's scrolls or lists is scrolled down. It folds only when
// the content is still longer than the body with the header's room added (else the scroll
// would go back to the top as the body grew and the header would come back at once). A list
// folds it as soon as it is scrolled down, however long: a list whose rows all fit once it has
// the header's room is kept scrolling by keepListScrolling.
func (f *pageFrame) shouldFold(head, h float32) bool {
	// The body or, as on the first run's "Get your records in", the empty state scrolled (F378).
	if (!f.body.Visible() && !f.empty.Visible()) || !short(head, h) || f.pinned {
		return false
	}
	if f.held != nil {
		return true
	}
	room := head + theme.Padding()
	for sc := range f.hooked {
		if !sc.Visible() || sc.Offset.Y <= 0 || sc.Content == nil {
			continue
		}
		if f.folded || sc.Content.MinSize().Height > sc.Size().Height+room {
			return true
		}
	}
	return len(f.scrolledLists()) > 0
}

// hookScrolls makes every vertical scroll container and list shown in o lay the frame out
// again when it is scrolled: the header folds away or comes back.
func (f *pageFrame) hookScrolls(o fyne.CanvasObject) {
	if o == nil || !o.Visible() {
		return
	}
	switch t := o.(type) {
	case *widget.List:
		if !f.lists[t] {
			f.lists[t] = true
			prev := t.OnScrolled
			t.OnScrolled = func(p fyne.Position) {
				if prev != nil {
					prev(p)
				}
				f.scrolled()
			}
		}
	case *container.Scroll:
		if !f.hooked[t] && t.Direction != container.ScrollHorizontalOnly && t.Direction != container.ScrollNone {
			f.hooked[t] = true
			prev := t.OnScrolled
			t.OnScrolled = func(p fyne.Position) {
				if prev != nil {
					prev(p)
				}
				f.scrolled()
			}
		}
		f.hookScrolls(t.Content)
	case *fyne.Container:
		if r, ok := t.Layout.(*keepRoom); ok && len(t.Objects) == 2 {
			f.rooms[r] = t.Objects[0]
		}
		for _, c := range t.Objects {
			f.hookScrolls(c)
		}
	}
}

// scrolled lays the frame out again when the header should fold away or come back.
func (f *pageFrame) scrolled() {
	if f.laying || !f.box.Visible() {
		return
	}
	f.pinned = false
	size := f.box.Size()
	if f.shouldFold(f.foldHeight(), size.Height) == f.folded {
		return
	}
	f.box.Layout.Layout(f.box.Objects, size)
	f.box.Refresh()
}

// setEmpty shows the empty state (true) or the body.
func (f *pageFrame) setEmpty(on bool) {
	f.release() // the rows were set again: the list is at its top
	if on {
		f.body.Hide()
		f.empty.Show()
	} else {
		f.empty.Hide()
		f.body.Show()
	}
}

// showRecord opens a record's details in a dialog (recordView).
func (s *shell) showRecord(k health.Key) {
	id := storage.ID{Source: k.Source, Type: k.Type, ID: k.ID}
	var (
		d   *recordData
		err error
	)
	dev, now := s.u.rem.device(), s.u.auto.clock.Now()
	s.u.goVault(func() { d, err = loadRecord(s.v, id, dev, now) }, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not open the record"), err)
			return
		}
		raw := newReadOnlyEntry(s.u.onShortcut)
		dlg := dialog.NewCustom(health.TypeName(d.rec.ID.Type), lang.L("Close"), recordView(d, raw), s.u.win)
		fitDialog(dlg, s.u.win, 760, 560)
		dlg.Show()
		focusDialogButton(s.u.win, lang.L("Close"))
	})
}

// recordData is a record read for its details: the record, its fields in words (references
// named from the vault) and, for a C-CDA document, the document's text.
type recordData struct {
	rec      *storage.Record
	fields   []health.Field
	sections []ccda.Section // the text of a C-CDA document kept in a DocumentReference
	portal   string         // the name of the portal it came from, if it did
	zone     remind.Zone    // the person's clock, its dates are on (F78)
}

// loadRecord reads a record and what its details show (on the vault goroutine), its dates on
// its person's clock (personZone; dev is this computer's zone).
func loadRecord(v *storage.Vault, id storage.ID, dev *time.Location, now time.Time) (*recordData, error) {
	rec, err := v.Get(id)
	if err != nil {
		return nil, err
	}
	d := &recordData{rec: rec, zone: personZone(v, rec.Profile, dev, now)}
	if ps, err := cksync.Portals(context.Background(), v); err == nil {
		for _, pt := range ps {
			if pt.Source() == rec.ID.Source {
				d.portal = pt.Name
			}
		}
	}
	if rec.ID.Type == "DocumentReference" {
		d.sections, _ = ccda.DocumentNarrative(rec.Resource)
	}
	d.fields = health.RecordFields(rec.ID.Type, rec.Resource, func(ref string) string {
		parts := strings.Split(ref, "/")
		if len(parts) < 2 {
			return ""
		}
		typ, rid := parts[len(parts)-2], parts[len(parts)-1]
		if r, err := v.Get(storage.ID{Source: rec.ID.Source, Type: typ, ID: rid}); err == nil {
			return health.Describe(typ, r.Resource)
		}
		return ""
	}, fieldClock(d.zone))
	return d, nil
}

// recordView shows a record as people read it: a C-CDA document as the document (its title,
// when it was written, by whom, and its text as plain labels: nothing in it can run or load
// anything), any other record as its fields in words; the data as stored is on a tab of its
// own, shown in raw (for a document without the document's bytes).
func recordView(d *recordData, raw *readOnlyEntry) *container.AppTabs {
	rec := d.rec
	form := widget.NewForm()
	add := func(form *widget.Form, label, value string) {
		if value != "" {
			l := widget.NewLabel(value)
			l.Wrapping = fyne.TextWrapWord
			l.Selectable = true
			form.Append(label, l)
		}
	}
	title := health.Describe(rec.ID.Type, rec.Resource)
	add(form, lang.L("What"), title)
	add(form, lang.L("Kind"), health.TypeName(rec.ID.Type))
	dated := false
	for _, f := range d.fields {
		dated = dated || f.Date
	}
	if !dated {
		add(form, lang.L("Date"), health.IndexDate(rec.Meta.Date, rec.Meta.Precision, d.zone.Loc))
	}
	for _, f := range d.fields {
		add(form, lang.L(f.Label), f.Value)
	}
	// Where it came from in words ("imported from a file on 3 Dec 2026", "from Riverside
	// Clinic"), as the timeline says it; the file's name on a line of its own.
	where := health.Where{Source: rec.ID.Source, File: rec.Meta.File, Imported: rec.Meta.ImportedAt, Portal: d.portal}
	if rec.Meta.Card != nil {
		where.CardIssuer = rec.Meta.Card.Issuer
		where.CardChecked = rec.Meta.Card.Verified
	}
	add(form, lang.L("Source"), where.Words(d.zone.Loc))
	add(form, lang.L("File"), rec.Meta.File)
	if !rec.Meta.ImportedAt.IsZero() {
		add(form, lang.L("Saved"), d.zone.At(rec.Meta.ImportedAt))
	}
	if !rec.Meta.Deleted.IsZero() {
		add(form, lang.L("Deleted at the source"), d.zone.Date(rec.Meta.Deleted))
	}
	details := container.NewTabItem(lang.L("Details"), container.NewVScroll(form))
	stored := container.NewTabItem(lang.L("Data as stored"), raw)
	if d.sections == nil {
		raw.setContent(prettyJSON(rec.Resource))
		return container.NewAppTabs(details, stored)
	}
	raw.setContent(prettyJSON(ccda.WithoutDocument(rec.Resource)))
	for _, f := range d.fields {
		if f.Label == "Description" {
			title = f.Value // "Visit summary" rather than its kind, "Summarization of episode note"
		}
	}
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	head.Wrapping = fyne.TextWrapWord
	about := widget.NewForm()
	for _, label := range []string{"Written", "Written by", "Kept by"} {
		for _, f := range d.fields {
			if f.Label == label {
				add(about, lang.L(f.Label), f.Value)
			}
		}
	}
	doc := container.NewVBox(head, about, widget.NewSeparator(), documentText(d.sections))
	return container.NewAppTabs(container.NewTabItem(lang.L("Document"), container.NewVScroll(doc)), details, stored)
}

// documentText shows a document's sections: each title in bold, then its text.
func documentText(sections []ccda.Section) fyne.CanvasObject {
	box := container.NewVBox()
	for _, sec := range sections {
		title := widget.NewLabelWithStyle(sec.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Wrapping = fyne.TextWrapWord
		box.Add(title)
		if sec.Text != "" {
			text := widget.NewLabel(sec.Text)
			text.Wrapping = fyne.TextWrapWord
			text.Selectable = true
			box.Add(text)
		}
	}
	return box
}
