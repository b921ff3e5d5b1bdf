package app

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Each chart row of Results and each person of People drawn with nothing to say beside it
// called lang.L(""), and Fyne logged "Fyne error: Translation failure … message "" not found"
// for each, 19 times for the demo's Results alone: noise in the log a person sends with a
// problem, hiding the errors that matter. Words that may be none are translated only when
// there are some (langOf).
func TestScreensLogNoTranslationFailure(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	u, _ := demoUI(t)
	s := u.shell
	u.win.Resize(fyne.NewSize(1200, 760))
	for _, sc := range []screen{scResults, scPeople, scToday} {
		u.win.Canvas().(fyne.Shortcutable).TypedShortcut(screenShortcuts[sc])
		u.idle()
		if s.current != sc {
			t.Fatalf("screen %d not shown", sc)
		}
	}
	if n := strings.Count(buf.String(), "Translation failure"); n > 0 {
		t.Errorf("%d translation failures logged:\n%s", n, buf.String())
	}
}
