package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// F431: at 1024×600 with 200 % text the chart's tools (Show, Save as PNG…, Show the readings)
// sat in a sideways scroll that took the mouse wheel: scrolling the page down stopped as soon
// as that row came under the pointer, the readings shown below out of reach. The wheel over
// the tools scrolls the page.
func TestResults_WheelOverTheChartToolsScrollsThePage(t *testing.T) {
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
	detail := p.pane.Objects[1].(*container.Scroll)
	drv := fyne.CurrentApp().Driver()
	// Bring the tools into the page's view, then turn the wheel over them.
	y := drv.AbsolutePositionForObject(p.readingsBt).Y - drv.AbsolutePositionForObject(detail.Content).Y
	detail.ScrollToOffset(fyne.NewPos(0, max(0, y-detail.Size().Height/2)))
	u.idle()
	before := detail.Offset.Y
	at := drv.AbsolutePositionForObject(p.readingsBt).Add(fyne.NewPos(5, 5))
	test.Scroll(u.win.Canvas(), at, 0, -40)
	u.idle()
	if detail.Offset.Y <= before {
		t.Errorf("the wheel over Show the readings did not scroll the page (offset %.0f, was %.0f)", detail.Offset.Y, before)
	}
}
