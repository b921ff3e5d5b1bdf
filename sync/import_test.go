package sync_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"
	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// vaultKey is the key file and key of every test vault (testvault: derived once, the KDF is
// slow), for a test making a vault directory itself.
func vaultKey(tb testing.TB) (keyFile, key []byte) {
	tb.Helper()
	return testvault.Key(tb)
}

// newVault opens a fresh encrypted vault in a temporary directory, closed and removed at the
// end of the test (testvault.Open; testvault.Done closes one sooner).
func newVault(tb testing.TB) (*storage.Vault, string) {
	tb.Helper()
	return testvault.Open(tb, storage.Options{})
}

var ctx = context.Background()

func importData(tb testing.TB, v *storage.Vault, name string, data []byte, opt cksync.Options) *cksync.Summary {
	tb.Helper()
	s, err := cksync.Import(ctx, v, name, data, opt)
	if err != nil {
		tb.Fatalf("import %s: %v", name, err)
	}
	return s
}

func importFixture(tb testing.TB, v *storage.Vault, pattern string) *cksync.Summary {
	tb.Helper()
	path := testutil.Fixture(tb, pattern)
	s, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
	if err != nil {
		tb.Fatalf("import %s: %v", filepath.Base(path), err)
	}
	return s
}

func allRecords(tb testing.TB, v *storage.Vault, q storage.Query) []*storage.Record {
	tb.Helper()
	var out []*storage.Record
	if err := v.Records(ctx, q, func(r *storage.Record) error { out = append(out, r); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

// dumpVault is everything observable in a vault: profiles and every record with its metadata.
func dumpVault(tb testing.TB, v *storage.Vault) string {
	tb.Helper()
	var b strings.Builder
	ps, err := v.Profiles()
	if err != nil {
		tb.Fatal(err)
	}
	pj, _ := json.Marshal(ps)
	b.Write(pj)
	for _, r := range allRecords(tb, v, storage.Query{}) {
		fmt.Fprintf(&b, "\n%s %v %s %+v", r.Profile, r.ID, r.Resource, r.Meta)
	}
	return b.String()
}

// canonical is a resource decoded with UseNumber and encoded again with sorted keys: equal
// canonical forms mean deep-equal resources.
func canonical(tb testing.TB, raw []byte) string {
	tb.Helper()
	b, err := json.Marshal(testutil.DecodeJSON(tb, raw))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// expectation is what importing a file into an empty vault must report. Identity is
// (server base or "local", type, id): a resource whose fullUrl is a RESTful URL ending in its
// type and id belongs to that server, every other one is "local". The first entry of an
// identity is added; a later entry of the same identity is unchanged when it is identical
// (same resource, same fullUrl) and otherwise an update (the later one wins). So
// Bundle-bundle-references.json, which holds Patient/45 twice (versionId 1 and 2) and
// Observation/14 from two servers, adds 3 Patients and 7 Observations and updates 1 Patient.
type expectation struct {
	added, updated map[string]int
	unchanged      int
	stored         map[string]string // identity -> compact resource of the winning entry
}

func identity(e testutil.FileEntry) string {
	base := "local"
	if strings.HasPrefix(e.FullURL, "http://") || strings.HasPrefix(e.FullURL, "https://") {
		if b, ok := strings.CutSuffix(e.FullURL, "/"+e.Type+"/"+e.ID); ok && e.ID != "" {
			base = b
		}
	}
	id := e.ID
	if id == "" {
		id = "fullUrl:" + e.FullURL
	}
	return base + " " + e.Type + " " + id
}

func expect(tb testing.TB, data []byte) expectation {
	tb.Helper()
	x := expectation{added: map[string]int{}, updated: map[string]int{}, stored: map[string]string{}}
	content := map[string]string{}
	outcomes := searchOutcomes(data)
	for _, e := range flatEntries(tb, data) {
		if outcomes && e.Type == "OperationOutcome" {
			continue // a search's message from its server: said, not stored (F186)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, e.Resource); err != nil {
			tb.Fatal(err)
		}
		k := identity(e)
		switch prev, seen := content[k]; {
		case !seen:
			x.added[e.Type]++
		case prev == e.FullURL+"\x00"+c.String():
			continue // the same resource again: kept once
		case versionOf(prev) != versionOf(c.String()) && versionOf(prev) > 0 && versionOf(c.String()) > 0:
			// Versions of one record: the newest only (F29).
			if versionOf(c.String()) < versionOf(prev) {
				continue
			}
		default:
			x.updated[e.Type]++
		}
		content[k] = e.FullURL + "\x00" + c.String()
		x.stored[k] = c.String()
	}
	return x
}

// flatEntries are the file's entries with a Bundle among them (an NDJSON line, a batch
// response's searchsets) replaced by its own entries, as an import unpacks it (F190).
func flatEntries(tb testing.TB, data []byte) []testutil.FileEntry {
	var out []testutil.FileEntry
	for _, e := range testutil.Entries(tb, data) {
		if e.Type == "Bundle" {
			out = append(out, flatEntries(tb, e.Resource)...)
			continue
		}
		out = append(out, e)
	}
	return out
}

// searchOutcomes reports whether data is a searchset Bundle whose OperationOutcome entries
// are all the server's messages (search.mode "outcome" or none): not stored since F186.
func searchOutcomes(data []byte) bool {
	var b struct {
		Type  string
		Entry []struct {
			Search   *struct{ Mode string }
			Resource struct{ ResourceType string }
		}
	}
	if json.Unmarshal(data, &b) != nil || b.Type != "searchset" {
		return false
	}
	for _, e := range b.Entry {
		if e.Resource.ResourceType == "OperationOutcome" && e.Search != nil && e.Search.Mode != "outcome" && e.Search.Mode != "" {
			return false
		}
	}
	return true
}

// versionOf is a resource's numeric meta.versionId, 0 if none.
func versionOf(resource string) int {
	if _, r, ok := strings.Cut(resource, "\x00"); ok {
		resource = r
	}
	var m struct {
		Meta struct {
			VersionID string `json:"versionId"`
		} `json:"meta"`
	}
	json.Unmarshal([]byte(resource), &m)
	n, _ := strconv.Atoi(m.Meta.VersionID)
	return n
}

func checkSummary(t *testing.T, name string, s *cksync.Summary, x expectation) {
	t.Helper()
	if !reflect.DeepEqual(s.Added, x.added) || !reflect.DeepEqual(s.Updated, x.updated) || s.Unchanged != x.unchanged {
		t.Errorf("%s: added %v updated %v unchanged %d; want added %v updated %v unchanged %d",
			name, s.Added, s.Updated, s.Unchanged, x.added, x.updated, x.unchanged)
	}
}

// checkVerbatim checks that the vault holds exactly the file's resources, byte for byte as
// compact JSON and deep-equal when decoded with UseNumber.
func checkVerbatim(t *testing.T, name string, v *storage.Vault, x expectation) {
	t.Helper()
	var want, got []string
	var wantC, gotC []string
	for _, r := range x.stored {
		want = append(want, r)
		wantC = append(wantC, canonical(t, []byte(r)))
	}
	for _, r := range allRecords(t, v, storage.Query{}) {
		got = append(got, string(r.Resource))
		gotC = append(gotC, canonical(t, r.Resource))
	}
	sort.Strings(want)
	sort.Strings(got)
	sort.Strings(wantC)
	sort.Strings(gotC)
	if !reflect.DeepEqual(wantC, gotC) {
		t.Errorf("%s: the vault holds %d resources, not deep-equal to the file's %d", name, len(gotC), len(wantC))
	} else if !reflect.DeepEqual(want, got) {
		t.Errorf("%s: stored resources are deep-equal but not the file's bytes (compacted)", name)
	}
}

// Every Synthea file imports into an empty vault with the file's per-type counts, verbatim,
// with each patient in a profile of their own and their records in it.
func TestImportSyntheaFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testutil.FixturesDir(t), "synthea", "*"))
	if len(files) < 20 {
		t.Fatalf("%d synthea files, want 20", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data := testutil.ReadFile(t, f)
			x := expect(t, data)
			v, _ := newVault(t)
			s, err := cksync.ImportFile(ctx, v, f, cksync.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkSummary(t, name, s, x)
			checkVerbatim(t, name, v, x)
			ps, _ := v.Profiles()
			patients := x.added["Patient"]
			if len(ps) != patients {
				t.Fatalf("%d profiles for %d patients", len(ps), patients)
			}
			if patients == 1 {
				if s.Profile != ps[0].ID || ps[0].BirthDate == "" || len(ps[0].Patients) != 1 {
					t.Errorf("profile %+v, summary profile %q", ps[0], s.Profile)
				}
				// Everything in the patient compartment is the person's; the rest is shared.
				for _, r := range allRecords(t, v, storage.Query{}) {
					_, inCompartment := fhirjson.PatientCompartment(r.ID.Type)
					want := storage.SharedProfile
					if inCompartment || r.ID.Type == "Patient" {
						want = ps[0].ID
					}
					if r.Profile != want {
						t.Errorf("%v is in profile %q, want %q", r.ID, r.Profile, want)
						break
					}
				}
			} else if s.Profile != "" {
				t.Errorf("summary profile %q for a file without patients", s.Profile)
			}
		})
	}
}

// Every HL7 R4 example imports with its counts (single resources into one vault, each Bundle
// into its own); package.json is not FHIR and fails cleanly.
func TestImportHL7Examples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testutil.FixturesDir(t), "hl7-examples", "*.json"))
	if len(files) < 100 {
		t.Fatalf("only %d HL7 examples", len(files))
	}
	shared, _ := newVault(t)
	singles := 0
	var own *storage.Vault // a Bundle's vault, closed and removed before the next file's
	for _, f := range files {
		if own != nil {
			testvault.Done(t, own)
			own = nil
		}
		name := filepath.Base(f)
		data := testutil.ReadFile(t, f)
		if name == "package.json" {
			_, err := cksync.ImportFile(ctx, shared, f, cksync.Options{})
			var fe *cksync.FileError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), "resourceType") {
				t.Errorf("package.json: %v, want a FileError about the resourceType", err)
			}
			continue
		}
		x := expect(t, data)
		v := shared
		if strings.HasPrefix(name, "Bundle-") {
			v, _ = newVault(t)
			own = v
		} else {
			singles++
		}
		s, err := cksync.ImportFile(ctx, v, f, cksync.Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if v == shared && len(s.Updated) > 0 && s.Added["Patient"] == 1 {
			// Earlier examples' records that name this Patient waited for it in a person of
			// their own and, the Patient being someone already here, join them (F41, F80).
			s.Updated = map[string]int{}
		}
		checkSummary(t, name, s, x)
		if v != shared {
			checkVerbatim(t, name, v, x)
		}
		if name == "Bundle-bundle-references.json" {
			// Patient/45 is given as versions 1 and 2: one record, its version 2 (F29).
			if s.Added["Patient"] != 3 || s.Added["Observation"] != 7 || len(s.Updated) != 0 || s.Unchanged != 0 {
				t.Errorf("%s: %+v", name, s)
			}
			r, err := v.Get(storage.ID{Source: "http://example.org/fhir", Type: "Patient", ID: "45"})
			if err != nil || !bytes.Contains(r.Resource, []byte(`"versionId":"2"`)) {
				t.Errorf("Patient/45: the later version should win: %v", err)
			}
			for _, src := range []string{"http://example.org/fhir", "http://example.org/fhir-2"} {
				if _, err := v.Get(storage.ID{Source: src, Type: "Observation", ID: "14"}); err != nil {
					t.Errorf("Observation/14 from %s: %v", src, err)
				}
			}
		}
	}
	if n := len(allRecords(t, shared, storage.Query{})); n != singles {
		t.Errorf("%d single-resource files gave %d records", singles, n)
	}
}

// Bundles of every type, a single resource, NDJSON (LF or CRLF, with a BOM), each optionally
// gzipped: the vault holds the same verbatim resources.
func TestImportFormats(t *testing.T) {
	orig := testutil.ReadFile(t, testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"))
	entries := testutil.Entries(t, orig)
	bundle := func(typ string, withURL bool) []byte {
		var b bytes.Buffer
		fmt.Fprintf(&b, `{"resourceType":"Bundle","type":%q,"entry":[`, typ)
		for i, e := range entries {
			if i > 0 {
				b.WriteString(",\n")
			}
			if withURL {
				fmt.Fprintf(&b, `{"fullUrl":%q,"resource":%s}`, e.FullURL, e.Resource)
			} else {
				fmt.Fprintf(&b, `{"resource":%s,"search":{"mode":"match"}}`, e.Resource)
			}
		}
		b.WriteString("]}")
		return b.Bytes()
	}
	ndjson := func(eol string) []byte {
		var b bytes.Buffer
		for _, e := range entries {
			var c bytes.Buffer
			json.Compact(&c, e.Resource)
			b.Write(c.Bytes())
			b.WriteString(eol)
		}
		return b.Bytes()
	}
	var patient []byte
	for _, e := range entries {
		if e.Type == "Patient" {
			patient = e.Resource
		}
	}
	formats := []struct {
		name string
		data []byte
		n    int
	}{
		{"transaction (original)", orig, len(entries)},
		{"collection", bundle("collection", true), len(entries)},
		{"searchset", bundle("searchset", false), len(entries)},
		{"batch-response", bundle("batch-response", true), len(entries)},
		{"document", bundle("document", true), len(entries)},
		{"history", bundle("history", true), len(entries)},
		{"ndjson", ndjson("\n"), len(entries)},
		{"ndjson crlf bom", append([]byte("\xef\xbb\xbf"), ndjson("\r\n")...), len(entries)},
		{"single resource", patient, 1},
		{"single resource pretty", []byte(strings.ReplaceAll(string(patient), `,"`, ",\n  \"")), 1},
	}
	for _, f := range formats {
		for _, gz := range []bool{false, true} {
			name := f.name
			data := f.data
			if gz {
				name += " gzipped"
				data = testutil.Gzip(data)
			}
			t.Run(name, func(t *testing.T) {
				v, _ := newVault(t)
				s := importData(t, v, "file.json", data, cksync.Options{})
				if sumCounts(s.Added) != f.n || s.Unchanged != 0 || len(s.Updated) != 0 {
					t.Fatalf("summary %+v, want %d added", s, f.n)
				}
				checkVerbatim(t, name, v, expect(t, f.data))
				if ps, _ := v.Profiles(); len(ps) != 1 {
					t.Errorf("%d profiles", len(ps))
				}
			})
		}
	}
}

// References are resolved into links: every Observation of a Synthea patient links to the
// Patient and sits in their profile; Encounters link to the shared Organization.
func TestImportResolvesReferences(t *testing.T) {
	v, _ := newVault(t)
	s := importFixture(t, v, "synthea/Fletcher_Hyatt_*.json")
	pats := allRecords(t, v, storage.Query{Type: "Patient"})
	if len(pats) != 1 {
		t.Fatalf("%d patients", len(pats))
	}
	pat := pats[0].ID
	if pats[0].Profile != s.Profile {
		t.Errorf("the Patient is in %q, the summary says %q", pats[0].Profile, s.Profile)
	}
	obs := allRecords(t, v, storage.Query{Profile: s.Profile, Type: "Observation"})
	if len(obs) != 351 {
		t.Errorf("%d Observations in the profile, want 351", len(obs))
	}
	for _, o := range obs {
		if !containsID(o.Meta.Links, pat) {
			t.Fatalf("Observation %s does not link to its Patient: %v", o.ID.ID, o.Meta.Links)
		}
		if o.Meta.Date == "" {
			t.Errorf("Observation %s has no date", o.ID.ID)
		}
	}
	orgLinks := 0
	for _, e := range allRecords(t, v, storage.Query{Profile: s.Profile, Type: "Encounter"}) {
		for _, l := range e.Meta.Links {
			if l.Type == "Organization" {
				orgLinks++
				if p, _ := v.ProfileOf(l); p != storage.SharedProfile {
					t.Errorf("Organization %v is in profile %q", l, p)
				}
			}
		}
	}
	if orgLinks != 127 {
		t.Errorf("%d of 127 Encounters link to an Organization", orgLinks)
	}
	// A Patient's fullUrl resolves in the vault; the Observation's code is indexed.
	if id, ok := v.LookupFullURL("urn:uuid:" + pat.ID); !ok || id != pat {
		t.Errorf("LookupFullURL: %v %v", id, ok)
	}
}

func containsID(ids []storage.ID, id storage.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// conditionalRefs returns, per resource id, the conditional references in a file.
func conditionalRefs(t *testing.T, data []byte) map[string][]fhirjson.Reference {
	out := map[string][]fhirjson.Reference{}
	f, err := fhirjson.ParseFile(testutil.Gunzip(t, data))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range f.Entries {
		for _, r := range e.Info.Refs {
			if ref := fhirjson.ParseReference(r.Reference); ref.Conditional {
				out[e.Info.Type+"/"+e.Info.ID] = append(out[e.Info.Type+"/"+e.Info.ID], ref)
			}
		}
	}
	return out
}

// Conditional references (Practitioner?identifier=system|value) resolve against the
// hospital and practitioner Bundles imported before; imported without them they stay
// unresolved and the resources stay as they came.
func TestImportConditionalReferences(t *testing.T) {
	for _, c := range []struct{ name, info, patient string }{
		{"star", "1744926181291.json", "synthea/Lola232_*.json"},
		{"pipes gzipped", "1633536936158.json.gz", "synthea/Bob965_*.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := newVault(t)
			hosp := importFixture(t, v, "synthea/hospitalInformation"+c.info)
			prac := importFixture(t, v, "synthea/practitionerInformation"+c.info)
			if hosp.Profile != "" || prac.Profile != "" || hosp.Added["Organization"] == 0 || prac.Added["Practitioner"] == 0 {
				t.Fatalf("info bundles: %+v %+v", hosp, prac)
			}
			if n := len(allRecords(t, v, storage.Query{Profile: storage.SharedProfile})); n != sumCounts(hosp.Added)+sumCounts(prac.Added) {
				t.Errorf("%d shared records", n)
			}
			path := testutil.Fixture(t, c.patient)
			s := importFixture(t, v, c.patient)
			refs := conditionalRefs(t, testutil.ReadFile(t, path))
			if len(refs) == 0 {
				t.Fatal("the patient file has no conditional references")
			}
			checked := 0
			for _, r := range allRecords(t, v, storage.Query{Profile: s.Profile}) {
				for _, ref := range refs[r.ID.Type+"/"+r.ID.ID] {
					ident, _ := strings.CutPrefix(ref.Query, "identifier=")
					found, err := v.LookupIdentifier(ref.Type, ident)
					if err != nil || len(found) != 1 {
						t.Fatalf("%s?%s: %d targets in the vault (%v)", ref.Type, ref.Query, len(found), err)
					}
					if !containsID(r.Meta.Links, found[0].ID) {
						t.Fatalf("%s/%s: %s?%s is not resolved to %v (links %v)", r.ID.Type, r.ID.ID, ref.Type, ref.Query, found[0].ID, r.Meta.Links)
					}
					checked++
				}
			}
			t.Logf("%d conditional references resolved", checked)

			// Without the information Bundles: imported all the same, references unresolved.
			v2, _ := newVault(t)
			s2 := importFixture(t, v2, c.patient)
			if sumCounts(s2.Added) != sumCounts(s.Added) {
				t.Errorf("without the info bundles: %v, with: %v", s2.Added, s.Added)
			}
			x := expect(t, testutil.ReadFile(t, path))
			checkVerbatim(t, c.name+" alone", v2, x)
			for _, r := range allRecords(t, v2, storage.Query{}) {
				for _, l := range r.Meta.Links {
					if l.Type == "Practitioner" || l.Type == "Location" {
						t.Fatalf("%v links to %v, which is not in the vault", r.ID, l)
					}
				}
			}
		})
	}
}

// A urn:uuid: reference resolves against a resource imported from another file earlier.
func TestImportURNReferencesAcrossFiles(t *testing.T) {
	v, _ := newVault(t)
	a := []byte(`{"resourceType":"Bundle","type":"collection","entry":[
		{"fullUrl":"urn:uuid:6f1c4a5e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","name":[{"given":["Ada"],"family":"Lovelace"}],"birthDate":"1815-12-10"}},
		{"fullUrl":"urn:uuid:6f1c4a5e-0000-4000-8000-0000000000aa","resource":{"resourceType":"Organization","name":"Analytical Engines Ltd"}}]}`)
	b := []byte(`{"resourceType":"Bundle","type":"transaction","entry":[
		{"fullUrl":"urn:uuid:6f1c4a5e-0000-4000-8000-000000000002","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
		 "subject":{"reference":"urn:uuid:6f1c4a5e-0000-4000-8000-000000000001"},"performer":[{"reference":"urn:uuid:6f1c4a5e-0000-4000-8000-0000000000aa"}],"effectiveDateTime":"1843-01-01"}},
		{"fullUrl":"urn:uuid:6f1c4a5e-0000-4000-8000-000000000003","resource":{"resourceType":"Observation","status":"final","code":{"text":"y"},"subject":{"reference":"urn:uuid:6f1c4a5e-0000-4000-8000-0000000000ff"}}}]}`)
	sa := importData(t, v, "a.json", a, cksync.Options{})
	sb := importData(t, v, "b.json", b, cksync.Options{})
	pat := storage.ID{Source: "local", Type: "Patient", ID: "6f1c4a5e-0000-4000-8000-000000000001"}
	org := storage.ID{Source: "local", Type: "Organization", ID: "6f1c4a5e-0000-4000-8000-0000000000aa"}
	obs, err := v.Get(storage.ID{Source: "local", Type: "Observation", ID: "6f1c4a5e-0000-4000-8000-000000000002"})
	if err != nil {
		t.Fatal(err)
	}
	if !containsID(obs.Meta.Links, pat) || !containsID(obs.Meta.Links, org) {
		t.Errorf("links %v, want %v and %v", obs.Meta.Links, pat, org)
	}
	if obs.Profile != sa.Profile || sb.Profile != "" && sb.Profile != sa.Profile {
		t.Errorf("the Observation is in %q, the Patient in %q (summary %q)", obs.Profile, sa.Profile, sb.Profile)
	}
	// The unresolvable one is kept as it came, with no links, in the shared profile.
	dangling, err := v.Get(storage.ID{Source: "local", Type: "Observation", ID: "6f1c4a5e-0000-4000-8000-000000000003"})
	if err != nil || len(dangling.Meta.Links) != 0 || !bytes.Contains(dangling.Resource, []byte(`"reference":"urn:uuid:6f1c4a5e-0000-4000-8000-0000000000ff"`)) {
		t.Errorf("dangling reference: %+v %v", dangling, err)
	}
	if ps, _ := v.Profiles(); len(ps) != 1 {
		t.Errorf("%d profiles", len(ps))
	}
}

func patientFile(id, given, family, birth, ident string, extra ...string) []byte {
	identJSON := ""
	if ident != "" {
		identJSON = `,"identifier":[{"system":"http://hospital.example/mrn","value":"` + ident + `"}]`
	}
	var b strings.Builder
	fmt.Fprintf(&b, `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:%s","resource":{"resourceType":"Patient","id":"%s"%s,"name":[{"given":["%s"],"family":"%s"}],"birthDate":"%s"}}`,
		id, id, identJSON, given, family, birth)
	for _, e := range extra {
		var head struct{ ID string }
		json.Unmarshal([]byte(e), &head)
		fmt.Fprintf(&b, `,{"fullUrl":"urn:uuid:%s","resource":%s}`, head.ID, strings.ReplaceAll(e, "PATIENT", "urn:uuid:"+id))
	}
	b.WriteString("]}")
	return []byte(b.String())
}

func obsJSON(id, date string) string {
	return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c"}]},"subject":{"reference":"PATIENT"},"effectiveDateTime":"` + date + `"}`
}

// Without --profile the file's Patient is matched to a person: the one already holding it, by
// identifier, or by name and birth date; otherwise a new person. With --profile everything
// goes to that person.
func TestImportProfileMatching(t *testing.T) {
	fletcher := testutil.ReadFile(t, testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json"))
	t.Run("same file twice", func(t *testing.T) {
		v, _ := newVault(t)
		s1 := importData(t, v, "f.json", fletcher, cksync.Options{})
		before := dumpVault(t, v)
		s2 := importData(t, v, "renamed.json", fletcher, cksync.Options{})
		if s2.Profile != s1.Profile || len(s2.Added) != 0 || len(s2.Updated) != 0 || s2.Unchanged != 1111 {
			t.Errorf("second import: %+v (first profile %s)", s2, s1.Profile)
		}
		if after := dumpVault(t, v); after != before {
			t.Error("re-importing changed the vault")
		}
	})
	t.Run("existing profile by name and birth date", func(t *testing.T) {
		v, _ := newVault(t)
		p, err := v.AddProfile("Fletcher  Hyatt", "1915-07-03")
		if err != nil {
			t.Fatal(err)
		}
		s := importData(t, v, "f.json", fletcher, cksync.Options{})
		ps, _ := v.Profiles()
		if s.Profile != p.ID || len(ps) != 1 {
			t.Errorf("imported into %q, profiles %+v; want the existing %s", s.Profile, ps, p.ID)
		}
		if len(ps) == 1 && len(ps[0].Patients) != 1 {
			t.Errorf("the profile does not record its Patient: %+v", ps[0])
		}
	})
	t.Run("same name other birth date", func(t *testing.T) {
		v, _ := newVault(t)
		p, _ := v.AddProfile("Fletcher Hyatt", "1955-07-03")
		s := importData(t, v, "f.json", fletcher, cksync.Options{})
		if s.Profile == p.ID {
			t.Error("matched a person with another birth date")
		}
	})
	t.Run("by identifier at another source", func(t *testing.T) {
		v, _ := newVault(t)
		s1 := importData(t, v, "a.json", patientFile("p-one", "Maria", "Lopez", "1970-01-01", "MRN-12345", obsJSON("o1", "2020-01-01")), cksync.Options{})
		// Another system's copy: another id, a married name, the same MRN.
		s2 := importData(t, v, "b.json", patientFile("p-two", "Maria", "Garcia", "1970-01-01", "MRN-12345", obsJSON("o2", "2021-01-01")), cksync.Options{})
		if s1.Profile != s2.Profile {
			t.Errorf("matched by identifier: %s vs %s", s1.Profile, s2.Profile)
		}
		if n := len(allRecords(t, v, storage.Query{Profile: s1.Profile})); n != 4 {
			t.Errorf("the person has %d records, want 4", n)
		}
		// A different person with another MRN gets their own profile.
		s3 := importData(t, v, "c.json", patientFile("p-three", "Maria", "Lopez", "1971-01-01", "MRN-99999"), cksync.Options{})
		if s3.Profile == s1.Profile {
			t.Error("a different person was merged")
		}
		if ps, _ := v.Profiles(); len(ps) != 2 {
			t.Errorf("%d profiles, want 2", len(ps))
		}
	})
	t.Run("identifier without system", func(t *testing.T) {
		// Two hospitals' patient number 1, without a system: two different people.
		v, _ := newVault(t)
		a := importData(t, v, "a.json", []byte(`{"resourceType":"Patient","id":"a","identifier":[{"value":"1"}],"name":[{"family":"Alpha","given":["Ann"]}],"birthDate":"1990-01-01"}`), cksync.Options{})
		b := importData(t, v, "b.json", []byte(`{"resourceType":"Patient","id":"b","identifier":[{"value":"1"}],"name":[{"family":"Beta","given":["Bob"]}],"birthDate":"1950-01-01"}`), cksync.Options{})
		if a.Profile == b.Profile {
			t.Error("two people merged on an identifier without a system")
		}
	})
	t.Run("explicit profile", func(t *testing.T) {
		v, _ := newVault(t)
		p, _ := v.AddProfile("Someone Else", "")
		s := importData(t, v, "f.json", fletcher, cksync.Options{Profile: p.ID})
		if s.Profile != p.ID || sumCounts(s.Added) != 1111 {
			t.Errorf("summary %+v", s)
		}
		if ps, _ := v.Profiles(); len(ps) != 1 {
			t.Errorf("%d profiles, want only the given one", len(ps))
		}
		if n := len(allRecords(t, v, storage.Query{Profile: p.ID})); n != 1111-4 { // 2 Organizations and 2 Practitioners are shared
			t.Errorf("the profile holds %d records", n)
		}
	})
	t.Run("unknown profile", func(t *testing.T) {
		v, _ := newVault(t)
		before := dumpVault(t, v)
		_, err := cksync.Import(ctx, v, "f.json", fletcher, cksync.Options{Profile: "nosuchprofile"})
		var fe *cksync.FileError
		if !errors.As(err, &fe) || !errors.Is(err, cksync.ErrUnknownProfile) {
			t.Errorf("err = %v", err)
		}
		if dumpVault(t, v) != before {
			t.Error("the vault changed")
		}
	})
	t.Run("two patients in one file", func(t *testing.T) {
		v, _ := newVault(t)
		a := patientFile("p-a", "Ann", "Alpha", "1990-01-01", "MRN-A", obsJSON("oa", "2020-01-01"))
		b := patientFile("p-b", "Ben", "Beta", "1991-01-01", "MRN-B", obsJSON("ob", "2020-01-01"))
		var both map[string]any
		json.Unmarshal(a, &both)
		var bb map[string]any
		json.Unmarshal(b, &bb)
		both["entry"] = append(both["entry"].([]any), bb["entry"].([]any)...)
		data, _ := json.Marshal(both)
		importData(t, v, "both.json", data, cksync.Options{})
		ps, _ := v.Profiles()
		if len(ps) != 2 {
			t.Fatalf("%d profiles, want 2", len(ps))
		}
		for _, p := range ps {
			if n := len(allRecords(t, v, storage.Query{Profile: p.ID})); n != 2 {
				t.Errorf("%s holds %d records, want 2", p.Name, n)
			}
		}
	})
}

// A resource outside every patient's compartment is stored once, in the shared profile,
// whoever's file brings it.
func TestSharedResourcesStoredOnce(t *testing.T) {
	v, _ := newVault(t)
	org := `{"resourceType":"Organization","id":"org-shared-1","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567890"}],"name":"Riverside Clinic"}`
	prac := `{"resourceType":"Practitioner","id":"prac-shared-1","name":[{"family":"Osler","given":["William"]}]}`
	enc := func(id string) string {
		return `{"resourceType":"Encounter","id":"` + id + `","status":"finished","class":{"code":"AMB"},"subject":{"reference":"PATIENT"},"serviceProvider":{"reference":"Organization/org-shared-1"},"participant":[{"individual":{"reference":"Practitioner/prac-shared-1"}}]}`
	}
	s1 := importData(t, v, "a.json", patientFile("pa", "Ann", "Alpha", "1990-01-01", "A1", org, prac, enc("ea")), cksync.Options{})
	s2 := importData(t, v, "b.json", patientFile("pb", "Ben", "Beta", "1991-01-01", "B1", org, prac, enc("eb")), cksync.Options{})
	if s1.Profile == s2.Profile {
		t.Fatal("two people in one profile")
	}
	if s2.Unchanged != 2 || s2.Added["Organization"] != 0 || s2.Added["Encounter"] != 1 {
		t.Errorf("second file: %+v; want the Organization and Practitioner unchanged", s2)
	}
	shared := allRecords(t, v, storage.Query{Profile: storage.SharedProfile})
	if len(shared) != 2 {
		t.Errorf("%d shared records, want the Organization and the Practitioner once", len(shared))
	}
	if n := len(allRecords(t, v, storage.Query{Type: "Organization"})); n != 1 {
		t.Errorf("%d Organizations stored", n)
	}
	for _, p := range []string{s1.Profile, s2.Profile} {
		var buf bytes.Buffer
		if _, err := cksync.Export(ctx, v, p, &buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes(), []byte("Riverside Clinic")) || !bytes.Contains(buf.Bytes(), []byte("prac-shared-1")) {
			t.Errorf("profile %s's export lacks the shared resources it refers to", p)
		}
		encs := allRecords(t, v, storage.Query{Profile: p, Type: "Encounter"})
		if len(encs) != 1 || len(encs[0].Meta.Links) != 3 {
			t.Errorf("profile %s: encounters %d, links %v", p, len(encs), encs)
		}
	}
}

// Each record remembers the file it came from and when; an unchanged re-import keeps the
// original, an update records the new file and time.
func TestImportRemembersSource(t *testing.T) {
	v, _ := newVault(t)
	t1 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	t2 := t1.Add(24 * time.Hour)
	dir := t.TempDir()
	p1 := filepath.Join(dir, "first-export.json")
	os.WriteFile(p1, patientFile("pr", "Rita", "Remember", "1960-06-06", "R1", obsJSON("or", "2020-01-01")), 0o600)
	s, err := cksync.ImportFile(ctx, v, p1, cksync.Options{Now: func() time.Time { return t1 }})
	if err != nil {
		t.Fatal(err)
	}
	if s.File != p1 {
		t.Errorf("summary file %q, want %q", s.File, p1)
	}
	for _, r := range allRecords(t, v, storage.Query{}) {
		if r.Meta.File != "first-export.json" || !r.Meta.ImportedAt.Equal(t1) {
			t.Errorf("%v: file %q at %v", r.ID, r.Meta.File, r.Meta.ImportedAt)
		}
	}
	// The same content again, later, from another file: nothing changes.
	p2 := filepath.Join(dir, "second.json")
	os.WriteFile(p2, patientFile("pr", "Rita", "Remember", "1960-06-06", "R1", obsJSON("or", "2020-01-01")), 0o600)
	if _, err := cksync.ImportFile(ctx, v, p2, cksync.Options{Now: func() time.Time { return t2 }}); err != nil {
		t.Fatal(err)
	}
	for _, r := range allRecords(t, v, storage.Query{}) {
		if r.Meta.File != "first-export.json" || !r.Meta.ImportedAt.Equal(t1) {
			t.Errorf("after an unchanged import %v: file %q at %v", r.ID, r.Meta.File, r.Meta.ImportedAt)
		}
	}
	// A corrected Observation: updated, with the new source.
	os.WriteFile(p2, patientFile("pr", "Rita", "Remember", "1960-06-06", "R1", obsJSON("or", "2020-01-02")), 0o600)
	s, err = cksync.ImportFile(ctx, v, p2, cksync.Options{Now: func() time.Time { return t2 }})
	if err != nil {
		t.Fatal(err)
	}
	if s.Updated["Observation"] != 1 || s.Unchanged != 1 {
		t.Errorf("summary %+v", s)
	}
	r, _ := v.Get(storage.ID{Source: "local", Type: "Observation", ID: "or"})
	if r.Meta.File != "second.json" || !r.Meta.ImportedAt.Equal(t2) || r.Meta.Date != "2020-01-02T00:00:00Z" {
		t.Errorf("updated record: %q %v %q", r.Meta.File, r.Meta.ImportedAt, r.Meta.Date)
	}
}

const marker = "Quattlebaum" // stands for health data: no error message may contain it

// Bad input: a *FileError naming the file and what is wrong, on one line, without the file's
// content; the vault unchanged.
func TestImportBadInput(t *testing.T) {
	good := testutil.ReadFile(t, testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"))
	deep := `{"resourceType":"Patient","name":"` + marker + `","x":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	rnd := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(rnd)
	gz := testutil.Gzip(good)
	cases := []struct {
		name string
		data []byte // nil: the file does not exist
		want string // in the message
	}{
		{"not json", []byte("Dear " + marker + ", your results are fine."), "not valid JSON"},
		{"truncated json", good[:len(good)/2], "not valid JSON"},
		{"not fhir", []byte(`{"name":"` + marker + `","birthDate":"1970-01-01"}`), "resourceType"},
		{"json array", []byte(`[{"resourceType":"Patient","name":"` + marker + `"}]`), "a JSON list ([…]), not a FHIR file: a FHIR file is one record or a Bundle of records, starting with { at line 1, column 1"}, // F525
		{"unknown resourceType", []byte(`{"resourceType":"Patiennt","name":"` + marker + `"}`), "unknown resourceType"},
		{"resourceType not a string", []byte(`{"resourceType":7}`), "resourceType"},
		{"bundle entry not a resource", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"name":"` + marker + `"}}]}`), "resourceType"},
		{"bundle entry a number", []byte(`{"resourceType":"Bundle","type":"collection","entry":[1]}`), "entry"},
		{"bundle entry not an array", []byte(`{"resourceType":"Bundle","type":"collection","entry":{"resource":{"resourceType":"Patient"}}}`), "entry"},
		{"bundle with a bad last entry", []byte(strings.Replace(string(good), `"resourceType": "Procedure"`, `"resourceType": "Procedur"`, 1)), "unknown resourceType"},
		{"invalid utf-8", []byte("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + marker + "\xff\xfe\"}]}"), "UTF-8"},
		{"latin-1 file", []byte("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"M\xfcller\"}]}"), "UTF-8"},
		{"truncated gzip", gz[:len(gz)/2], "gzip"},
		{"corrupt gzip", append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, []byte(marker+marker+marker)...), "gzip"},
		{"gzip of garbage", testutil.Gzip([]byte(marker + " is not JSON")), "not valid JSON"},
		{"absurd nesting", []byte(deep), "nesting"},
		{"empty", []byte{}, "empty"},
		{"whitespace only", []byte(" \n\t\n"), "empty"},
		{"ndjson bad line", []byte(`{"resourceType":"Patient","id":"a"}` + "\n" + `{"resourceType":"Observation","id":"` + marker + `"` + "\n" + `{"resourceType":"Patient","id":"b"}` + "\n"), "line 2"},
		{"id with control character", []byte(`{"resourceType":"Patient","id":"a\u0001b","name":[{"family":"` + marker + `"}]}`), "id"},
		{"nul in fullUrl", []byte(`{"resourceType":"Bundle","entry":[{"fullUrl":"http://a\u0000b/fhir/Patient/1","resource":{"resourceType":"Patient","id":"1","name":[{"family":"` + marker + `"}]}}]}`), "fullUrl"},
		{"huge identifier", []byte(`{"resourceType":"Patient","id":"1","identifier":[{"system":"s","value":"` + strings.Repeat(marker, 7000) + `"}]}`), "too large"},
		{"huge fullUrl", []byte(`{"resourceType":"Bundle","entry":[{"fullUrl":"http://` + strings.Repeat(marker, 7000) + `/fhir/Patient/1","resource":{"resourceType":"Patient","id":"1"}}]}`), "too large"},
		{"huge attachment", hugeBinary(), "too large"},
		{"resource over 32 MiB", hugeNarrative(), "resource larger than 32 MiB"},
		{"gzip with trailing garbage", append(bytes.Clone(gz), '\n'), "unexpected data after the end of the gzip data"},
		// F18: one Patient id given twice, as two people; the list named the first, the vault stored the second.
		{"one patient id twice", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"` + marker + `"}],"birthDate":"1970-01-01"}},{"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Other"}],"birthDate":"1980-01-01"}}]}`), "entry 2: a second Patient with the id of entry 1"},
		{"ndjson one patient id twice", []byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"` + marker + `"}]}` + "\n" + `{"resourceType":"Patient","id":"p1","name":[{"family":"Other"}]}` + "\n"), "entry 2: a second Patient with the id of entry 1"},
		// F501: a broken export gave one glucose twice, 97 then 301 mg/dL, with nothing saying
		// which is newer; the later was imported without a word.
		{"one observation twice with other contents", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"https://h.example/fhir/Observation/g4","resource":{"resourceType":"Observation","id":"g4","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":97,"unit":"mg/dL"}}},{"fullUrl":"https://h.example/fhir/Observation/g5","resource":{"resourceType":"Observation","id":"g5","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":88,"unit":"mg/dL"}}},{"fullUrl":"https://h.example/fhir/Observation/g4","resource":{"resourceType":"Observation","id":"g4","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":301,"unit":"mg/dL"}}}]}`), "entry 3: a second Observation with the id of entry 1, with other contents and no newer version"},
		{"ndjson one observation twice with other contents", []byte(`{"resourceType":"Observation","id":"g4","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":97,"unit":"mg/dL"}}` + "\n" + `{"resourceType":"Observation","id":"g5","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":88,"unit":"mg/dL"}}` + "\n" + `{"resourceType":"Observation","id":"g4","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":301,"unit":"mg/dL"}}` + "\n"), "entry 3: a second Observation with the id of entry 1, with other contents and no newer version"},
		{"random bytes", rnd, ""},
		{"missing file", nil, "no such file"},
	}
	v, _ := newVault(t)
	importData(t, v, "good.json", good, cksync.Options{})
	before := dumpVault(t, v)
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad-"+strings.ReplaceAll(c.name, " ", "-")+".json")
			if c.data != nil {
				if err := os.WriteFile(path, c.data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
			checkFileError(t, err, path, c.want)
			if s != nil {
				t.Errorf("a summary with the error: %+v", s)
			}
			if dumpVault(t, v) != before {
				t.Fatal("the vault changed")
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		_, err := cksync.ImportFile(ctx, v, dir, cksync.Options{})
		checkFileError(t, err, dir, "folder")
	})
}

// hugeNarrative is a Patient whose narrative alone is 33 MiB.
func hugeNarrative() []byte {
	return []byte(`{"resourceType":"Patient","id":"big","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">` +
		strings.Repeat(marker+" ", (33<<20)/(len(marker)+1)) + `</div>"}}`)
}

// hugeBinary is a Binary holding a 15 MiB attachment that does not compress: more than the
// vault can hold in one record (16 MiB once compressed).
func hugeBinary() []byte {
	raw := make([]byte, 15<<20)
	rand.New(rand.NewSource(2)).Read(raw)
	return []byte(`{"resourceType":"Binary","id":"scan-1","contentType":"application/pdf","data":"` + base64.StdEncoding.EncodeToString(raw) + `"}`)
}

// Key parts may hold any character except where the key layout cannot: a NUL in an
// identifier is kept and indexed, and the record is found.
func TestImportOddCharacters(t *testing.T) {
	v, _ := newVault(t)
	data := []byte(`{"resourceType":"Bundle","type":"collection","entry":[
		{"fullUrl":"https://srv.example/fhir/Patient/p%00x","resource":{"resourceType":"Patient","id":"p%00x","identifier":[{"system":"s\u0000t","value":"a\u0000b"}],"name":[{"family":"Zero"}]}},
		{"fullUrl":"urn:uuid:o-1","resource":{"resourceType":"Observation","id":"o-1","status":"final","code":{"coding":[{"system":"x\u0000y","code":"c\u0000d"}]},"subject":{"reference":"https://srv.example/fhir/Patient/p%00x"}}}]}`)
	s := importData(t, v, "odd.json", data, cksync.Options{})
	if sumCounts(s.Added) != 2 {
		t.Fatalf("summary %+v", s)
	}
	if n := len(allRecords(t, v, storage.Query{})); n != 2 {
		t.Errorf("%d records visible, want 2", n)
	}
	if n := len(allRecords(t, v, storage.Query{Profile: s.Profile})); n != 2 {
		t.Errorf("%d records in the profile, want 2", n)
	}
	var buf bytes.Buffer
	if n, err := cksync.Export(ctx, v, s.Profile, &buf); err != nil || n != 2 {
		t.Errorf("export: %d %v", n, err)
	}
	if s2 := importData(t, v, "odd.json", data, cksync.Options{}); s2.Unchanged != 2 {
		t.Errorf("re-import: %+v", s2)
	}
}

func checkFileError(t *testing.T, err error, file, want string) {
	t.Helper()
	var fe *cksync.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %#v, want a *FileError", err)
	}
	msg := err.Error()
	if fe.File != file || !strings.HasPrefix(msg, file+": ") || len(msg) <= len(file)+2 {
		t.Errorf("message %q does not start with the file %q and say what is wrong", msg, file)
	}
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("message spans lines: %q", msg)
	}
	if strings.Contains(msg, marker) || strings.Contains(msg, "Kreiger") || strings.Contains(msg, "Clemente") {
		t.Errorf("message shows the file's content: %q", msg)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("message %q does not contain %q", msg, want)
	}
}

// A file either imports entirely or not at all: after a cancellation part way nothing of it
// is in the vault.
func TestImportCancelled(t *testing.T) {
	v, _ := newVault(t)
	c, cancel := context.WithCancel(ctx)
	cancel()
	_, err := cksync.Import(c, v, "f.json", testutil.ReadFile(t, testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")), cksync.Options{})
	if err == nil {
		t.Fatal("a cancelled import succeeded")
	}
	if n := len(allRecords(t, v, storage.Query{})); n != 0 {
		t.Errorf("%d records after a cancelled import", n)
	}
	if ps, _ := v.Profiles(); len(ps) != 0 {
		t.Errorf("profiles after a cancelled import: %v", ps)
	}
}

// One Epic sandbox searchset (with paging links and an OperationOutcome entry) imports.
// Outcome left out of the records since F186.
func TestImportEpicSearchset(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "vendor", "fasten-sources", "epic-sandbox")
	files, _ := filepath.Glob(filepath.Join(dir, "*_200_Bundle-searchset-Observation-hasnext.json"))
	if len(files) == 0 {
		testutil.SkipOrFailInCI(t, "no Epic searchset recording in %s", dir)
	}
	data := testutil.ReadFile(t, files[0])
	v, _ := newVault(t)
	s := importData(t, v, filepath.Base(files[0]), data, cksync.Options{})
	x := expect(t, data) // its OperationOutcome (search.mode "outcome") not stored since F186
	checkSummary(t, filepath.Base(files[0]), s, x)
	checkVerbatim(t, "epic", v, x)
	if got := s.Describe(); !strings.Contains(got, "this file is one page of a search (50 here): the rest are not in it") ||
		!strings.Contains(got, `the server that made it said: "The authenticated client's search request applies to a sub-resource`) {
		t.Errorf("import line %q: want the page and the server's message said", got)
	}
	for _, r := range allRecords(t, v, storage.Query{Type: "Observation"}) {
		if !strings.HasPrefix(r.ID.Source, "https://") {
			t.Errorf("Epic Observation %s has source %q; want the server's base", r.ID.ID, r.ID.Source)
			break
		}
	}
}

// No health data in plaintext anywhere in the data directory, while the vault is open and
// after it is closed.
func TestNoPlaintextAfterImport(t *testing.T) {
	path := testutil.Fixture(t, "synthea/Wendell_Lesch_*.json") // has HbA1c results
	data := testutil.ReadFile(t, path)
	needles := testutil.Needles(t, data)
	for _, must := range []string{"Wendell Lesch", `"family":"Lesch"`, "853767e6-14a5-400e-8b95-636f87701943", `"birthDate":"1938-04-09"`, "Hemoglobin A1c", "http://loinc.org|4548-4"} {
		found := false
		for _, n := range needles {
			found = found || strings.Contains(n, must)
		}
		if !found {
			t.Fatalf("the needles lack %q", must)
		}
		needles = append(needles, must)
	}
	v, dir := newVault(t)
	importData(t, v, filepath.Base(path), data, cksync.Options{})
	if hits := testutil.ScanDir(t, dir, needles); len(hits) > 0 {
		t.Errorf("plaintext while open (%d hits): %v", len(hits), hits[:min(len(hits), 10)])
	}
	v.Close()
	if hits := testutil.ScanDir(t, dir, needles); len(hits) > 0 {
		t.Errorf("plaintext after close (%d hits): %v", len(hits), hits[:min(len(hits), 10)])
	}
	t.Logf("%d needles, none found", len(needles))

	// The scan finds what is there: a plaintext vault (benchmarks only) shows the ids.
	kf, key := vaultKey(t)
	pdir := t.TempDir()
	os.WriteFile(storage.KeyFilePath(pdir), kf, 0o600)
	pv, err := storage.OpenWithKey(pdir, key, storage.Options{Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	defer pv.Close()
	importData(t, pv, filepath.Base(path), data, cksync.Options{})
	if hits := testutil.ScanDir(t, pdir, needles); len(hits) == 0 {
		t.Error("the scan finds nothing even in a plaintext vault: it is broken")
	}
}

var fuzzVault struct {
	once gosync.Once
	v    *storage.Vault
}

// FuzzImport: any bytes into Import never panic; failures are *FileError naming the file on
// one line.
func FuzzImport(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"X"}],"birthDate":"1970-01-01"}`))
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient"}},{"resource":{"resourceType":"Observation","subject":{"reference":"urn:uuid:1"}}}]}`))
	f.Add([]byte(`{"resourceType":"Observation","subject":{"reference":"Patient?identifier=a|b"},"performer":[{"reference":"#c"}]}` + "\n" + `{"resourceType":"Patient","id":"x"}` + "\n"))
	f.Add(testutil.Gzip([]byte(`{"resourceType":"Organization","id":"o"}`)))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"fullUrl":"http://a/fhir/Patient/1","resource":{"resourceType":"Patient","id":"2"}}]}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzVault.once.Do(func() {
			kf, key := vaultKey(t)
			dir, err := os.MkdirTemp("", "ck-fuzz-")
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(storage.KeyFilePath(dir), kf, 0o600)
			if fuzzVault.v, err = storage.OpenWithKey(dir, key, storage.Options{}); err != nil {
				t.Fatal(err)
			}
		})
		s, err := cksync.Import(ctx, fuzzVault.v, "fuzz.json", data, cksync.Options{})
		if err != nil {
			var fe *cksync.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not a *FileError", err, err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.json: ") || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("message %q", err.Error())
			}
			return
		}
		if s == nil {
			t.Fatal("no summary and no error")
		}
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fuzzVault.v != nil {
		dir := fuzzVault.v.Dir()
		fuzzVault.v.Close()
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// An import's words leave out what did not happen: no "0 updated" (issue 15's check found
// "21 added, 2 updated, 0 unchanged" in the app's results).
func TestSummaryDescribe(t *testing.T) {
	for _, tc := range []struct {
		name           string
		added, updated map[string]int
		unchanged      int
		want           string
	}{
		{"all new", map[string]int{"Observation": 68, "Patient": 2}, nil, 0, "70 added"},
		{"added and updated", map[string]int{"Observation": 21}, map[string]int{"Patient": 2}, 0, "21 added, 2 updated"},
		{"every kind", map[string]int{"Observation": 2, "Patient": 1}, map[string]int{"Condition": 2}, 4, "3 added, 2 updated, 4 unchanged"},
		{"updated only", nil, map[string]int{"Condition": 1}, 5, "1 updated, 5 unchanged"},
		{"again", map[string]int{}, map[string]int{}, 70, "nothing new: 70 records already there"},
		{"empty", nil, nil, 0, "nothing new"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &cksync.Summary{Added: tc.added, Updated: tc.updated, Unchanged: tc.unchanged}
			if got := s.Describe(); got != tc.want {
				t.Errorf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
}

// A file without a Patient whose records belong to someone already in the vault names that
// person as its profile, as it names them in people: profile is the first of people.
func TestImportProfileOfStoredPatient(t *testing.T) {
	v, _ := newVault(t)
	first := importData(t, v, "patient.json", []byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"Ng","given":["Ada"]}],"birthDate":"1970-01-01"}`), cksync.Options{})
	if first.Profile == "" {
		t.Fatal("no profile for the Patient")
	}
	s := importData(t, v, "weight.json", []byte(`{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Weight"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-01-01","valueQuantity":{"value":70,"unit":"kg"}}`), cksync.Options{})
	if len(s.People) != 1 || s.People[0] != first.Profile || s.Profile != first.Profile {
		t.Errorf("summary profile %q, people %v; want %q in both", s.Profile, s.People, first.Profile)
	}
}

// The same Patient given twice unchanged is one Patient, and a history Bundle may list a
// Patient's versions (F18 refuses only two different Patients of one id).
func TestImportOnePatientRepeated(t *testing.T) {
	pat := `{"resourceType":"Patient","id":"p1","name":[{"family":"Rua","given":["Mere"]}],"birthDate":"1961-05-02"}`
	v, _ := newVault(t)
	s := importData(t, v, "twice.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":`+pat+`},{"resource":`+pat+`}]}`), cksync.Options{})
	if len(s.NewPeople) != 1 {
		t.Errorf("same Patient twice: %+v", s)
	}
	v2, _ := newVault(t)
	hist := `{"resourceType":"Bundle","type":"history","entry":[{"resource":` + pat + `,"request":{"method":"PUT","url":"Patient/p1"}},{"resource":` + strings.Replace(pat, "1961-05-02", "1961-05-03", 1) + `,"request":{"method":"PUT","url":"Patient/p1"}}]}`
	if s := importData(t, v2, "history.json", []byte(hist), cksync.Options{}); len(s.NewPeople) != 1 {
		t.Errorf("history: %+v", s)
	}
}
