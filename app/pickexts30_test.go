package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	fynestorage "fyne.io/fyne/v2/storage"
)

// F354: the import window hid "My lab results.pdf" (it listed only the kinds CareKeeper reads),
// so the person whose portal gave a PDF saw an empty folder and never the line saying what it
// is. The window lists PDFs, Word documents and photos; chosen, a PDF is refused saying so.
func TestImportWindow_ListsAPDFAndSaysWhatItIs(t *testing.T) {
	filter := fynestorage.NewExtensionFileFilter(pickExts)
	for _, name := range []string{"My lab results.pdf", "letter.doc", "IMG_0001.HEIC", "records.json", "export.zip"} {
		if !filter.Matches(fynestorage.NewFileURI(filepath.Join("/home/ann", name))) {
			t.Errorf("the import window hides %s", name)
		}
	}
	u := unlocked(t)
	pdf := filepath.Join(t.TempDir(), "My lab results.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.main.importFiles([]string{pdf})
	u.idle()
	rs := u.main.results.results
	if len(rs) != 1 || rs[0].Err == nil || !strings.Contains(rs[0].Line(), "a PDF document") {
		t.Fatalf("importing a PDF: %+v", rs)
	}
}
