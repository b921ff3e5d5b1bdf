package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// drawnWords is the text drawn under o, line by line, joined with spaces.
func drawnWords(o fyne.CanvasObject) string {
	var lines []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if t, ok := o.(*canvas.Text); ok {
			if t.Text != "" {
				lines = append(lines, t.Text)
			}
			return
		}
		for _, k := range childrenOf(o) {
			walk(k)
		}
	}
	walk(o)
	return strings.Join(lines, " ")
}

// labelsUnder are the labels drawn under o.
func labelsUnder(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l)
			return
		}
		for _, k := range childrenOf(o) {
			walk(k)
		}
	}
	walk(o)
	return out
}

// At 200 % text on a 1024×600 screen, Records and files cut the people's names to "Ned …"
// (the birth year beside the name took the room), and in the app's window the chosen kind of
// record showed as a thin bar under the window's edge. Each name is drawn whole (on two lines
// if it needs them), and the chosen kind's row is drawn whole inside the window.
func TestBrowser_NamesAndChosenKindAt200(t *testing.T) {
	for _, size := range []fyne.Size{walkSize, windowSize(walkSize)} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			u, _ := demoUI(t)
			addSecondPerson(t, u)
			u.shell.person.SetSelected("Everyone")
			u.idle()
			u.app.Preferences().SetFloat(prefTextSize, 2)
			u.applyTheme()
			u.shell.restale()
			u.shell.show(scFiles)
			u.idle()
			u.shell.portalsPage().tabs.SelectIndex(1)
			u.idle()
			u.win.Resize(size.SubtractWidthHeight(1, 1))
			u.win.Resize(size)
			m := u.main
			if len(m.people) != 3 || len(m.typeRows) == 0 {
				t.Fatalf("%d people, %d kinds of record", len(m.people), len(m.typeRows))
			}

			// The chosen kind of record: its row whole, inside the list and the window.
			chosen := typeLabel(m.selectedType)
			var row fyne.CanvasObject
			for _, l := range labelsUnder(m.typeList) {
				if l.Text == chosen {
					row = l
				}
			}
			if row == nil {
				t.Fatalf("the chosen kind %q is not drawn", chosen)
			}
			d := fyne.CurrentApp().Driver()
			bottom := d.AbsolutePositionForObject(row).Y + row.Size().Height
			listBottom := d.AbsolutePositionForObject(m.typeList).Y + m.typeList.Size().Height
			if win := u.win.Canvas().Size().Height; bottom > win+1 || bottom > listBottom+1 {
				t.Errorf("the chosen kind %q ends at %v: the list ends at %v, the window at %v", chosen, bottom, listBottom, win)
			}

			// Every person's name, whole (in a window this small the top bar chooses the person
			// and the browser lists no people).
			for i, p := range m.people[1:] {
				if !m.peopleList.Visible() || m.compact {
					break
				}
				m.peopleList.ScrollTo(i + 1)
				u.idle()
				found := false
				for _, l := range labelsUnder(m.peopleList) {
					if l.Text != p.Name {
						continue
					}
					found = true
					if got := drawnWords(l); got != p.Name {
						t.Errorf("the people list shows %q for %q", got, p.Name)
					}
				}
				if !found {
					t.Errorf("%q is not in the people list", p.Name)
				}
			}

			// The person without records: the screen saying so fits the window (its heading,
			// on one line, was wider than the window and pushed "Import folder…" off it).
			m.peopleList.Select(2)
			u.idle()
			u.win.Resize(size.SubtractWidthHeight(1, 1))
			u.win.Resize(size)
			if !m.empty.Visible() {
				t.Fatalf("%q: no empty state", m.people[2].Name)
			}
			if w := u.win.Canvas().Content().MinSize().Width; w > size.Width+1 {
				t.Errorf("%q: the screen needs %v, wider than the window's %v", m.people[2].Name, w, size.Width)
			}
			var out []misplaced
			walkBounds(u.win.Canvas().Content(), "records and files", &out)
			for _, mp := range out {
				t.Errorf("%s %s", mp.path, mp.what)
			}
		})
	}
}

// The counts of the kinds of record end at one right edge: a recycled row kept the width of
// the count it showed before, and "7" stood left of the "3" above it.
func TestBrowser_KindCountsAligned(t *testing.T) {
	u, _ := demoUI(t)
	u.win.Resize(walkSize)
	u.shell.show(scFiles)
	u.idle()
	u.shell.portalsPage().tabs.SelectIndex(1)
	u.idle()
	m := u.main
	// Draw the rows, then show other counts in them (another person, and back).
	m.typeList.Refresh()
	m.typeRows = append([]typeRow{{Type: "Condition", Count: 1234}}, m.typeRows...)
	m.typeList.Refresh()
	m.typeRows = m.typeRows[1:]
	m.typeList.Refresh()
	u.idle()
	d := fyne.CurrentApp().Driver()
	var right []float32
	for _, o := range m.typeRows {
		for _, l := range labelsUnder(m.typeList) {
			if l.Text == fmt.Sprint(o.Count) && d.AbsolutePositionForObject(l).X > d.AbsolutePositionForObject(m.typeList).X+m.typeList.Size().Width/2 {
				right = append(right, d.AbsolutePositionForObject(l).X+l.MinSize().Width)
			}
		}
	}
	if len(right) < 3 {
		t.Fatalf("%d counts drawn", len(right))
	}
	for _, r := range right[1:] {
		if r < right[0]-1 || r > right[0]+1 {
			t.Errorf("the counts end at %v, not at one edge", right)
			break
		}
	}
}
