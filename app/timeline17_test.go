package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// drawnRows are the rows of a list of newRowItem rows as drawn, top first.
func drawnRows(o fyne.CanvasObject) []*fyne.Container {
	var out []*fyne.Container
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 3 {
			if text, ok := c.Objects[0].(*fyne.Container); ok {
				if _, ok := text.Layout.(*tightVBox); ok {
					out = append(out, c)
					return
				}
			}
		}
		for _, k := range childrenOf(o) {
			walk(k)
		}
	}
	walk(o)
	// Fyne keeps the visible rows in the order they were laid out; sort them top first.
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if absY(out[j]) < absY(out[i]) {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func absY(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
}

// At 200 % text on a 1024×600 screen the timeline's first row was the day ("5 Mar 2026")
// with a calendar icon and an empty line under it: it read as a visit without a title. A day
// heading is drawn as a heading, with no icon and no empty line; every other row is an event
// with its title and the line under it.
func TestTimeline_DayHeadingReadsAsHeading(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.shell.restale()
	u.shell.show(scTimeline)
	u.idle()
	u.win.Resize(walkSize.SubtractWidthHeight(1, 1))
	u.win.Resize(walkSize)
	tl := u.shell.pages[scTimeline].(*timelinePage)
	if len(tl.lines) < 2 || tl.lines[0] >= 0 {
		t.Fatalf("the timeline does not start with a day: %d lines", len(tl.lines))
	}
	// Scroll so that recycled rows are drawn again as headings and as events.
	for _, at := range []int{0, len(tl.lines) / 2, 0} {
		tl.list.ScrollTo(at)
		u.idle()
		rows := drawnRows(tl.list)
		if len(rows) < 2 {
			t.Fatalf("%d rows drawn", len(rows))
		}
		headings := 0
		for i, c := range rows {
			text := c.Objects[0].(*fyne.Container)
			title, sub := text.Objects[0].(*widget.Label), text.Objects[1].(*widget.Label)
			icon := c.Objects[1].(*widget.Icon)
			if title.Text == "" {
				t.Errorf("row %d: no title", i)
			}
			if icon.Visible() {
				if !sub.Visible() || sub.Text == "" {
					t.Errorf("row %d %q: an event without its second line", i, title.Text)
				}
				continue
			}
			headings++
			if sub.Visible() {
				t.Errorf("row %d %q: a day heading with an empty line under it", i, title.Text)
			}
			if title.MinSize().Height <= test.WidgetRenderer(sub).MinSize().Height {
				t.Errorf("row %d %q: a day heading not larger than an event's line", i, title.Text)
			}
		}
		if at == 0 && headings == 0 {
			t.Errorf("scrolled to %d: no day heading drawn as one (first row %q)", at, rows[0].Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text)
		}
	}
}
