package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"carekeeper/internal/testutil"
)

// F304: a C-CDA document that says UTF-8 but is written in Latin-1 (an exporter's classic)
// was refused as "the XML is malformed at line 16"; the line now says it is the encoding and
// what to do, and the vault is unchanged. The same bytes without a declaration still import.
func TestImportCCDAMislabeledUTF8SaysTheEncoding(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	latin := bytes.Replace(doc, []byte("<given>Isabella</given>"), []byte("<given>J\xfcrgen</given>"), 1)
	if bytes.Equal(latin, doc) {
		t.Fatal("the fixture changed: no Isabella")
	}
	line := bytes.Count(latin[:bytes.Index(latin, []byte("J\xfcrgen"))], []byte("\n")) + 1
	dir := newVault(t)
	r := in(dir)
	r.run(t, "profile", "list").ok(t)
	f := filepath.Join(t.TempDir(), "mislabeled.xml")
	os.WriteFile(f, latin, 0o600)
	before := testutil.SnapshotDir(t, dir)
	r.run(t, "import", f).fails(t, 1, f+": line "+strconv.Itoa(line)+" is not UTF-8, though the document says it is (it may be Latin-1 or Windows-1252): ask the sender for a corrected file")
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("the vault changed: %s", d)
	}
	undeclared := filepath.Join(t.TempDir(), "undeclared.xml")
	os.WriteFile(undeclared, bytes.Replace(latin, []byte(`<?xml version="1.0" encoding="UTF-8"?>`), nil, 1), 0o600)
	r.run(t, "import", undeclared).ok(t)
}
