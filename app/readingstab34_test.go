package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// F431's Tab part: the readings under a chart were one label, and Tab went from "Hide the
// readings" past them to the top bar: a keyboard user could not reach or read them. Each
// reading is now a stop of Tab, newest first, and Down and Up move from one to the next; each
// is brought into the page's view.
func TestResults_TabReachesEachReading(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Walter", "m1", "Furosemide 40 mg", twiceDaily})
	u, w := rig.u, rig.people["Walter"]
	vals := map[int]float64{}
	for i := 0; i < 13; i++ {
		vals[40-3*i] = 81 + float64(i)*0.3
	}
	addObservations(t, u.vault, w, "29463-7", "Body weight", "kg", 0, vals)
	u.win.Resize(fyne.NewSize(512, 300)) // 1024×600 at FYNE_SCALE=2
	u.idle()
	p := resultsOf(t, rig, w)
	p.list.list.Select(0)
	u.idle()
	p.readingsBt.OnTapped()
	u.idle()
	lines := strings.Split(p.readings.Text, "\n")
	if len(lines) != 13 {
		t.Fatalf("%d readings in words, want 13: %q", len(lines), p.readings.Text)
	}
	c := u.win.Canvas()
	c.Focus(p.readingsBt)
	focusedText := func() string {
		if l, ok := c.Focused().(*readingLine); ok {
			return l.text
		}
		return ""
	}
	c.FocusNext() // Tab
	u.idle()
	if got := focusedText(); got != lines[0] {
		t.Fatalf("Tab from Hide the readings went to %T %q, want the newest reading %q", c.Focused(), got, lines[0])
	}
	c.FocusNext()
	u.idle()
	if got := focusedText(); got != lines[1] {
		t.Errorf("Tab again: %q, want %q", got, lines[1])
	}
	detail := p.pane.Objects[1].(*container.Scroll)
	drv := fyne.CurrentApp().Driver()
	for i := 2; i < len(lines); i++ {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		u.idle()
		if got := focusedText(); got != lines[i] {
			t.Fatalf("Down to reading %d: %q, want %q", i, got, lines[i])
		}
	}
	// The last is in the page's view.
	o := c.Focused().(fyne.CanvasObject)
	y := drv.AbsolutePositionForObject(o).Y - drv.AbsolutePositionForObject(detail).Y
	if y < 0 || y+o.Size().Height > detail.Size().Height+0.5 {
		t.Errorf("the last reading is at %.0f–%.0f of a page %.0f high: not in view", y, y+o.Size().Height, detail.Size().Height)
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	u.idle()
	if got := focusedText(); got != lines[len(lines)-2] {
		t.Errorf("Up: %q, want %q", got, lines[len(lines)-2])
	}
}
