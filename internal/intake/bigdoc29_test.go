package intake

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F179: a C-CDA document carrying a large scan (a nonXMLBody of a 12 MiB file) was refused
// with 'a resource is too large to store (16 MiB compressed; at most 16 MiB)': two sizes that
// read the same, no word of which record (the document's own copy) nor why. It says so in
// words, and nothing is imported.
func TestDocumentTooLargeToKeepSaid(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	start, end := bytes.Index(doc, []byte("<structuredBody>")), bytes.Index(doc, []byte("</structuredBody>"))
	if start < 0 || end < 0 {
		t.Fatal("the fixture has no structured body")
	}
	scan := make([]byte, 12<<20) // a scan does not compress
	r := rand.NewChaCha8([32]byte{29})
	r.Read(scan)
	body := `<nonXMLBody><text mediaType="application/pdf" representation="B64">` + base64.StdEncoding.EncodeToString(scan) + `</text></nonXMLBody>`
	big := append(append(append([]byte{}, doc[:start]...), body...), doc[end+len("</structuredBody>"):]...)

	v := newVault(t)
	_, err := importPath(t, v, write(t, "scan.xml", big), Options{Options: cksync.Options{Now: clock}})
	if err == nil {
		t.Fatal("imported")
	}
	msg := err.Error()
	if !errors.Is(err, storage.ErrTooLarge) || !strings.Contains(msg, "the document is too large to store: CareKeeper keeps a copy of each document it imports") ||
		!strings.Contains(msg, "nothing from it was imported") || strings.Contains(msg, "a resource is") {
		t.Errorf("error %q", msg)
	}
	if ps, _ := v.Profiles(); len(ps) != 0 {
		t.Errorf("%d people made", len(ps))
	}
}
