package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A Save dialog pointed at the vault's own folder refuses before it opens the file: a visit
// summary saved over vault.key (Fyne's dialog empties the file it is given before CareKeeper
// sees the path) left a vault nobody could open, recovery code and all (F231, vapp28).
func TestSaveDialog_RefusesTheVaultFolder(t *testing.T) {
	u := unlocked(t)
	key := filepath.Join(u.dir, "vault.key")
	before, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	u.lastImportDir = u.dir // the dialog opens in the vault's folder
	wrote := false
	u.saveFile("vault.key", "", func(string) { wrote = true })
	u.idle()
	if u.fileDialog == nil {
		t.Fatal("no Save dialog")
	}
	tapButton(t, u.win.Canvas().Overlays().Top(), "Save")
	u.idle()
	tapButton(t, u.win.Canvas().Overlays().Top(), "Yes") // "Overwrite? … vault.key?"
	u.idle()
	if wrote {
		t.Error("the save went ahead into the vault's folder")
	}
	if after, err := os.ReadFile(key); err != nil || !bytes.Equal(after, before) {
		t.Fatalf("vault.key changed (%d bytes → %d, %v)", len(before), len(after), err)
	}
	said := drawnText(u.win.Canvas().Overlays().Top())
	if !strings.Contains(said, "Not saved") || !strings.Contains(said, "where CareKeeper keeps your records") || strings.Contains(said, "went wrong") {
		t.Errorf("the refusal is not said; the window shows:\n%s", said)
	}
	// Elsewhere it saves.
	tapButton(t, u.win.Canvas().Overlays().Top(), "OK")
	u.idle()
	u.lastImportDir = t.TempDir()
	var got string
	u.saveFile("chart.png", "", func(path string) { got = path })
	u.idle()
	tapButton(t, u.win.Canvas().Overlays().Top(), "Save")
	u.idle()
	if want := filepath.Join(u.lastImportDir, "chart.png"); got != want {
		t.Errorf("saved to %q, want %q", got, want)
	}
	if err := u.refusedOutput(filepath.Join(u.dir, "sub", "x.pdf")); err == nil {
		t.Error("a file in a folder inside the vault's folder is not refused")
	}
}

// tapButton taps the button of o whose text is label.
func tapButton(t *testing.T, o fyne.CanvasObject, label string) {
	t.Helper()
	var b *widget.Button
	walk(o, func(x any) {
		if w, ok := x.(*widget.Button); ok && w.Text == label && b == nil {
			b = w
		}
	})
	if b == nil {
		t.Fatalf("no %q button in:\n%s", label, drawnText(o))
	}
	test.Tap(b)
}
