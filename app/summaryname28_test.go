package app

import (
	"path/filepath"
	"strings"
	"testing"
)

// F212: the visit summary's default file name was 'visit-summary-2026-12-06.pdf' for every
// person: Mum's saved over Wendell's. It names the person.
func TestVisitSummary_FileNameNamesThePerson(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Clemente_Kreiger_*.json")
	s := u.shell
	s.openVisitSummary()
	d := s.summary
	if d == nil {
		t.Fatal("no summary dialog")
	}
	u.lastImportDir = t.TempDir()
	d.chooseFile()
	u.idle()
	if u.fileDialog == nil {
		t.Fatal("no Save dialog")
	}
	tapButton(t, u.win.Canvas().Overlays().Top(), "Save")
	u.idle()
	if len(d.written) == 0 {
		t.Fatalf("nothing written: %q", d.message.Text)
	}
	name := filepath.Base(d.written[0])
	if !strings.HasPrefix(name, "visit-summary-Clemente-Kreiger-") || !strings.HasSuffix(name, ".pdf") {
		t.Errorf("saved as %q: it does not name the person", name)
	}
}
