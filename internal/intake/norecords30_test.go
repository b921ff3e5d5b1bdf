package intake

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// A FHIR file that holds no health records — an empty Bundle, a batch of requests (HL7's
// Bundle-bundle-request-medsallergies), a portal's error saved as a file (an OperationOutcome),
// a server's CapabilityStatement — said "nothing new" or "1 added" (a record of nobody's) and
// exit 0, as if records had been imported. It is refused in one line saying what it is.
func TestFHIRFileWithNoRecordsRefused(t *testing.T) {
	hl7 := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	for _, tc := range []struct{ name, path, what string }{
		{"empty Bundle", write(t, "empty.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[]}`)), "a FHIR Bundle with no records in it"},
		{"Bundle without entries", write(t, "none.json", []byte(`{"resourceType":"Bundle","type":"document"}`)), "a FHIR Bundle with no records in it"},
		{"batch of requests", filepath.Join(hl7, "Bundle-bundle-request-medsallergies.json"), "a FHIR batch of requests to a server, with no records in it"},
		{"a portal's error", write(t, "download.json", []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Patient not found"}]}`)), "a server's message (a FHIR OperationOutcome)"},
		{"errors of a batch", write(t, "errs.ndjson", []byte("{\"resourceType\":\"OperationOutcome\",\"issue\":[]}\n{\"resourceType\":\"OperationOutcome\",\"issue\":[]}\n")), "a server's message (a FHIR OperationOutcome)"},
		{"a portal's refusal, recorded", filepath.Join(testutil.FixturesDir(t), "vendor", "fasten-sources", "athena-preview-sandbox", "011_403_OperationOutcome-MedicationRequest.json"), "a server's message (a FHIR OperationOutcome)"},
		{"a server's statement", filepath.Join(hl7, "CapabilityStatement-example.json"), "a FHIR CapabilityStatement, a definition for servers and software"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(ctx, tc.path, Options{})
			want := tc.path + ": not a file of health records CareKeeper reads: it is " + tc.what
			if err == nil || err.Error() != want || !errors.Is(err, ErrNotRecords) {
				t.Errorf("%v\nwant %s", err, want)
			}
			if err != nil && strings.Contains(err.Error(), "Patient not found") {
				t.Errorf("the error quotes the file: %v", err)
			}
		})
	}
	// Files with a record, a deletion or a search's words are imported as before.
	v := newVault(t)
	for _, p := range []string{
		filepath.Join(hl7, "Bundle-bundle-search-warning.json"), // nothing found; the server's words said
		filepath.Join(hl7, "Bundle-bundle-response.json"),
		write(t, "mixed.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"OperationOutcome","issue":[]}},{"resource":{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"}}}]}`)),
		write(t, "deletes.json", []byte(`{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"DELETE","url":"Observation/o"}}]}`)),
	} {
		if _, err := importPath(t, v, p, Options{}); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}
