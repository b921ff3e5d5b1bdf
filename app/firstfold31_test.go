package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// F378: on the first run at 200 % on 1024×600, "Get your records in" scrolled under Today's
// title and date, which stayed: the header folds away as on the other screens.
func TestShortWindow_FirstRunGuideFoldsTheHeader(t *testing.T) {
	dir, _ := newVault(t)
	u := newTestUI(t, dir)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(922, 540))
	u.idle()
	s := u.shell
	s.show(scToday)
	u.idle()
	u.win.Resize(fyne.NewSize(921, 539))
	u.win.Resize(fyne.NewSize(922, 540))
	u.idle()
	f := s.pages[scToday].(*todayPage).frame
	if !f.empty.Visible() {
		t.Fatal("no first-run guide on Today")
	}
	guide := f.empty.CanvasObject.(*container.Scroll)
	if guide.Content.MinSize().Height <= guide.Size().Height {
		t.Fatalf("the guide (%.0f high) fits (%.0f): nothing to scroll", guide.Content.MinSize().Height, guide.Size().Height)
	}
	guide.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -40}})
	u.idle()
	if h := guide.Size().Height; h < 0.6*540 {
		t.Errorf("scrolled down, the guide is %.0f of 540 high; the header is %.0f", h, f.content.(*fyne.Container).Objects[0].Size().Height)
	}
}
