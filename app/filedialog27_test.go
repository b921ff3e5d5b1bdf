package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A double-click on a folder in the import dialog opens the folder, and nothing more. Its first
// click opens the folder; the file dialog then shows the folder's files in the same grid cells,
// and the second click landed on the file now in that cell as a double-click on it: the file was
// imported without the person ever seeing it (F109, vapp27: Home → double-click Documents
// imported Documents/clinic-letter.json).
func TestImportDialog_DoubleClickOnFolderOnlyOpensIt(t *testing.T) {
	u := unlocked(t)
	home := t.TempDir()
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "clinic-letter.json"), []byte(`{"resourceType":"Bundle","type":"collection","entry":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	u.lastImportDir = home
	u.main.pickFiles("")
	u.idle()
	if u.fileDialog == nil {
		t.Fatal("Import opened no dialog")
	}
	folder := fileCellShowing(t, u.win.Canvas().Overlays().Top(), "Documents")
	folder.Tapped(&fyne.PointEvent{}) // the double-click's first click: opens Documents
	folder.Tapped(&fyne.PointEvent{}) // its second, on the cell under the pointer
	u.idle()
	if u.fileDialog == nil {
		t.Fatalf("a double-click on a folder imported a file of it (the dialog closed; last import folder %q)", u.lastImportDir)
	}
	if got := drawnText(u.win.Canvas().Overlays().Top()); !strings.Contains(got, "clinic-letter") {
		t.Errorf("the dialog does not show the folder's file after opening it:\n%s", got)
	}
	// A double-click on a file still chooses it.
	file := fileCellShowing(t, u.win.Canvas().Overlays().Top(), "clinic-letter")
	file.Tapped(&fyne.PointEvent{})
	file.Tapped(&fyne.PointEvent{})
	u.idle()
	if u.fileDialog != nil {
		t.Error("a double-click on a file did not choose it")
		u.fileDialog.Hide()
		u.idle()
	}
}

// fileCellShowing finds the tappable cell of the file dialog o whose label reads name.
func fileCellShowing(t *testing.T, o fyne.CanvasObject, name string) fyne.Tappable {
	t.Helper()
	var found fyne.Tappable
	var visit func(o fyne.CanvasObject, cell fyne.Tappable)
	visit = func(o fyne.CanvasObject, cell fyne.Tappable) {
		if found != nil {
			return
		}
		if tp, ok := o.(fyne.Tappable); ok {
			if _, isButton := o.(*widget.Button); !isButton {
				cell = tp
			}
		}
		switch v := o.(type) {
		case *widget.Label:
			if v.Text == name && cell != nil {
				found = cell
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				visit(c, cell)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				visit(c, cell)
			}
		}
	}
	visit(o, nil)
	if found == nil {
		t.Fatalf("no cell reads %q in the dialog:\n%s", name, drawnText(o))
	}
	return found
}

// At 200 % text the file dialog's cells are wide enough for a folder's name: they kept their
// 100 % width and cut 'Documents' to 'Docu…', 'Downloads' to 'Dow/nlo…' (F170, vapp27).
func TestImportDialog_NamesFitAt200(t *testing.T) {
	u := unlocked(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(windowSize(fyne.NewSize(1024, 600)))
	home := t.TempDir()
	for _, d := range []string{"Documents", "Downloads"} {
		if err := os.Mkdir(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	u.lastImportDir = home
	u.main.pickFiles("")
	u.idle()
	if u.fileDialog == nil {
		t.Fatal("Import opened no dialog")
	}
	for _, name := range []string{"Documents", "Downloads"} {
		cell := fileCellShowing(t, u.win.Canvas().Overlays().Top(), name).(fyne.CanvasObject)
		need := fyne.MeasureText(name, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding() // a label's padding
		if got := cell.MinSize().Width; got < need {
			t.Errorf("%q at 200 %% text needs %.0f wide, its cell is %.0f", name, need, got)
		}
	}
	u.fileDialog.Hide()
	u.idle()
}
