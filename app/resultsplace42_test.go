package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// F568: the records read again (any device of the household answered a dose) closed the chart
// a carer was reading and took Results back to the top of its list. The series open, and how
// far down it was scrolled, stay while it is still there.
func TestResults_ReadAgainKeepsTheChartOpen(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Emma", "m1", "Salbutamol", twiceDaily})
	u := rig.u
	emma := rig.people["Emma"]
	addObservations(t, u.vault, emma, "29463-7", "Body weight", "kg", 0, map[int]float64{1: 30, 40: 29.5, 90: 29})
	addObservations(t, u.vault, emma, "8302-2", "Body height", "cm", 0, map[int]float64{1: 131, 90: 129})
	u.win.Resize(fyne.NewSize(500, 400)) // one of list and chart at a time
	p := resultsOf(t, rig, emma)
	if len(p.series) != 2 {
		t.Fatalf("%d series, want weight and height", len(p.series))
	}
	var tap func()
	for i, r := range p.list.rows {
		if i > 0 && r.OnTap != nil {
			tap = r.OnTap // the second series, not the first the page opens with
		}
	}
	tap()
	u.idle()
	want := p.chosen
	if want == p.series[0] || !p.detail {
		t.Fatal("tapping the second series did not open it")
	}
	detail := p.pane.Objects[1].(*container.Scroll)
	detail.ScrollToOffset(fyne.NewPos(0, 40))
	u.idle()
	off := detail.Offset
	if off.Y == 0 {
		t.Fatal("the chart could not be scrolled down: the test shows nothing of the scroll kept")
	}

	// the household's exchange brings something of another kind: the records are read again
	addObservations(t, u.vault, emma, "8867-4", "Heart rate", "/min", 0, map[int]float64{2: 80})
	u.shell.load()
	u.idle()
	if p.chosen == nil || !sameSeries(p.chosen, want) || !p.detail {
		t.Fatalf("after the records were read again: %v open (detail %v), want %s still open", p.chosen, p.detail, want.Name)
	}
	if detail.Offset != off {
		t.Errorf("the chart scrolled to %v, was %v", detail.Offset, off)
	}
}
