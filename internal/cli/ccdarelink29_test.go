package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F302: a newer document that repeats records already here counts them as unchanged, not
// updated: only which document last carried them differs ("1 added, 8 updated" when one
// medicine changed).
func TestImportNewerCCDARepeatingRecordsSaysUnchanged(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	newer := bytes.Replace(doc, []byte(`<id extension="EHRVersion2.0" root="be84a8e4-a22e-4210-a4a6-b3c48273e84c"/>`),
		[]byte(`<id extension="EHRVersion2.1" root="be84a8e4-a22e-4210-a4a6-b3c48273e84c"/>`), 1)
	newer = bytes.Replace(newer, []byte(`<effectiveTime value="20141015103026-0500"/>`), []byte(`<effectiveTime value="20141115103026-0500"/>`), 1)
	if bytes.Equal(newer, doc) {
		t.Fatal("the fixture changed")
	}
	dir := t.TempDir()
	first, second := filepath.Join(dir, "ccd.xml"), filepath.Join(dir, "ccd-newer.xml")
	os.WriteFile(first, doc, 0o600)
	os.WriteFile(second, newer, 0o600)
	r := in(newVault(t))
	r.run(t, "import", first).ok(t)
	out := r.run(t, "import", second).ok(t).stdout
	if !strings.Contains(out, ": 1 added, ") || !strings.Contains(out, " unchanged; for ") || strings.Contains(out, "updated") {
		t.Errorf("the newer document: %q, want 1 added (its document), the rest unchanged", out)
	}
	out = r.run(t, "import", first).ok(t).stdout
	if !strings.Contains(out, "nothing new") || strings.Contains(out, "updated") {
		t.Errorf("the first again: %q", out)
	}
}
