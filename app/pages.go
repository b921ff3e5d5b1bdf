package app

import (
	"carekeeper/storage"
	"strings"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// whose prefixes a line with the person's name in the household view.
func whose(d *pageData, profile, text string) string {
	if d.profile != "" {
		return text
	}
	if n := d.personName(profile); n != "" {
		return n + " · " + text
	}
	return text
}

// theirName is the name to say instead of "you" in words about profile's health (a check-in's
// questions, a guide): "" when CareKeeper holds one person and is in no household, so the one
// using it is taken to be that person. With several people, or a household, the one using it
// may be a carer looking at another's page, and was asked "How much does it bother you
// today?" of Ingrid (F505).
func (s *shell) theirName(profile string) string {
	if !carerMayLook(s.people, s.u.hh.live.Load() != nil) {
		return ""
	}
	for _, p := range s.people {
		if p.ID == profile {
			return headingName(p.Name)
		}
	}
	return ""
}

// carerMayLook says whether the one using CareKeeper may be someone else than the person whose
// page is shown: the vault holds several people, or is in a household (F505).
func carerMayLook(people []storage.Profile, household bool) bool {
	return len(people) > 1 || household
}

// profileOf is the person a record belongs to.
func profileOf(set *health.Set, k health.Key) string {
	if r := set.Get(k); r != nil {
		return r.Profile
	}
	return ""
}

// lowText is a quiet, wrapping line.
func lowText(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// showSized shows content in a dialog of at most w×h.
func showSized(win fyne.Window, title string, content fyne.CanvasObject, w, h float32) {
	d := newCustomDialog(title, content, win)
	fitDialog(d, win, w, h)
	d.Show()
}

// fitDialog sizes d to w×h, or smaller to fit inside the window with a margin (1024×600
// tablets, 200 % text). w is the width at 100 % text and grows with the chosen text size: at
// 200 % "Edit person" showed "Joseph Brenna" in a 440-wide dialog with most of the window free
// (F54), "Add appointment" "Joseph Brennan (born …" (F59).
func fitDialog(d interface{ Resize(fyne.Size) }, win fyne.Window, w, h float32) {
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(size.Width-40, w*textScale()), min(size.Height-40, h)))
}

// focusDialogButton focuses the button labelled text among the dialog on top's own buttons
// (a record's Close), so the keyboard starts on something drawn focused and Space or Enter
// closes it; Escape does too (F268; the dialog patch in third_party/fyne).
func focusDialogButton(win fyne.Window, text string) {
	var find func(o fyne.CanvasObject) *widget.Button
	find = func(o fyne.CanvasObject) *widget.Button {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				return x
			}
		case *widget.PopUp:
			return find(x.Content)
		case *fyne.Container:
			for _, c := range x.Objects {
				if b := find(c); b != nil {
					return b
				}
			}
		}
		return nil
	}
	if top := win.Canvas().Overlays().Top(); top != nil {
		if b := find(top); b != nil {
			win.Canvas().Focus(b)
		}
	}
}

// escapePresses makes Escape in a dialog with buttons of its own press its Cancel (or Close),
// as in any desktop app (F268: Escape closed neither Add measurement nor Delete person). The
// dialog patch in third_party/fyne does it for dialogs with a dismiss button.
func escapePresses(d interface{ SetOnEscape(func()) }, b *widget.Button) {
	d.SetOnEscape(func() {
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	})
}

// textScale is the chosen text size (1 at 100 %) as the current theme draws it.
func textScale() float32 {
	app := fyne.CurrentApp()
	if app == nil {
		return 1
	}
	s := app.Settings().Theme().Size(theme.SizeNameText) / theme.DefaultTheme().Size(theme.SizeNameText)
	return max(1, s)
}

// formDialog is dialog.NewForm whose form scrolls: a form taller than the window (a 1024×600
// screen with FYNE_SCALE=2, or 200 % text) was squeezed, its entries over each other. Add is
// off while the form is not valid, like NewForm's.
type formDialog struct {
	*dialog.CustomDialog
	form    *widget.Form
	content fyne.CanvasObject // the form and what is below it, scrolling
	scroll  *container.Scroll // the scroll of content
	confirm *widget.Button
	done    func(bool)
	// fit sizes the dialog again (fitForm), as the line under the form comes and goes.
	fit func()
	// onValidation, if set, is told when the form turns valid or not (after Add follows it).
	onValidation func()
	// page shows the form over the whole window instead of the dialog (fitForm, F539); nil
	// while the dialog is used. body, cancel and title are what it is made of.
	page   *widget.PopUp
	holder *fyne.Container // the dialog's content: body, until the page takes it
	body   fyne.CanvasObject
	cancel *widget.Button
	title  string
	shown  bool // Show was called, Hide not since
}

// newFormDialog is a form dialog; below is shown under the form, across its whole width
// (check boxes whose text is longer than the entries are wide), scrolling with it.
func newFormDialog(title, confirm, dismiss string, items []*widget.FormItem, done func(bool), win fyne.Window, below ...fyne.CanvasObject) *formDialog {
	return formDialogWith(title, confirm, dismiss, items, done, win, nil, nil, below)
}

// newNeedFormDialog is a form dialog with need, the line saying what the form still needs,
// under the form and above the buttons, in sight while the form scrolls: at 200 % text on a
// 1024×600 screen it was below the form's scroll, out of sight, and Add was off with nothing
// seen saying why (F351).
func newNeedFormDialog(title, confirm, dismiss string, items []*widget.FormItem, done func(bool), win fyne.Window, need *widget.Label) *formDialog {
	return formDialogWith(title, confirm, dismiss, items, done, win, need, nil, nil)
}

// formDialogWith is a form dialog with pinned under its scroll (in sight), above over the form
// (what to read before answering) and below under it, both scrolling with it.
func formDialogWith(title, confirm, dismiss string, items []*widget.FormItem, done func(bool), win fyne.Window, pinned, above fyne.CanvasObject, below []fyne.CanvasObject) *formDialog {
	f := &formDialog{form: widget.NewForm(items...), done: done}
	f.content = f.form
	if len(below) > 0 {
		f.content = container.NewVBox(append([]fyne.CanvasObject{f.form}, below...)...)
	}
	if above != nil {
		f.content = container.NewVBox(above, f.content)
	}
	f.scroll = container.NewVScroll(f.content)
	var body fyne.CanvasObject = f.scroll
	if pinned != nil {
		body = container.NewBorder(nil, pinned, nil, nil, body)
	}
	f.holder = container.NewStack(body)
	f.CustomDialog = dialog.NewCustomWithoutButtons(title, f.holder, win)
	cancel := widget.NewButtonWithIcon(dismiss, theme.CancelIcon(), func() {
		f.Hide()
		done(false)
	})
	f.confirm = widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), f.Submit)
	f.confirm.Importance = widget.HighImportance
	f.SetButtons([]fyne.CanvasObject{cancel, f.confirm})
	f.body, f.cancel, f.title = body, cancel, title
	escapePresses(f.CustomDialog, cancel)
	f.recheck()
	f.form.SetOnValidationChanged(func(error) { f.recheck() })
	return f
}

// recheck turns Add on or off by the form's items, all of them: Fyne's Form says valid once
// the entries it tracks are, and a date left empty (a DateEntry's error is not tracked) left
// Add on (F219). A form that knows more calls it when its items change.
func (f *formDialog) recheck() {
	if err := formProblem(f.form); err != nil {
		f.confirm.Disable()
	} else {
		f.confirm.Enable()
	}
	if f.onValidation != nil {
		f.onValidation()
	}
	bad := problemItem(f.form)
	if bad != nil && bad.HintText == "" {
		// The box's own line ("5 March or 3 May?") gets its room now, not only when the box
		// loses focus and Fyne writes it: drawn then, past what the scroll had laid out, it
		// was cut in half at 200 % on a 1024×600 screen (F368).
		bad.HintText = " "
		f.form.Refresh()
	}
	if f.fit != nil {
		f.fit() // the line under the form may have come, gone or grown
	}
	if bad != nil {
		f.reveal(bad)
	}
}

// reveal scrolls the form so that item's box and the line under it are seen whole, when the
// scroll is shorter than the form.
func (f *formDialog) reveal(item *widget.FormItem) {
	if f.scroll == nil || item.Widget == nil || f.scroll.Size().Height <= 0 {
		return
	}
	f.scroll.Refresh() // lay the form out as it is now
	drv := fyne.CurrentApp().Driver()
	top := drv.AbsolutePositionForObject(item.Widget).Y - drv.AbsolutePositionForObject(f.content).Y
	th := fyne.CurrentApp().Settings().Theme()
	line := fyne.MeasureText("Ag", th.Size(theme.SizeNameCaptionText), fyne.TextStyle{}).Height
	bottom := top + item.Widget.Size().Height + th.Size(theme.SizeNameInnerPadding) + line
	view, off := f.scroll.Size().Height, f.scroll.Offset.Y
	switch {
	case bottom > off+view:
		off = min(top, bottom-view)
	case top < off:
		off = top
	default:
		return
	}
	f.scroll.ScrollToOffset(fyne.NewPos(0, max(0, off)))
}

// formProblem is the first error of the form's items, checked without marking them (an
// entry not yet typed in is not drawn in red).
func formProblem(form *widget.Form) error {
	_, err := firstProblem(form)
	return err
}

// problemItem is the first of the form's boxes with something typed in that cannot be taken
// (its line under it says why: "5 March or 3 May?"), nil if none. A box still empty is not one:
// its line waits until it was left empty.
func problemItem(form *widget.Form) *widget.FormItem {
	it, _ := problemOf(form, true)
	return it
}

func firstProblem(form *widget.Form) (*widget.FormItem, error) { return problemOf(form, false) }

func problemOf(form *widget.Form, typed bool) (*widget.FormItem, error) {
	for _, it := range form.Items {
		var check func(string) error
		var text string
		switch w := it.Widget.(type) {
		case *widget.Entry:
			check, text = w.Validator, w.Text
		case *widget.SelectEntry:
			check, text = w.Validator, w.Text
		case *widget.DateEntry:
			check, text = w.Validator, w.Text
		case fyne.Validatable:
			check = func(string) error { return w.Validate() }
		}
		if check == nil || (typed && strings.TrimSpace(text) == "") {
			continue
		}
		if err := check(text); err != nil {
			return it, err
		}
	}
	return nil, nil
}

// Show shows the form: over the whole window when fitForm chose it, else as a dialog.
func (f *formDialog) Show() {
	f.shown = true
	if f.page != nil {
		f.page.Show()
		return
	}
	f.CustomDialog.Show()
}

// Hide hides the form.
func (f *formDialog) Hide() {
	f.shown = false
	if f.page != nil {
		f.page.Hide()
		return
	}
	f.CustomDialog.Hide()
}

// usePage shows the form over the whole of win from now on: its title between Cancel and Add
// on one line at the top, and the form's scroll (with the line under it) filling the rest.
// The dialog's title, its margins and its row of buttons took 180 of the 270 units of a
// 1024×600 window at FYNE_SCALE=2 and 150 % text, and the form showed one row at a time (F539).
func (f *formDialog) usePage(win fyne.Window) {
	if f.page != nil {
		return
	}
	// The body and the buttons leave the dialog (never shown now): an object laid out in two
	// places is drawn where the last layout put it.
	var focused fyne.Focusable
	if f.shown { // a line under a box came: the page takes the dialog's place
		focused = win.Canvas().Focused()
		f.CustomDialog.Hide()
	}
	f.holder.Objects = nil
	f.CustomDialog.SetButtons(nil)
	title := widget.NewLabelWithStyle(f.title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewBorder(nil, nil, f.cancel, f.confirm, title)
	f.page = widget.NewModalPopUp(container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, f.body), win.Canvas())
	f.page.SetOnEscape(func() bool {
		if f.cancel.Disabled() || f.cancel.OnTapped == nil {
			return false
		}
		f.cancel.OnTapped()
		return true
	})
	if f.shown {
		f.page.Show()
		if focused != nil {
			win.Canvas().Focus(focused) // the box typed in keeps the keyboard (and says its line when left)
		}
	}
}

// Submit closes the dialog with Add, if the form is valid.
func (f *formDialog) Submit() {
	if f.confirm.Disabled() {
		return
	}
	f.Hide()
	f.done(true)
}

// fitForm sizes a form dialog to the window: width w, and the form's whole height when the
// window has it (it scrolls otherwise).
//
// w is the width at 100 % text (fitDialog widens it with the text size: at 200 % the 460-wide
// "Add measurement" showed "Joseph Br…", "Blood pre…" and "04/12/20…", F60).
//
// When the dialog's scroll would show less than three of the form's rows (or all of a shorter
// form), the form is shown over the whole window instead (usePage, F539).
func fitForm(f *formDialog, win fyne.Window, w float32) {
	var last float32
	f.fit = func() {
		h := f.content.MinSize().Height + f.MinSize().Height
		if f.page == nil {
			space := win.Canvas().Size()
			rows := 3 * (widget.NewEntry().MinSize().Height + theme.Padding())
			view := min(space.Height-40, h) - (f.MinSize().Height - f.scroll.MinSize().Height)
			if view < min(f.content.MinSize().Height, rows) {
				f.usePage(win)
			}
		}
		if f.page != nil {
			space := win.Canvas().Size()
			f.page.Resize(fyne.NewSize(space.Width-2*theme.Padding(), space.Height-2*theme.Padding()))
			return
		}
		if h != last {
			last = h
			fitDialog(f, win, w, h)
		}
	}
	f.fit()
}
