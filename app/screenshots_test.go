package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
)

// `make screenshots` captures the C-CDA document open in Records and files in each pass (it
// was taken by hand once and went stale): the plan imports the file it is given into the person
// it is about and, in each pass, shows the document's own text with that person chosen.
func TestScreenshotPlan_CCDADocument(t *testing.T) {
	u := newTestUI(t, filepath.Join(t.TempDir(), "data"))
	u.auto.clock = &fakeClock{now: testNow}
	u.rem.opts = remind.Options{Clock: &remClock{now: testNow}, Device: func() *time.Location { return time.UTC }}
	u.rem.newNotifier = func(context.Context) (remind.Notifier, error) { return &fakeNotifier{}, nil }
	t.Setenv(ScreenshotDocumentEnv, filepath.Join("..", "internal", "ccda", "testdata", "vendor-r11.xml"))
	shown := map[string]string{} // the words drawn at each shot, by file name
	oldSleep, oldShot := screenshotSleep, takeScreenshot
	t.Cleanup(func() { screenshotSleep, takeScreenshot = oldSleep, oldShot })
	screenshotSleep = func(time.Duration) { u.idle() } // the background work the plan waits for
	takeScreenshot = func(win fyne.Window, name string) error {
		words := drawnWords(win.Canvas().Content())
		if u.shell != nil {
			words += " | top bar: " + u.shell.person.Selected
		}
		shown[filepath.Base(name)] = words
		return nil
	}
	u.runScreenshotPlan(t.TempDir())
	u.idle()
	for _, pass := range screenshotPasses {
		name := "12-ccda-document-" + pass.name + ".png"
		text, ok := shown[name]
		if !ok {
			t.Errorf("no %s; shots: %d", name, len(shown))
			continue
		}
		for _, want := range []string{"Visit summary", "Document"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q not on screen: %s", name, want, text)
			}
		}
		if strings.Contains(text, "top bar: Ned Hintz") {
			t.Errorf("%s: the top bar names the demo person, not the document's: %s", name, text)
		}
	}
}
