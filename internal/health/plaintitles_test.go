package health

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// A record's title is in plain words, for someone who never heard of FHIR: a Provenance was
// titled by its id ("Provenance/example"), an Endpoint by its id, a Claim by its item's code
// ("1200", "ORTHPLAN"); and their kinds were "Provenance" and "Claim".
func TestDescribe_PlainTitlesForSourcesConnectionsClaims(t *testing.T) {
	for _, tc := range []struct {
		typ, json, want string
	}{
		{"Provenance", `{"resourceType":"Provenance","id":"example","target":[{"reference":"Procedure/a"},{"reference":"Observation/b"}],"agent":[{"who":{"reference":"Organization/1","display":"Riverside Clinic"}}]}`, "Source of 2 records: Riverside Clinic"},
		{"Provenance", `{"resourceType":"Provenance","id":"signature","target":[{"reference":"Bundle/x"}]}`, "Source of 1 record"},
		{"Endpoint", `{"resourceType":"Endpoint","id":"example","connectionType":{"system":"http://terminology.hl7.org/CodeSystem/endpoint-connection-type","code":"hl7-fhir-rest"},"address":"https://fhir.riverside.example/r4"}`, "Connection to fhir.riverside.example"},
		{"Endpoint", `{"resourceType":"Endpoint","id":"e2","name":"Riverside patient access","address":"https://x.example/"}`, "Riverside patient access"},
		{"Claim", `{"resourceType":"Claim","id":"100150","item":[{"sequence":1,"productOrService":{"coding":[{"code":"1200"}]}}]}`, "Insurance claim"},
		{"Claim", `{"resourceType":"Claim","id":"c","item":[{"sequence":1,"productOrService":{"coding":[{"code":"1200","display":"Exam"}]}}],"total":{"value":125,"currency":"USD"}}`, "Exam: $125.00"},
	} {
		if got := Describe(tc.typ, []byte(tc.json)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.typ, got, tc.want)
		}
	}
	for typ, want := range map[string]string{"Provenance": "Record source", "Endpoint": "Connection", "Claim": "Insurance claim"} {
		if got := TypeName(typ); got != want {
			t.Errorf("TypeName(%s) = %q, want %q", typ, got, want)
		}
	}
	// The HL7 examples: no title is an id or a bare code.
	dir := filepath.Dir(testutil.Fixture(t, "hl7-examples/Provenance-example.json"))
	for _, g := range []string{"Provenance-*.json", "Claim-*.json", "Endpoint-*.json"} {
		files, _ := filepath.Glob(filepath.Join(dir, g))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			typ := strings.SplitN(filepath.Base(f), "-", 2)[0]
			got := Describe(typ, b)
			if strings.Contains(got, typ+"/") || got == "1200" || got == "ORTHPLAN" {
				t.Errorf("%s: %q", filepath.Base(f), got)
			}
		}
	}
}
