package ccda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/ccda"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json")

var fixedNow = func() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) }

// summary is what the golden file records per document: resources made by type and the
// entries kept as text only.
type summary struct {
	Made     map[string]int `json:"made"`
	TextOnly int            `json:"textOnly"`
}

// documents are the C-CDA documents among the HL7 C-CDA R2.1 examples of the shared fixtures
// (CC0, HL7/C-CDA-Examples; see ../shared/fixtures/README.md), by path under hl7-examples/.
func documents(t *testing.T) map[string][]byte {
	t.Helper()
	root := filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples")
	docs := map[string][]byte{}
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(strings.ToLower(p), ".xml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if ccda.Sniff(data) {
			rel, _ := filepath.Rel(root, p)
			docs[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 25 {
		t.Fatalf("found %d C-CDA documents among the fixtures, want the HL7 examples' 29", len(docs))
	}
	return docs
}

func convert(t testing.TB, data []byte) *ccda.Result {
	t.Helper()
	res, err := ccda.Convert(context.Background(), bytes.NewReader(data), ccda.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

type bundle struct {
	Entry []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

type resource struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Extension    []struct {
		URL       string `json:"url"`
		Extension []struct {
			URL            string `json:"url"`
			ValueReference struct {
				Reference string `json:"reference"`
			} `json:"valueReference"`
		} `json:"extension"`
	} `json:"extension"`
}

// checkBundle checks what every converted document must satisfy: it parses as FHIR, passes
// the importer's checks, its counts match Made, every resource points back at the document's
// DocumentReference, and every reference resolves inside the bundle.
func checkBundle(t *testing.T, name string, res *ccda.Result) {
	t.Helper()
	if _, err := fhirjson.ParseFile(res.Bundle); err != nil {
		t.Fatalf("%s: fhirjson: %v", name, err)
	}
	if _, err := cksync.ParseInput(name, res.Bundle); err != nil {
		t.Fatalf("%s: importer: %v", name, err)
	}
	var b bundle
	if err := json.Unmarshal(res.Bundle, &b); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	ids := map[string]bool{}
	docRef := ""
	var all []resource
	for _, e := range b.Entry {
		var r resource
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			t.Fatal(err)
		}
		counts[r.ResourceType]++
		k := r.ResourceType + "/" + r.ID
		if ids[k] {
			t.Errorf("%s: %s twice", name, k)
		}
		ids[k] = true
		if r.ResourceType == "DocumentReference" {
			docRef = k
		}
		all = append(all, r)
	}
	if !mapsEqual(counts, res.Made) {
		t.Errorf("%s: bundle holds %v, Made says %v", name, counts, res.Made)
	}
	if counts["DocumentReference"] != 1 || counts["Binary"] != 0 {
		t.Fatalf("%s: want the document in one DocumentReference, no Binary: %v", name, counts)
	}
	for _, r := range all {
		if r.ResourceType == "DocumentReference" {
			continue
		}
		ok := false
		for _, ext := range r.Extension {
			if ext.URL == "http://hl7.org/fhir/StructureDefinition/derivation-reference" && len(ext.Extension) == 1 &&
				ext.Extension[0].ValueReference.Reference == docRef {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: %s/%s does not point back at %s", name, r.ResourceType, r.ID, docRef)
		}
	}
	for _, ref := range references(res.Bundle) {
		if !ids[ref] {
			t.Errorf("%s: reference %s resolves to nothing in the bundle", name, ref)
		}
	}
}

func references(data []byte) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if s, ok := val.(string); ok && k == "reference" {
					out = append(out, s)
				}
				walk(val)
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	var v any
	_ = json.Unmarshal(data, &v)
	walk(v)
	return out
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestFixtureDocuments converts every C-CDA document among the HL7 examples and compares the
// counts with testdata/golden.json (go test -run TestFixtureDocuments -update rewrites it).
func TestFixtureDocuments(t *testing.T) {
	docs := documents(t)
	got := map[string]summary{}
	for name, data := range docs {
		res := convert(t, data)
		checkBundle(t, name, res)
		again := convert(t, data)
		if !bytes.Equal(res.Bundle, again.Bundle) {
			t.Errorf("%s: two conversions differ", name)
		}
		refs := resources(t, res.Bundle, "DocumentReference")
		kept, err := ccda.Document([]byte(jsonOf(refs[0])))
		if err != nil || !bytes.Equal(kept, data) {
			t.Errorf("%s: the DocumentReference does not hold the document byte for byte (%v)", name, err)
		}
		if _, err := ccda.DocumentNarrative([]byte(jsonOf(refs[0]))); err != nil {
			t.Errorf("%s: narrative: %v", name, err)
		}
		if res.TextOnly != len(res.Skipped) {
			t.Errorf("%s: TextOnly %d but %d skipped", name, res.TextOnly, len(res.Skipped))
		}
		got[name] = summary{Made: res.Made, TextOnly: res.TextOnly}
	}
	golden := filepath.Join("testdata", "golden.json")
	if *update {
		data, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(golden, append(data, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	var want map[string]summary
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, ok := want[n]
		if !ok {
			t.Errorf("%s: not in golden.json (run with -update)", n)
			continue
		}
		if !mapsEqual(w.Made, got[n].Made) || w.TextOnly != got[n].TextOnly {
			t.Errorf("%s: made %v, %d text only; golden %v, %d", n, got[n].Made, got[n].TextOnly, w.Made, w.TextOnly)
		}
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("%s: in golden.json but not among the fixtures", n)
		}
	}
}
