package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Records and files, for one person and for everyone, at 200 % text in the 922×540 window (90 %
// of a 1024×600 screen) and on the whole screen: the browser fits its tab without scrolling,
// and it does not repeat the tab's name as a heading of its own (it did, and scrolled a
// little).
func TestFiles_FitsTabAt200(t *testing.T) {
	for _, size := range []fyne.Size{windowSize(walkSize), walkSize} {
		for _, everyone := range []bool{false, true} {
			t.Run(fmt.Sprintf("%vx%v-everyone-%v", size.Width, size.Height, everyone), func(t *testing.T) {
				u, _ := demoUI(t)
				addSecondPerson(t, u)
				if everyone {
					u.shell.person.SetSelected("Everyone")
					u.idle()
				}
				u.app.Preferences().SetFloat(prefTextSize, 2)
				u.applyTheme()
				u.shell.restale()
				u.shell.show(scFiles)
				u.idle()
				tabs := u.shell.portalsPage().tabs
				tabs.SelectIndex(1)
				u.idle()
				u.win.Resize(size.SubtractWidthHeight(1, 1))
				u.win.Resize(size)
				scroll := u.shell.scroll
				if need, have := scroll.Content.MinSize().Height, scroll.Size().Height; need > have+0.5 {
					t.Errorf("the screen needs %v, the window has %v: it scrolls", need, have)
				}
				for _, l := range labelsUnder(u.main.content) {
					if l.Text == tabs.Items[1].Text {
						t.Errorf("the tab's name %q is repeated in it", l.Text)
					}
				}
			})
		}
	}
}

// Portals with none connected showed an empty screen under its buttons: the empty state
// saying what a portal is and how to connect one was never in the window (the struct holding
// it was, which Fyne does not draw).
func TestPortals_NoneSaysSo(t *testing.T) {
	u, _ := demoUI(t)
	u.win.Resize(fyne.NewSize(1200, 740))
	u.shell.show(scFiles)
	u.idle()
	p := u.shell.portalsPage()
	p.tabs.SelectIndex(0)
	u.idle()
	if len(p.portals) != 0 {
		t.Fatalf("%d portals in the demo", len(p.portals))
	}
	if words := drawnWords(p.tabs); !strings.Contains(words, "No portals connected") {
		t.Errorf("Portals without any says: %s", words)
	}
}
