// CareKeeper patch test (README.carekeeper.md): the entry's caret stops blinking 10 s after the
// entry was focused or a key typed, shown solid; a key blinks it again (F26: a caret blinking for
// ever kept the locked app's window redrawing).

package widget

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestCursorRestsWhenIdle(t *testing.T) {
	test.NewTempApp(t)
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	timeNow = func() time.Time { return now }
	defer func() { timeNow = time.Now }()

	a := newEntryCursorAnimation(canvas.NewRectangle(color.Transparent))
	a.start() // focused
	if a.anim == nil {
		t.Fatal("no blinking when focused")
	}
	now = now.Add(9 * time.Second)
	a.anim.Tick(0.2)
	if a.anim == nil {
		t.Fatal("the caret stopped blinking 9 s after the entry was focused")
	}
	now = now.Add(2 * time.Second)
	a.anim.Tick(0.2)
	if a.anim != nil {
		t.Fatal("the caret still blinks 11 s after the entry was focused")
	}
	if a.cursor.FillColor != theme.Color(theme.ColorNamePrimary) {
		t.Errorf("a resting caret is %v, want solid %v", a.cursor.FillColor, theme.Color(theme.ColorNamePrimary))
	}

	a.interrupt() // a key
	if a.anim == nil {
		t.Fatal("a key did not make the resting caret blink again")
	}
	now = now.Add(11 * time.Second)
	a.anim.Tick(0.2)
	if a.anim != nil {
		t.Fatal("the caret still blinks 11 s after the last key")
	}
	a.stop() // focus lost
	a.start()
	if a.anim == nil {
		t.Fatal("focusing again did not blink the caret")
	}
}
