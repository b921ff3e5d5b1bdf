package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A page's one-line subtitle is one line high after a single layout: it was laid out beside
// the tools at its last width and took eight lines (206 units) for one.
func TestPageFrame_SubtitleOneLayout(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name  string
		tools fyne.CanvasObject
	}{
		{"no tools", nil},
		{"tools", container.NewVBox(widget.NewButton("Add my own medicine…", nil))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newPageFrame("Medicines", tc.tools, widget.NewLabel("body"), newEmptyState(nil, "", "", "", nil))
			w := test.NewWindow(f.content)
			defer w.Close()
			w.Resize(fyne.NewSize(200, 400)) // a narrow start: the subtitle wraps
			f.sub.SetText("2 being taken, 1 stopped or in the past. Choose a medicine to set its times.")
			w.Resize(fyne.NewSize(968, 707))
			one := widget.NewLabel("one line").MinSize().Height
			if h := f.sub.Size().Height; h > one+1 {
				t.Errorf("subtitle %v high at 968 wide, one line is %v", h, one)
			}
			head, body := f.content.(*fyne.Container).Objects[0], f.content.(*fyne.Container).Objects[1]
			if y := body.Position().Y; head.Size().Height > y+1 || head.Size().Height > 2*one+one {
				t.Errorf("header %v high, the body starts at %v", head.Size().Height, y)
			}
		})
	}
}

// The flow wraps its objects onto rows at the width it is given and never asks for more
// width than its widest object; a header puts the tools beside the title when both fit.
func TestFlowLayout(t *testing.T) {
	test.NewTempApp(t)
	btn := func() *widget.Button { return widget.NewButton("Snooze a week", nil) }
	bw := btn().MinSize().Width
	for _, tc := range []struct {
		name   string
		header bool
		width  float32
		rows   int // objects starting a row
	}{
		{"one row", false, 4 * (bw + 10), 1},
		{"two a row", false, 2*bw + 10, 2},
		{"one a row", false, bw, 3},
		{"header beside", true, 3 * bw, 1},
		{"header below", true, bw + 10, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c *fyne.Container
			if tc.header {
				c = newHeader(heading2("Conditions"), btn())
			} else {
				c = newFlow(btn(), btn(), btn())
			}
			if m := c.MinSize().Width; m > bw+1 && !tc.header {
				t.Errorf("flow asks for %v wide, its widest object is %v", m, bw)
			}
			c.Resize(fyne.NewSize(tc.width, 500))
			rows := 0
			for _, o := range c.Objects {
				if o.Position().X == 0 {
					rows++
				}
				if o.Position().X+o.Size().Width > tc.width+1 {
					t.Errorf("object at %v size %v outside %v", o.Position(), o.Size(), tc.width)
				}
			}
			if rows != tc.rows {
				t.Errorf("%d rows, want %d", rows, tc.rows)
			}
			last := c.Objects[len(c.Objects)-1]
			if h := c.MinSize().Height; h+1 < last.Position().Y+last.Size().Height {
				t.Errorf("min height %v, the rows need %v", h, last.Position().Y+last.Size().Height)
			}
		})
	}
}

// At 1024×600 with 200 % text, choosing a series hides the Results subtitle for the chart:
// the page is laid out again, with no empty room where the subtitle was.
func TestResults_NarrowChartNoGapUnderTitle(t *testing.T) {
	u, _ := demoUI(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.shell.restale()
	u.win.Resize(walkSize)
	u.shell.show(scResults)
	u.idle()
	res := u.shell.pages[scResults].(*resultsPage)
	res.list.list.Select(0)
	u.idle()
	head := res.frame.content.(*fyne.Container).Objects[0]
	if res.frame.sub.Visible() {
		t.Fatal("the subtitle stays beside the chart in a narrow window")
	}
	if got, want := head.Size().Height, head.MinSize().Height; got > want+1 {
		t.Errorf("header %v high, it needs %v: an empty gap above the chart", got, want)
	}
}

// A header with a flow of tools keeps them on one row beside the title when there is room.
func TestFlowLayout_HeaderToolsOneRow(t *testing.T) {
	test.NewTempApp(t)
	a, b := widget.NewButton("Questions for my doctor", nil), widget.NewButton("Prepare a visit summary…", nil)
	c := newHeader(heading2("Conditions"), newFlow(a, b))
	c.Resize(fyne.NewSize(1200, 300))
	if a.Position().Y != b.Position().Y {
		t.Errorf("tools on two rows at 1200 wide: %v, %v", a.Position(), b.Position())
	}
	c.Resize(fyne.NewSize(a.MinSize().Width+10, 300))
	if a.Position().Y == b.Position().Y {
		t.Errorf("tools on one row in a narrow header: %v, %v", a.Position(), b.Position())
	}
}
