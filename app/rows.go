package app

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"carekeeper/internal/ccda"
	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
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
	r.list.UnselectAll()
	r.list.Refresh()
	r.list.ScrollToTop()
}

// tightVBox stacks objects without padding between them.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height - theme.Padding()
	}
	return fyne.NewSize(w, h+theme.Padding())
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
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
	// screen has.
	e.CanvasObject = container.NewVScroll(container.NewCenter(container.New(columnLayout{width: 460}, objs...)))
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
}

func newPageFrame(title string, tools fyne.CanvasObject, body fyne.CanvasObject, empty *emptyState) *pageFrame {
	f := &pageFrame{title: heading2(title), sub: widget.NewLabel(""), body: body, empty: empty}
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
	f.content = container.New(frameLayout{}, top, container.NewStack(body, empty.CanvasObject))
	return f
}

// frameLayout puts a page's header (objects[0]) above its body (objects[1]). The header is
// measured at the page's width before it is placed: its wrapping subtitle and its title row
// know their height only once they have their width, and a header measured at its last width
// (a Border's top) took a one-line subtitle for eight lines after a resize.
type frameLayout struct{}

func (frameLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	top, body := objects[0].MinSize(), objects[1].MinSize()
	return fyne.NewSize(max(top.Width, body.Width), top.Height+theme.Padding()+body.Height)
}

func (frameLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	top, body := objects[0], objects[1]
	top.Resize(fyne.NewSize(size.Width, top.MinSize().Height)) // lays it out at this width
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

// setEmpty shows the empty state (true) or the body.
func (f *pageFrame) setEmpty(on bool) {
	if on {
		f.body.Hide()
		f.empty.Show()
	} else {
		f.empty.Hide()
		f.body.Show()
	}
}

// showRecord opens a record's details: its readable fields, where it came from, and the
// raw JSON; for a C-CDA document also its text.
func (s *shell) showRecord(k health.Key) {
	id := storage.ID{Source: k.Source, Type: k.Type, ID: k.ID}
	var (
		rec      *storage.Record
		err      error
		sections []ccda.Section // the text of a C-CDA document kept in a DocumentReference
	)
	s.u.goVault(func() {
		if rec, err = s.v.Get(id); err == nil && rec.ID.Type == "DocumentReference" {
			sections, _ = ccda.DocumentNarrative(rec.Resource)
		}
	}, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not open the record"), err)
			return
		}
		title := health.Describe(rec.ID.Type, rec.Resource)
		form := widget.NewForm()
		add := func(label, value string) {
			if value != "" {
				l := widget.NewLabel(value)
				l.Wrapping = fyne.TextWrapWord
				l.Selectable = true
				form.Append(label, l)
			}
		}
		add(lang.L("What"), title)
		add(lang.L("Kind"), typeLabel(rec.ID.Type))
		add(lang.L("Date"), displayDate(rec.Meta.Date))
		hr := health.Resource{Key: k, File: rec.Meta.File}
		add(lang.L("Source"), hr.Origin())
		add(lang.L("File"), rec.Meta.File)
		if !rec.Meta.ImportedAt.IsZero() {
			add(lang.L("Saved"), rec.Meta.ImportedAt.Local().Format("2006-01-02 15:04"))
		}
		if !rec.Meta.Deleted.IsZero() {
			add(lang.L("Deleted at the source"), rec.Meta.Deleted.Local().Format("2006-01-02"))
		}
		for _, f := range readableFields(rec.Resource) {
			add(f[0], f[1])
		}
		raw := newReadOnlyEntry(s.u.onShortcut)
		tabs := container.NewAppTabs(container.NewTabItem(lang.L("Details"), container.NewVScroll(form)))
		if sections != nil {
			// The document's own text, as plain text: nothing in it can run or load anything.
			tabs.Append(container.NewTabItem(lang.L("Document"), container.NewVScroll(documentText(sections))))
			raw.setContent(prettyJSON(ccda.WithoutDocument(rec.Resource)))
		} else {
			raw.setContent(prettyJSON(rec.Resource))
		}
		tabs.Append(container.NewTabItem(lang.L("Raw FHIR"), raw))
		d := dialog.NewCustom(typeLabel(rec.ID.Type), lang.L("Close"), tabs, s.u.win)
		fitDialog(d, s.u.win, 760, 560)
		d.Show()
	})
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

// readableFields are a resource's top-level fields in words: strings, dates, codes and
// quantities, with the field name made readable. Nested structures are left to the raw view.
func readableFields(resource []byte) [][2]string {
	var m map[string]json.RawMessage
	if json.Unmarshal(resource, &m) != nil {
		return nil
	}
	skip := map[string]bool{"resourceType": true, "id": true, "meta": true, "text": true, "extension": true,
		"identifier": true, "subject": true, "patient": true, "contained": true}
	var keys []string
	for k := range m {
		if !skip[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out [][2]string
	for _, k := range keys {
		raw := m[k]
		var v string
		var str string
		var num float64
		var concept health.Concept
		var concepts []health.Concept
		var q health.Quantity
		var ref health.Ref
		var period health.Period
		switch {
		case json.Unmarshal(raw, &str) == nil:
			v = str
		case json.Unmarshal(raw, &num) == nil:
			v = health.FormatNumber(num)
		case json.Unmarshal(raw, &q) == nil && q.Value != nil:
			v = strings.TrimSpace(q.Comparator + health.FormatNumber(*q.Value) + " " + q.UnitLabel())
		case json.Unmarshal(raw, &concept) == nil && concept.Label() != "":
			v = concept.Label()
		case json.Unmarshal(raw, &concepts) == nil && len(concepts) > 0 && concepts[0].Label() != "":
			var ls []string
			for _, c := range concepts {
				ls = append(ls, c.Label())
			}
			v = strings.Join(ls, ", ")
		case json.Unmarshal(raw, &period) == nil && (period.Start != "" || period.End != ""):
			v = strings.TrimSpace(fmt.Sprintf("%s – %s", period.Start, period.End))
		case json.Unmarshal(raw, &ref) == nil && ref.Display != "":
			v = ref.Display
		}
		if v != "" && len(v) < 400 {
			out = append(out, [2]string{typeWordsLower(k), v})
		}
	}
	return out
}

// typeWordsLower turns "authoredOn" into "Authored on".
func typeWordsLower(k string) string {
	w := typeLabel(strings.ToUpper(k[:1]) + k[1:])
	return w
}
