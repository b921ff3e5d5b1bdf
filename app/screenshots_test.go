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

// TestScreenshotPlan runs the plan once, as `make screenshots` does (with the C-CDA document
// it imports last), and checks its shots in two parts. Each part ran the whole plan (every
// screen in five passes, 40–90 s of the app suite at load) for itself; the document's import
// comes after every other shot, so the second part's shots are the same with it.
func TestScreenshotPlan(t *testing.T) {
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

	// `make screenshots` captures the C-CDA document open in Records and files in each pass (it
	// was taken by hand once and went stale): the plan imports the file it is given into the
	// person it is about and, in each pass, shows the document's own text with that person
	// chosen.
	t.Run("CCDADocument", func(t *testing.T) {
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
	})

	// The screenshot plan shows the app as a caregiver of two sees it, one of them dead, and in
	// high contrast: it had one person and no high-contrast pass.
	t.Run("SecondPersonAndHighContrast", func(t *testing.T) {
		// The dialogs that ran off the window or cut names at 200 % text (F50, F52, F54, F59).
		for _, pass := range []string{"1024x600-200", "1920x1080-200"} {
			for _, name := range []string{"16-dialog-reminders", "17-dialog-edit-person", "18-dialog-add-appointment", "19-dialog-medicine", "20-dialog-medicine-days"} {
				if _, ok := shown[name+"-"+pass+".png"]; !ok {
					t.Errorf("no %s-%s.png", name, pass)
				}
			}
		}
		for _, pass := range []string{"light", "dark", "contrast", "1024x600-200", "1920x1080-200"} {
			for name, want := range map[string][]string{
				"01-today-" + pass + ".png":          {"top bar: Ned Hintz"},
				"13-everyone-today-" + pass + ".png": {"Walter Ngata", "Ned Hintz", "top bar: Everyone"},
				"14-died-today-" + pass + ".png":     {"Walter Ngata (died 2025)"},
				"15-died-medicines-" + pass + ".png": {"Warfarin sodium 5 mg tablet"},
				"09-people-" + pass + ".png":         {"Walter Ngata"},
			} {
				text, ok := shown[name]
				if !ok {
					t.Errorf("no %s", name)
					continue
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("%s: %q not on screen: %s", name, w, text)
					}
				}
			}
		}
	})
}
