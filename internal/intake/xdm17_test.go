package intake

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// Issue 15: an XDM package whose METADATA.XML lists a document it does not hold imported the
// rest and said nothing. The import says it and counts it among the skipped, with the reason.
func TestXDMMissingDocumentSaid(t *testing.T) {
	v := newVault(t)
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	meta := `<?xml version="1.0"?><lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><rim:RegistryObjectList>` +
		`<rim:ExtrinsicObject id="Document01"><rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0001.XML</rim:Value></rim:ValueList></rim:Slot></rim:ExtrinsicObject>` +
		`<rim:ExtrinsicObject id="Document02"><rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0002.XML</rim:Value></rim:ValueList></rim:Slot></rim:ExtrinsicObject>` +
		`</rim:RegistryObjectList></lcm:SubmitObjectsRequest>`
	xdm := zipOf(t, map[string][]byte{"IHE_XDM/SUBSET01/METADATA.XML": []byte(meta), "IHE_XDM/SUBSET01/DOC0001.XML": doc})
	s, err := importPath(t, v, write(t, "xdm.zip", xdm), Options{Options: cksync.Options{Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != XDM || s.Added["DocumentReference"] != 1 {
		t.Fatalf("summary %+v", s)
	}
	d := s.Describe()
	if !strings.Contains(d, "1 document listed in the package was not in it") {
		t.Errorf("Describe() = %q", d)
	}
	// Not counted again among the entries skipped.
	skipped := -s.TextOnly
	for _, sk := range s.Skipped {
		if sk.What != missingWhat {
			skipped += sk.Count
		}
	}
	if (skipped > 0) != strings.Contains(d, " skipped") {
		t.Errorf("Describe() = %q, %d other skipped", d, skipped)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `{"what":"document","reason":"listed in the package's METADATA.XML but not in the zip","count":1}`) {
		t.Errorf("--json lacks the missing document: %s", b)
	}
}
