package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// For everyone in the 922×540 window (90 % of a 1024×600 screen) at 200 % text, the
// timeline's own person filter, on a line of its own under the other filters, left room for
// the first day's heading and no event. The person is chosen in the top bar, as on every other
// screen, the count of events sits beside the title and a day's heading is one line high; the
// timeline shows its first day and at least one whole event.
func TestTimeline_EveryoneShowsEventsAt200(t *testing.T) {
	for _, size := range []fyne.Size{windowSize(walkSize), walkSize} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			u, _ := demoUI(t)
			addSecondPerson(t, u)
			u.shell.person.SetSelected("Everyone")
			u.idle()
			u.app.Preferences().SetFloat(prefTextSize, 2)
			u.applyTheme()
			u.shell.restale()
			u.shell.show(scTimeline)
			u.idle()
			u.win.Resize(size.SubtractWidthHeight(1, 1))
			u.win.Resize(size)
			tl := u.shell.pages[scTimeline].(*timelinePage)
			if u.shell.profile != "" || len(tl.lines) < 3 {
				t.Fatalf("not everyone's timeline: profile %q, %d lines", u.shell.profile, len(tl.lines))
			}
			listBottom := absY(tl.list) + tl.list.Size().Height
			events := 0
			for _, c := range drawnRows(tl.list) {
				if c.Objects[1].(*widget.Icon).Visible() && absY(c)+c.Size().Height <= listBottom+1 {
					events++
				}
			}
			if events < 1 {
				t.Errorf("%d whole events drawn in a list %v high", events, tl.list.Size().Height)
			}
		})
	}
}
