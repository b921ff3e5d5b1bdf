package fhirjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// decodeAny decodes JSON with encoding/json (UseNumber), the independent oracle.
func decodeAny(tb testing.TB, data []byte) any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("encoding/json: %v", err)
	}
	if dec.More() {
		tb.Fatalf("encoding/json: more than one value")
	}
	return v
}

// oracleFile is what encoding/json says a file holds: the raw resources in
// order, and how many bundle entries have no resource.
type oracleFile struct {
	kind      Kind
	resources []json.RawMessage
	indexes   []int
	skipped   int
	fullURLs  []string
	requests  [][3]string // method, url, ifNoneExist
}

func oracle(tb testing.TB, name string, data []byte) oracleFile {
	tb.Helper()
	var o oracleFile
	if strings.HasSuffix(name, ".ndjson") {
		o.kind = KindNDJSON
		for i, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			o.resources = append(o.resources, json.RawMessage(bytes.TrimSpace(line)))
			o.indexes = append(o.indexes, i+1)
		}
		return o
	}
	var env struct {
		ResourceType string
		Entry        []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
			Request  struct {
				Method      string `json:"method"`
				URL         string `json:"url"`
				IfNoneExist string `json:"ifNoneExist"`
			} `json:"request"`
		}
	}
	if err := json.Unmarshal(data, &env); err != nil {
		tb.Fatalf("encoding/json: %v", err)
	}
	if env.ResourceType != "Bundle" {
		o.kind = KindResource
		o.resources = []json.RawMessage{bytes.TrimSpace(data)}
		o.indexes = []int{0}
		o.fullURLs = []string{""}
		return o
	}
	o.kind = KindBundle
	for i, e := range env.Entry {
		if e.Resource == nil {
			o.skipped++
			continue
		}
		o.resources = append(o.resources, e.Resource)
		o.indexes = append(o.indexes, i+1)
		o.fullURLs = append(o.fullURLs, e.FullURL)
		o.requests = append(o.requests, [3]string{e.Request.Method, e.Request.URL, e.Request.IfNoneExist})
	}
	return o
}

// checkFile parses one fixture and checks it against encoding/json: entry
// kinds, counts per resource type, byte-exact compaction, losslessness and the
// Info of every resource. It returns the per-type counts.
func checkFile(t *testing.T, name string, raw []byte) map[string]int {
	t.Helper()
	data, err := Decompress(raw)
	if err != nil {
		t.Fatalf("Decompress: %v", err)
	}
	f, err := ParseFile(data)
	o := oracle(t, name, data)
	if wrong := wrongTypes(t, o.resources); wrong != "" {
		// An element CareKeeper reads has the wrong JSON type (by an independent walk over
		// encoding/json's decoding): the file must be refused, naming such an element.
		if err == nil || !strings.Contains(err.Error(), "wrong JSON type: ") && !strings.Contains(err.Error(), "not a real date: ") {
			t.Fatalf("ParseFile: got %v, want a wrong JSON type (%s)", err, wrong)
		}
		typeRefused++
		return nil
	}
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	if f.Kind != o.kind {
		t.Fatalf("kind %v, want %v", f.Kind, o.kind)
	}
	if len(f.Entries) != len(o.resources) || f.Skipped != o.skipped {
		t.Fatalf("%d entries, %d skipped; encoding/json says %d, %d", len(f.Entries), f.Skipped, len(o.resources), o.skipped)
	}
	got, want := map[string]int{}, map[string]int{}
	for i, e := range f.Entries {
		orig := o.resources[i]
		m, _ := decodeAny(t, orig).(map[string]any)
		rt, _ := m["resourceType"].(string)
		want[rt]++
		got[e.Info.Type]++
		if e.Index != o.indexes[i] {
			t.Errorf("entry %d: Index %d, want %d", i, e.Index, o.indexes[i])
		}
		if o.fullURLs != nil && e.FullURL != o.fullURLs[i] {
			t.Errorf("entry %d: FullURL differs", e.Index)
		}
		if o.requests != nil && [3]string{e.Method, e.RequestURL, e.IfNoneExist} != o.requests[i] {
			t.Errorf("entry %d: request %q %q %q, want %q", e.Index, e.Method, e.RequestURL, e.IfNoneExist, o.requests[i])
		}
		// Byte-exact: what json.Compact makes of the original resource.
		var c bytes.Buffer
		if err := json.Compact(&c, orig); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.Bytes(), e.Resource) {
			t.Errorf("entry %d: Resource is not json.Compact of the original", e.Index)
		}
		// Lossless: decodes to the same value as the original.
		if !reflect.DeepEqual(decodeAny(t, e.Resource), decodeAny(t, orig)) {
			t.Errorf("entry %d: Resource does not decode like the original", e.Index)
		}
		checkInfo(t, fmt.Sprintf("entry %d", e.Index), e.Info, m)
		if cap(e.Resource) != len(e.Resource) {
			t.Errorf("entry %d: Resource capacity not limited", e.Index)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("per-type counts %v, encoding/json says %v", got, want)
	}
	return got
}

// expectedInfo computes Info from a resource decoded by encoding/json. Order
// of map keys is lost, so Refs and Codes are compared sorted.
func checkInfo(t *testing.T, where string, got Info, m map[string]any) {
	t.Helper()
	str := func(v any) string { s, _ := v.(string); return s }
	obj := func(v any) map[string]any { o, _ := v.(map[string]any); return o }
	arr := func(v any) []any { a, _ := v.([]any); return a }
	if got.Type != str(m["resourceType"]) || got.ID != str(m["id"]) {
		t.Errorf("%s: Type/ID differ", where)
	}
	meta := obj(m["meta"])
	if got.VersionID != str(meta["versionId"]) || got.LastUpdated != str(meta["lastUpdated"]) {
		t.Errorf("%s: meta differs", where)
	}
	if got.BirthDate != str(m["birthDate"]) {
		t.Errorf("%s: BirthDate differs", where)
	}
	// Refs.
	var refs []string
	var walk func(top string, v any)
	walk = func(top string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if s, ok := c.(string); ok && k == "reference" {
					refs = append(refs, top+"\x00"+s)
				} else {
					walk(top, c)
				}
			}
		case []any:
			for _, c := range x {
				walk(top, c)
			}
		}
	}
	for k, v := range m {
		if s, ok := v.(string); ok && k == "reference" {
			refs = append(refs, k+"\x00"+s)
			continue
		}
		walk(k, v)
	}
	var gotRefs []string
	for _, r := range got.Refs {
		gotRefs = append(gotRefs, r.Element+"\x00"+r.Reference)
	}
	sort.Strings(refs)
	sort.Strings(gotRefs)
	if !slices.Equal(refs, gotRefs) {
		t.Errorf("%s: Refs %q, want %q", where, gotRefs, refs)
	}
	// Identifiers.
	var ids []Identifier
	idv := m["identifier"]
	if o := obj(idv); o != nil {
		idv = []any{o}
	}
	for _, x := range arr(idv) {
		o := obj(x)
		if o == nil {
			continue
		}
		_, hs := o["system"].(string)
		_, hv := o["value"].(string)
		if hs || hv {
			ids = append(ids, Identifier{str(o["system"]), str(o["value"])})
		}
	}
	if !slices.Equal(ids, got.Identifiers) {
		t.Errorf("%s: Identifiers %v, want %v", where, got.Identifiers, ids)
	}
	// Codes.
	var codes []string
	addCC := func(cc any) {
		for _, x := range arr(obj(cc)["coding"]) {
			o := obj(x)
			_, hs := o["system"].(string)
			_, hc := o["code"].(string)
			if hs || hc {
				codes = append(codes, str(o["system"])+"|"+str(o["code"]))
			}
		}
	}
	for _, k := range []string{"code", "medicationCodeableConcept", "vaccineCode"} {
		addCC(m[k])
	}
	if got.Type == "Observation" {
		for _, c := range arr(m["component"]) {
			addCC(obj(c)["code"])
		}
	}
	var gotCodes []string
	for _, c := range got.Codes {
		gotCodes = append(gotCodes, c.System+"|"+c.Code)
	}
	sort.Strings(codes)
	sort.Strings(gotCodes)
	if !slices.Equal(codes, gotCodes) {
		t.Errorf("%s: Codes %v, want %v", where, gotCodes, codes)
	}
	// Date.
	wantDate := ""
	for _, el := range DateElements(got.Type) {
		var v any = m
		for _, part := range strings.Split(el, ".") {
			v = obj(v)[part]
		}
		if s := str(v); s != "" {
			wantDate = s
			break
		}
	}
	if got.Date != wantDate {
		t.Errorf("%s: Date %q, want %q", where, got.Date, wantDate)
	}
	// Name.
	wantName := ""
	switch n := m["name"].(type) {
	case string:
		wantName = n
	case []any:
		if len(n) > 0 {
			if h := obj(n[0]); h != nil {
				var given []string
				for _, g := range arr(h["given"]) {
					if s := str(g); s != "" {
						given = append(given, s)
					}
				}
				family := str(h["family"])
				switch {
				case strings.TrimSpace(str(h["text"])) != "":
					wantName = str(h["text"])
				case family != "" && FamilyFirst(family, given):
					wantName = family + strings.Join(given, "")
				default:
					if family != "" {
						given = append(given, family)
					}
					wantName = strings.Join(given, " ")
				}
				if wantName == "" {
					wantName = str(h["text"])
				}
			}
		}
	}
	if got.Name != wantName {
		t.Errorf("%s: Name %q, want %q", where, got.Name, wantName)
	}
}

func TestSyntheaFixtures(t *testing.T) {
	dir := filepath.Join(fixturesDir(t), "synthea")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json*"))
	if len(files) < 20 {
		t.Fatalf("only %d synthea fixtures", len(files))
	}
	total := map[string]int{}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			counts := checkFile(t, strings.TrimSuffix(name, ".gz"), readFile(t, path))
			if strings.Contains(name, "Information") {
				return
			}
			for k, v := range counts {
				total[k] += v
			}
		})
	}
	// Totals over the 16 patient bundles, from the fixtures README.
	want := map[string]int{"AllergyIntolerance": 2, "CarePlan": 47, "CareTeam": 24, "Claim": 1078, "Condition": 163, "Device": 12, "DiagnosticReport": 529, "DocumentReference": 342, "Encounter": 837, "ExplanationOfBenefit": 873, "Goal": 21, "ImagingStudy": 17, "Immunization": 266, "Medication": 10, "MedicationAdministration": 10, "MedicationRequest": 241, "Observation": 3609, "Organization": 17, "Patient": 16, "Practitioner": 17, "Procedure": 928, "Provenance": 6, "SupplyDelivery": 50}
	if !t.Failed() && !reflect.DeepEqual(total, want) {
		t.Errorf("patient totals %v, README says %v", total, want)
	}
}

func TestHL7Examples(t *testing.T) {
	dir := filepath.Join(fixturesDir(t), "hl7-examples")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	n := 0
	for _, path := range files {
		name := filepath.Base(path)
		if name == "package.json" { // the npm package manifest, not FHIR
			continue
		}
		n++
		t.Run(name, func(t *testing.T) { checkFile(t, name, readFile(t, path)) })
	}
	if n < 300 {
		t.Fatalf("only %d hl7 examples", n)
	}
}

// TestVendorFixtures parses every JSON and NDJSON file under vendor/. Files
// that encoding/json says are not FHIR (no top-level resourceType: the
// index.json call listings, cerner_pending_resources.json, the SMART
// configuration) must be rejected with "resource has no resourceType"; all
// others, including the two "broken_parse" fixtures, must parse.
func TestVendorFixtures(t *testing.T) {
	dir := filepath.Join(fixturesDir(t), "vendor")
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".ndjson")) {
			files = append(files, path)
		}
		return nil
	})
	if len(files) < 600 {
		t.Fatalf("only %d vendor files", len(files))
	}
	var notFHIR []string
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		raw := readFile(t, path)
		isFHIR := strings.HasSuffix(path, ".ndjson")
		if !isFHIR {
			m, _ := decodeAny(t, raw).(map[string]any)
			_, isFHIR = m["resourceType"]
		}
		t.Run(rel, func(t *testing.T) {
			if isFHIR {
				checkFile(t, path, raw)
				return
			}
			notFHIR = append(notFHIR, filepath.Base(path))
			_, err := ParseFile(raw)
			var pe *Error
			if !errors.As(err, &pe) || pe.Msg != msgNoType {
				t.Errorf("non-FHIR JSON: got %v, want %q", err, msgNoType)
			}
		})
	}
	slices.Sort(notFHIR)
	notFHIR = slices.Compact(notFHIR)
	want := []string{"cerner_pending_resources.json", "index.json", "smart-configuration.example.json"}
	if !slices.Equal(notFHIR, want) {
		t.Errorf("non-FHIR vendor files %v, want %v", notFHIR, want)
	}
}

// TestBrokenParseFixtures documents what the two "broken_parse" fixtures are:
// valid JSON and FHIR resources (Encounter, Observation) that tripped fasten's
// own parser; they parse here.
func TestBrokenParseFixtures(t *testing.T) {
	dir := filepath.Join(fixturesDir(t), "vendor", "fasten-sources", "static-fixtures")
	for name, typ := range map[string]string{
		"encounter_resource_broken_parse.json": "Encounter",
		"observation_broken_parse.json":        "Observation",
	} {
		raw := readFile(t, filepath.Join(dir, name))
		if !json.Valid(raw) {
			t.Errorf("%s: not valid JSON per encoding/json", name)
		}
		f, err := ParseFile(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Kind != KindResource || len(f.Entries) != 1 || f.Entries[0].Info.Type != typ {
			t.Errorf("%s: got %v %d entries", name, f.Kind, len(f.Entries))
		}
	}
	// The Observation's escaped comparator is kept verbatim; its Encounter
	// reference (which also carries an identifier) is found.
	f, _ := ParseFile(readFile(t, filepath.Join(dir, "observation_broken_parse.json")))
	e := f.Entries[0]
	if !bytes.Contains(e.Resource, []byte(`"comparator":"\u003c"`)) {
		t.Error("escape not kept verbatim")
	}
	if !slices.Contains(e.Info.Refs, Ref{"encounter", "Encounter/exxx3In3deguCac1YMmg3"}) || e.Info.Date != "2021-06-07T01:00:00Z" {
		t.Errorf("Info: %+v", e.Info)
	}
}
