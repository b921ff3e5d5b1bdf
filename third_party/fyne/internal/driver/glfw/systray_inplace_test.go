//go:build !wasm && !test_web_driver

package glfw

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// CareKeeper: the app sets its tray menu again when its next-dose line changes. Made anew,
// every item got a new id, and a click the tray host sent with the old id was dropped ("no
// menu item with ID 6"; TestProcessTray lost a click). The same items are updated in place:
// same ids, the new label and whether it is disabled; a menu of another shape is made anew.
func TestSystrayMenuSetAgainKeepsItsItems(t *testing.T) {
	d := &gLDriver{}
	next := fyne.NewMenuItem("No more doses today", func() {})
	quit := fyne.NewMenuItem("Quit", func() {})
	quit.IsQuit = true
	m := fyne.NewMenu("CareKeeper", fyne.NewMenuItem("Open CareKeeper", func() {}), next, fyne.NewMenuItemSeparator(), quit)
	d.refreshSystray(m)
	shown := func() []string {
		var out []string
		for _, s := range systrayShown {
			if s.item != nil {
				out = append(out, s.item.String())
			}
		}
		return out
	}
	before := shown()
	if len(before) != 3 {
		t.Fatalf("shown %v", before)
	}
	next.Label = "Next dose 18:00 — Ann"
	next.Disabled = true
	d.refreshSystray(m)
	after := shown()
	for n := range before {
		if n != 1 && after[n] != before[n] {
			t.Errorf("item %d: %s, then %s", n, before[n], after[n])
		}
	}
	id := func(s string) string { return strings.SplitN(s, ",", 2)[0] } // "MenuItem[6"
	if id(after[1]) != id(before[1]) || !strings.HasSuffix(after[1], `"Next dose 18:00 — Ann"]`) {
		t.Errorf("the next-dose item: %s, then %s", before[1], after[1])
	}
	if !systrayShown[1].item.Disabled() {
		t.Error("the item was not disabled")
	}
	m.Items = append(m.Items[:1], m.Items[2:]...) // another shape: made anew
	d.refreshSystray(m)
	if got := shown(); len(got) != 2 || got[0] == before[0] {
		t.Errorf("a menu of another shape: %v (before %v)", got, before)
	}
}
