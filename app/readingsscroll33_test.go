package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// F431: at 1024×600 with 200 % text (a 461×270 window), Show the readings under a weight chart
// showed at most the first reading at the bottom edge and the page scrolled no further: the
// other readings could not be reached. The chart's page now scrolls to the end of the readings,
// and showing them brings them into sight.
func TestResults_ReadingsReachableInASmallWindow(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Walter", "m1", "Furosemide 40 mg", twiceDaily})
	u, w := rig.u, rig.people["Walter"]
	vals := map[int]float64{}
	for i := 0; i < 13; i++ {
		vals[40-3*i] = 81 + float64(i)*0.3
	}
	addObservations(t, u.vault, w, "29463-7", "Body weight", "kg", 0, vals)
	u.win.Resize(fyne.NewSize(461, 270))
	u.idle()
	p := resultsOf(t, rig, w)
	p.list.list.Select(0)
	u.idle()
	if p.chosen == nil {
		t.Fatal("no chart chosen")
	}
	p.readingsBt.OnTapped()
	u.idle()
	detail := p.pane.Objects[1].(*container.Scroll)
	if !p.readings.Visible() || p.readings.Text == "" {
		t.Fatal("the readings are not shown")
	}
	if got, need := detail.Content.Size().Height, detail.Content.MinSize().Height; got < need-0.5 {
		t.Errorf("the chart's page is %.0f high, its content needs %.0f: the readings below cannot be scrolled to", got, need)
	}
	drv := fyne.CurrentApp().Driver()
	top := drv.AbsolutePositionForObject(p.readings).Y
	sTop := drv.AbsolutePositionForObject(detail).Y
	if top < sTop-0.5 || top+readingLineHeight() > sTop+detail.Size().Height+0.5 {
		t.Errorf("the readings start at %.0f, the page shows %.0f to %.0f: not brought into sight", top, sTop, sTop+detail.Size().Height)
	}
	// Scrolled to the end, the last line of the readings is in sight.
	detail.ScrollToBottom()
	u.idle()
	end := drv.AbsolutePositionForObject(p.readings).Y + p.readings.Size().Height
	if end > sTop+detail.Size().Height+0.5 && !p.own.Visible() {
		t.Errorf("scrolled to the end, the readings end at %.0f below the page's %.0f", end, sTop+detail.Size().Height)
	}
}

func readingLineHeight() float32 { return fyne.MeasureText("Ag", 14, fyne.TextStyle{}).Height }
