package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F575: at 150 % text an appointment's note "9 Dec 2026, 15:30 New York time (20:30 here)"
// took the row's width and left its title a column a word wide: "Ólafu / r / Sigur / ðsson /
// · / Endo / crinol / ogy". A note wider than half the row goes under the words, which keep
// the row's width; a short one stays beside them.
func TestWrapRow_LongNoteGoesUnderTheWords(t *testing.T) {
	test.NewTempApp(t)
	l := newRowList()
	l.rows = []row{
		{Title: "Ólafur Sigurðsson · Endocrinology follow-up (Diabetes Center)", Sub: "MGH Diabetes Center, 50 Staniford St", Right: "9 Dec 2026, 15:30 New York time (20:30 here)"},
		{Title: "Guðrún Jónsdóttir · Heart failure clinic", Sub: "Landspítali", Right: "10 Dec 2026"},
	}
	for i, width := range []float32{300, 600} {
		m := newWrapRowItem().(*fyne.Container)
		l.update(i, m)
		h := m.MinSize().Height
		for range 3 {
			m.Resize(fyne.NewSize(width, h))
			h = m.MinSize().Height
		}
		m.Resize(fyne.NewSize(width, h))
		text, note := m.Objects[0], m.Objects[2].(*widget.Label)
		title := text.(*fyne.Container).Objects[0].(*widget.Label)
		word := fyne.MeasureText("Endocrinology", title.Theme().Size("text"), fyne.TextStyle{Bold: true}).Width
		switch i {
		case 0: // the long note: under the words, the title as wide as the row
			if title.Size().Width < word || note.Position().Y < text.Position().Y+title.Size().Height || note.Position().Y+note.Size().Height > h+1 {
				t.Errorf("a %v-wide row: title %v wide (a word is %v), note at %v, %v high, the row %v high", width, title.Size().Width, word, note.Position(), note.Size().Height, h)
			}
		case 1: // the short note: beside the words
			if note.Position().X < text.Position().X+text.Size().Width || note.Position().Y > title.Size().Height {
				t.Errorf("a %v-wide row: the short note at %v, the words %v wide", width, note.Position(), text.Size().Width)
			}
		}
	}
}
