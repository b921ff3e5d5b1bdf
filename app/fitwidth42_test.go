package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// F512 item 7, F503: at 150 % and 200 % text on a 1024×600 screen at FYNE_SCALE=2 (a window of
// 461×270), the Timeline's three filters side by side asked 536 wide and Appointments' two
// buttons 503: the window stops at the screen's edge and the page's right side was cut ("All
// tim|", "Export upcomi|"). The filters and the buttons fold onto rows; the pages fit.
func TestShortWindow_TimelineAndAppointmentsFitTheWidth(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	for _, text := range []float64{1.5, 2} {
		u.app.Preferences().SetFloat(prefTextSize, text)
		u.applyTheme()
		u.win.Resize(fyne.NewSize(461, 270))
		for _, sc := range []screen{scTimeline, scAppts} {
			s.show(sc)
			u.idle()
			if w := s.views[sc].MinSize().Width; w > 461 {
				t.Errorf("%s at %.0f %% needs %.0f wide, the window is 461", sc.title(), text*100, w)
			}
		}
	}
	u.app.Preferences().SetFloat(prefTextSize, 1)
	u.applyTheme()
}
