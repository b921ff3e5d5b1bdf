package sync_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// richVault holds several people from different generators, shared resources reached through
// conditional references, records of two servers, and an NDJSON import.
func richVault(t *testing.T) (*storage.Vault, map[string]string) {
	t.Helper()
	v, _ := newVault(t)
	people := map[string]string{}
	for _, f := range []string{
		"synthea/hospitalInformation1744926181291.json",
		"synthea/practitionerInformation1744926181291.json",
		"synthea/Lola232_*.json",
		"synthea/Fletcher_Hyatt_*.json",
		"synthea/Clemente_Kreiger_*.json",
		"hl7-examples/Bundle-bundle-references.json",
		"hl7-examples/Bundle-father.json",
	} {
		s := importFixture(t, v, f)
		if s.Profile != "" {
			people[f] = s.Profile
		}
	}
	ndjson := `{"resourceType":"Patient","id":"nd-1","name":[{"given":["Nadia"],"family":"Json"}],"birthDate":"2001-02-03"}
{"resourceType":"Observation","id":"nd-obs-1","status":"final","code":{"text":"weight"},"subject":{"reference":"Patient/nd-1"},"effectiveDateTime":"2022-02-02","valueQuantity":{"value":61.50,"unit":"kg"}}
{"resourceType":"Observation","status":"final","code":{"text":"no id"},"subject":{"reference":"Patient/nd-1"}}
`
	people["ndjson"] = importData(t, v, "people.ndjson", []byte(ndjson), cksync.Options{}).Profile
	return v, people
}

func export(t *testing.T, v *storage.Vault, profile string) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := cksync.Export(ctx, v, profile, &buf)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		ResourceType, Type string
		Entry              []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	if b.ResourceType != "Bundle" || b.Type != "collection" || len(b.Entry) != n {
		t.Fatalf("export: %s %s with %d entries, Export said %d", b.ResourceType, b.Type, len(b.Entry), n)
	}
	return buf.Bytes()
}

// Export -> import into an empty vault -> export gives the same bytes, for every person and
// for the whole vault.
func TestExportRoundTrip(t *testing.T) {
	v, people := richVault(t)
	names := make([]string, 0, len(people))
	for f := range people {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		profile := people[f]
		t.Run(filepath.Base(f), func(t *testing.T) {
			a := export(t, v, profile)
			v2, _ := newVault(t)
			s := importData(t, v2, "export.json", a, cksync.Options{})
			if ps, _ := v2.Profiles(); len(ps) != 1 {
				t.Fatalf("the export of one person made %d profiles", len(ps))
			}
			b := export(t, v2, s.Profile)
			if !bytes.Equal(a, b) {
				t.Errorf("export -> import -> export differs (%d vs %d bytes)", len(a), len(b))
			}
			// The person's records came back into their profile, verbatim.
			if got, want := resources(t, v2, s.Profile), resources(t, v, profile); !equalSorted(got, want) {
				t.Errorf("the person's records differ after the round trip (%d vs %d)", len(got), len(want))
			}
		})
	}
	t.Run("whole vault", func(t *testing.T) {
		a := export(t, v, "")
		v2, _ := newVault(t)
		importData(t, v2, "everything.json", a, cksync.Options{})
		b := export(t, v2, "")
		if !bytes.Equal(a, b) {
			t.Errorf("whole-vault export -> import -> export differs (%d vs %d bytes)", len(a), len(b))
		}
		if got, want := resources(t, v2, ""), resources(t, v, ""); !equalSorted(got, want) {
			t.Errorf("the vault's records differ after the round trip (%d vs %d)", len(got), len(want))
		}
		if p1, _ := v.Profiles(); true {
			p2, _ := v2.Profiles()
			if len(p1) != len(p2) {
				t.Errorf("%d profiles became %d", len(p1), len(p2))
			}
		}
	})
}

func resources(t *testing.T, v *storage.Vault, profile string) []string {
	var out []string
	for _, r := range allRecords(t, v, storage.Query{Profile: profile}) {
		out = append(out, string(r.Resource))
	}
	return out
}

func equalSorted(a, b []string) bool {
	sort.Strings(a)
	sort.Strings(b)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A person's export holds their records and the shared records they refer to, nobody else's,
// Patient first, each entry with the fullUrl it came with and the resource verbatim.
func TestExportContents(t *testing.T) {
	v, people := richVault(t)
	fletcher := people["synthea/Fletcher_Hyatt_*.json"]
	data := export(t, v, fletcher)
	var b struct {
		Entry []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		}
	}
	json.Unmarshal(data, &b)
	own := allRecords(t, v, storage.Query{Profile: fletcher})
	if len(own) != 1107 {
		t.Errorf("Fletcher's profile holds %d records, want 1107", len(own))
	}
	// Fletcher's file brings 2 Organizations and 2 Practitioners, shared.
	if len(b.Entry) != 1111 {
		t.Errorf("the export has %d entries, want 1111", len(b.Entry))
	}
	var head struct{ ResourceType string }
	json.Unmarshal(b.Entry[0].Resource, &head)
	if head.ResourceType != "Patient" {
		t.Errorf("the first entry is a %s", head.ResourceType)
	}
	want := expect(t, testutil.ReadFile(t, testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")))
	var stored []string
	for _, r := range want.stored {
		stored = append(stored, r)
	}
	var got []string
	for _, e := range b.Entry {
		got = append(got, string(e.Resource))
		if !strings.HasPrefix(e.FullURL, "urn:uuid:") {
			t.Errorf("entry without its fullUrl: %q", e.FullURL)
			break
		}
	}
	if !equalSorted(got, stored) {
		t.Error("the export's resources are not exactly the file's")
	}
	if bytes.Contains(data, []byte("Kreiger")) || bytes.Contains(data, []byte("Miramontes")) {
		t.Error("another person's records are in the export")
	}
	// Lola's export carries the Practitioners and Organizations her records refer to by
	// conditional reference, but not the rest of the hospital Bundles.
	lola := export(t, v, people["synthea/Lola232_*.json"])
	var lb struct {
		Entry []struct{ Resource struct{ ResourceType string } }
	}
	json.Unmarshal(lola, &lb)
	types := map[string]int{}
	for _, e := range lb.Entry {
		types[e.Resource.ResourceType]++
	}
	if types["Practitioner"] == 0 || types["Organization"] == 0 || types["Practitioner"] >= 35 {
		t.Errorf("Lola's export: %v", types)
	}
}

func TestExportFile(t *testing.T) {
	v, _ := newVault(t)
	s := importFixture(t, v, "synthea/Clemente_Kreiger_*.json")
	dir := t.TempDir()
	out := filepath.Join(dir, "export.json")
	os.WriteFile(out, []byte("old content"), 0o644)
	n, err := cksync.ExportFile(ctx, v, s.Profile, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 70 {
		t.Errorf("%d entries, want 70", n)
	}
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the export's mode is %v (%v), want 0600", st.Mode().Perm(), err)
	}
	var buf bytes.Buffer
	cksync.Export(ctx, v, s.Profile, &buf)
	if !bytes.Equal(testutil.ReadFile(t, out), buf.Bytes()) {
		t.Error("ExportFile and Export differ")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if _, err := cksync.ExportFile(ctx, v, s.Profile, filepath.Join(dir, "missing", "x.json")); err == nil {
		t.Error("export into a missing directory succeeded")
	}
	// An empty vault exports an empty collection.
	e, _ := newVault(t)
	var empty bytes.Buffer
	if n, err := cksync.Export(ctx, e, "", &empty); err != nil || n != 0 || !json.Valid(empty.Bytes()) {
		t.Errorf("empty export: %d %v %q", n, err, empty.String())
	}
}

// Everything that imports also exports and re-imports: a resource nested exactly as deep as
// the limit allows, imported alone, stays importable inside the export's Bundle (which adds
// three levels around it), and one level more is refused however it comes.
func TestExportAtTheNestingLimit(t *testing.T) {
	nested := func(levels int) string { // the resource's own braces are level 1
		return `{"resourceType":"Patient","id":"deep","name":[{"family":"Deep"}],"extension":[` +
			strings.Repeat(`{"url":"x","extension":[`, (levels-2)/2) + strings.Repeat(`]}`, (levels-2)/2) + `]}`
	}
	at := nested(fhirjson.MaxDepth)
	if _, err := fhirjson.ParseFile([]byte(nested(fhirjson.MaxDepth + 2))); err == nil {
		t.Fatal("the test resource is not at the limit")
	}
	v, _ := newVault(t)
	s := importData(t, v, "deep.json", []byte(at), cksync.Options{})
	exported := export(t, v, s.Profile)
	w, _ := newVault(t)
	again := importData(t, w, "export.json", exported, cksync.Options{})
	if sumCounts(again.Added) != 1 {
		t.Fatalf("re-import of the export: %+v", again)
	}
	if !bytes.Equal(export(t, w, again.Profile), exported) {
		t.Error("export -> import -> export differs")
	}
}
