package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// "Import which files?": the button ticks every file, then says "Untick all" and unticks them;
// ticking the files one by one changes it too.
func TestImport_TickAllBecomesUntickAll(t *testing.T) {
	u := unlocked(t)
	paths := []string{"/nowhere/a.json", "/nowhere/b.json", "/nowhere/c.json"}
	u.main.chooseFiles(paths, paths[0], "")
	c := u.main.choice
	if c == nil || c.allBt.Text != "Tick all" {
		t.Fatalf("with one file ticked the button says %q", c.allBt.Text)
	}
	test.Tap(c.allBt)
	for i, ch := range c.checks {
		if !ch.Checked {
			t.Errorf("file %d not ticked by Tick all", i)
		}
	}
	if c.allBt.Text != "Untick all" || c.importBt.Text != "Import 3 files" {
		t.Errorf("everything ticked: %q, %q", c.allBt.Text, c.importBt.Text)
	}
	test.Tap(c.allBt)
	for i, ch := range c.checks {
		if ch.Checked {
			t.Errorf("file %d still ticked after Untick all", i)
		}
	}
	if c.allBt.Text != "Tick all" || !c.importBt.Disabled() {
		t.Errorf("nothing ticked: %q, import enabled %v", c.allBt.Text, !c.importBt.Disabled())
	}
	for _, ch := range c.checks {
		ch.SetChecked(true)
	}
	if c.allBt.Text != "Untick all" {
		t.Errorf("every file ticked by hand: %q", c.allBt.Text)
	}
}
