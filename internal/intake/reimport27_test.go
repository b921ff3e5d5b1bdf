package intake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"carekeeper/internal/applehealth/ahtest"
	"carekeeper/internal/shc/shctest"
	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// firstEntries is a FHIR Bundle with only its first n entries.
func firstEntries(t *testing.T, bundle []byte, n int) []byte {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(bundle, &top); err != nil {
		t.Fatal(err)
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(top["entry"], &entries); err != nil {
		t.Fatal(err)
	}
	top["entry"] = marshal(t, entries[:n])
	return marshal(t, top)
}

// marshal is json.Marshal leaving '<', '>' and '&' as they are, as the files have them.
func marshal(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b.Bytes())
}

// ndjson is a FHIR file's resources one a line, the first n of them (all for n < 0).
func ndjson(t *testing.T, file []byte, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	for i, e := range testutil.Entries(t, file) {
		if n >= 0 && i == n {
			break
		}
		if err := json.Compact(&b, e.Resource); err != nil {
			t.Fatal(err)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func exportXML(days int) []byte {
	var x bytes.Buffer
	ahtest.Write(&x, ahtest.Options{Days: days, PerDay: 4})
	return x.Bytes()
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// Importing a file again says truthfully what happened, in every format: "nothing new: N
// records already there", N being what the first import added; a file of which part is
// already there says how many records are new and how many were there. The CLI and the app
// both say Summary.DescribeFor, whose first part this is (F98: an Apple Health export.xml
// imported into a person added by hand said "38 added", then "nothing new (37 unchanged)": the
// person's Patient the first import made was not counted again).
func TestReimportSaysWhatHappened(t *testing.T) {
	clemente := testutil.ReadFile(t, testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"))
	ccd := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	key := shctest.ExampleKey(t)
	card := shctest.Bundle(t, "covid-vaccines-bundle.json")
	for _, tc := range []struct {
		name, file  string
		whole, part []byte // part: a file holding some of whole's records (nil: none)
		byHand      bool   // imported into a person added by hand (no Patient of their own)
	}{
		{name: "FHIR Bundle", file: "bundle.json", whole: clemente, part: firstEntries(t, clemente, 30)},
		{name: "NDJSON", file: "records.ndjson", whole: ndjson(t, clemente, -1), part: ndjson(t, clemente, 25)},
		{name: "C-CDA", file: "ccd.xml", whole: ccd},
		{name: "XDM", file: "xdm.zip", whole: zipOf(t, map[string][]byte{"IHE_XDM/SUBSET01/DOC0001.XML": ccd})},
		{name: "health card", file: "card.smart-health-card",
			whole: shctest.File(shctest.Sign(t, key, card, shctest.Claims{Nbf: now.Add(-time.Hour)})),
			part:  shctest.File(shctest.Sign(t, key, firstEntries(t, card, 2), shctest.Claims{Nbf: now.Add(-time.Hour)}))},
		{name: "Apple Health export.zip", file: "export.zip", whole: appleExport(t, 3), part: appleExport(t, 2)},
		{name: "Apple Health export.xml into a person added by hand", file: "export.xml",
			whole: exportXML(3), part: exportXML(2), byHand: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, withPart := range []bool{false, true} {
				if withPart && tc.part == nil {
					continue
				}
				v := newVault(t)
				opt := Options{Options: cksync.Options{Now: clock}}
				if tc.byHand {
					p, err := v.AddProfile("Ann Lee", "1960-02-03")
					if err != nil {
						t.Fatal(err)
					}
					opt.Profile = p.ID
				}
				imp := func(data []byte) *Summary {
					t.Helper()
					s, err := importPath(t, v, write(t, tc.file, data), opt)
					if err != nil {
						t.Fatal(err)
					}
					return s
				}
				part := 0
				if withPart {
					s := imp(tc.part)
					part = total(s.Added)
					if part == 0 || total(s.Updated) != 0 || s.Unchanged != 0 {
						t.Fatalf("part: %+v", s.Summary)
					}
				}
				first := imp(tc.whole)
				added := total(first.Added)
				want := fmt.Sprintf("%d added", added)
				if withPart {
					want = fmt.Sprintf("%d added, %d unchanged", added, part)
				}
				if added == 0 || total(first.Updated) != 0 || first.Unchanged != part || first.Summary.Describe() != want {
					t.Fatalf("import (part first: %v): %+v %q, want %q", withPart, first.Summary, first.Summary.Describe(), want)
				}
				again := imp(tc.whole)
				want = fmt.Sprintf("nothing new: %d records already there", added+part)
				if total(again.Added)+total(again.Updated) != 0 || again.Unchanged != added+part || again.Summary.Describe() != want {
					t.Errorf("again (part first: %v): %+v %q, want %q", withPart, again.Summary, again.Summary.Describe(), want)
				}
				if d := again.DescribeFor(func(string) string { return "Ann Lee" }); !bytes.HasPrefix([]byte(d), []byte(want)) {
					t.Errorf("the CLI and the app say %q, want it to start %q", d, want)
				}
			}
		})
	}
}
