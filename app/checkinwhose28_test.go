package app

import (
	"strings"
	"testing"

	"carekeeper/internal/guides"

	"fyne.io/fyne/v2/test"
)

// A check-in opened from Today names whose it is, and once saved stays open saying so (F232:
// no name, and the dialog closed without a word).
func TestCheckIn_NamesThePersonAndSaysSaved(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	all, err := guides.All()
	if err != nil || len(all) == 0 {
		t.Fatalf("guides: %v", err)
	}
	g := all[0]
	s.openCheckIn(s.profile, g.Slug)
	f := s.checkIn
	if f == nil {
		t.Fatal("no check-in")
	}
	name := labelOf(s.people, s.profile)
	if want := "Check-in for " + name + ": " + g.Title; f.title != want {
		t.Errorf("title %q, want %q", f.title, want)
	}
	f.severity.SetValue(3)
	test.Tap(f.saveBt)
	u.idle()
	if f.saved == nil || !strings.HasPrefix(f.message.Text, "Saved at ") {
		t.Fatalf("after saving: %q", f.message.Text)
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !top.Visible() {
		t.Error("the dialog closed: nothing says the check-in was saved")
	}
	if !f.saveBt.Disabled() {
		t.Error("Save check-in still on after saving: a second tap saves it twice")
	}
}
