package intake

import (
	"bytes"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// A converted document's Skipped gives the reasons of its TextOnly entries: the words count
// those entries once ("3 entries kept as text only", not also "3 skipped"), while an Apple
// export's skipped samples are still counted (held-out check of issue 15).
func TestDescribeCountsTextOnlyOnce(t *testing.T) {
	v := newVault(t)
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/Progress Note/Progress_Note.xml"))
	s, err := importPath(t, v, write(t, "ccd.xml", doc), Options{Options: cksync.Options{Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sk := range s.Skipped {
		n += sk.Count
	}
	if s.TextOnly == 0 || n != s.TextOnly {
		t.Fatalf("the example should keep entries as text only, each with its reason: %d text only, %d reasons", s.TextOnly, n)
	}
	if d := s.Describe(); !strings.Contains(d, plural(s.TextOnly, "entry", "entries")+" kept as text only") || strings.Contains(d, "skipped") {
		t.Errorf("document: %q", d)
	}
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{Skipped: []Skip{{What: "HKWorkoutTypeIdentifier", Reason: "not imported", Count: 4}}}, "nothing new; 4 skipped"},
		{Summary{TextOnly: 2, Skipped: []Skip{{What: "Plan of Care", Reason: "not mapped", Count: 2}}}, "nothing new; 2 entries kept as text only"},
		{Summary{TextOnly: 1, Skipped: []Skip{{What: "Plan of Care", Reason: "not mapped", Count: 1}, {What: "Procedure (DSTU2)", Reason: "not converted", Count: 2}}}, "nothing new; 1 entry kept as text only; 2 skipped"},
	} {
		if got := tc.s.Describe(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.s, got, tc.want)
		}
	}
}

// A C-CDA document whose root comes after the first 4 KiB (a long comment, many processing
// instructions before it) is still recognised by its content (held-out check of issue 15).
func TestDetectLongProlog(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/Progress Note/Progress_Note.xml"))
	root := bytes.Index(doc, []byte("<ClinicalDocument"))
	if root < 0 {
		t.Fatal("no root in the example")
	}
	for _, tc := range []struct{ name, prolog string }{
		{"long comment", "<!-- " + strings.Repeat("exported by a vendor ", 400) + " -->\n"},
		{"many processing instructions", strings.Repeat("<?vendor-pi data=\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"?>\n", 100)},
		{"blank lines", strings.Repeat("\n", 5000)},
	} {
		data := append(append(append([]byte{}, doc[:root]...), tc.prolog...), doc[root:]...)
		s, err := importPath(t, newVault(t), write(t, "doc.xml", data), Options{Options: cksync.Options{Now: clock}})
		if err != nil || s.Format != CCDA || s.Added["Patient"] != 1 {
			t.Errorf("%s: %+v %v", tc.name, s, err)
		}
	}
}
