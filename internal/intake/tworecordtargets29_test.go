package intake

import (
	"bytes"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// F180: a C-CDA document with two recordTargets (two people) was imported as the first one's
// alone — every entry filed under her, the second person neither made nor mentioned. CDA then
// does not say whose each entry is: it is refused in one line, naming no one; a recordTarget
// repeated (the same record number) is one person and imports.
func TestDocumentAboutTwoPeopleRefused(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	start, end := bytes.Index(doc, []byte("<recordTarget>")), bytes.Index(doc, []byte("</recordTarget>"))+len("</recordTarget>")
	if start < 0 || end < start {
		t.Fatal("the fixture has no recordTarget")
	}
	target := string(doc[start:end])
	other := strings.NewReplacer(`extension="98765432"`, `extension="11111111"`, `extension="12345679"`, `extension="22222222"`,
		"Isabella", "Other", `value="19501219"`, `value="19600101"`).Replace(target)
	with := func(second string) []byte {
		return append(append(append([]byte{}, doc[:end]...), second...), doc[end:]...)
	}

	v := newVault(t)
	_, err := importPath(t, v, write(t, "two.xml", with(other)), Options{Options: cksync.Options{Now: clock}})
	if err == nil {
		t.Fatal("imported")
	}
	msg := err.Error()
	if !strings.Contains(msg, "the document is about 2 people, and its entries do not say whose each one is: not imported") ||
		strings.Contains(msg, "Isabella") || strings.Contains(msg, "98765432") {
		t.Errorf("error %q", msg)
	}
	if ps, _ := v.Profiles(); len(ps) != 0 {
		t.Errorf("%d people made", len(ps))
	}

	s, err := importPath(t, v, write(t, "repeated.xml", with(target)), Options{Options: cksync.Options{Now: clock}})
	if err != nil || len(s.People) != 1 {
		t.Fatalf("a recordTarget repeated: %v, %+v", err, s)
	}
}
