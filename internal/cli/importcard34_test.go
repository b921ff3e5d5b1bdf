package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F427 (5): a file whose records carry their server's addresses (fullUrl
// https://gp.example.nhs.uk/fhir/…) made the card "3 new or updated records from
// gp.example.nhs.uk … Records written by a sync with gp.example.nhs.uk": nothing was synced,
// the file was imported. The card says so; a portal's sync keeps its words
// (TestRichPersonTriggersEveryRule). An appointment still to come is counted as one, not as a
// visit.
func TestImportedFileIsNotCalledASync(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	f := filepath.Join(t.TempDir(), "pennington.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"https://gp.example.nhs.uk/fhir/Patient/wp","resource":{"resourceType":"Patient","id":"wp","name":[{"given":["Walter"],"family":"Pennington"}],"birthDate":"1948-02-11"}},
{"fullUrl":"https://gp.example.nhs.uk/fhir/Condition/hf","resource":{"resourceType":"Condition","id":"hf","subject":{"reference":"Patient/wp"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Heart failure"},"onsetDateTime":"2019-03-01"}},
{"fullUrl":"https://gp.example.nhs.uk/fhir/AllergyIntolerance/pen","resource":{"resourceType":"AllergyIntolerance","id":"pen","patient":{"reference":"Patient/wp"},"code":{"text":"Penicillin"}}},
{"fullUrl":"https://gp.example.nhs.uk/fhir/Appointment/inr","resource":{"resourceType":"Appointment","id":"inr","status":"booked","description":"Anticoagulation clinic","start":"`+time.Now().UTC().AddDate(0, 0, 5).Format("2006-01-02")+`T10:20:00Z","participant":[{"actor":{"reference":"Patient/wp"},"status":"accepted"}]}}]}`), 0o600)
	r.run(t, "import", f).ok(t)
	out := r.run(t, "insights", "--profile", profileIDs(t, r)["Walter"]).ok(t).stdout
	if !strings.Contains(out, "new or updated records from gp.example.nhs.uk") {
		t.Fatalf("insights has no card for the new records:\n%s", out)
	}
	if strings.Contains(out, "sync") {
		t.Errorf("insights calls the import a sync:\n%s", out)
	}
	if !strings.Contains(out, "Appointments: 1") || strings.Contains(out, "Visits") {
		t.Errorf("insights counts an appointment still to come as a visit:\n%s", out)
	}
	// the file's Patient record is the person's details, not "Other" (F461 item 3)
	if !strings.Contains(out, "Personal details: 1") || strings.Contains(out, "Other: 1") {
		t.Errorf("insights counts the Patient record as other:\n%s", out)
	}
	if !strings.Contains(out, "imported from a file (pennington.json)") {
		t.Errorf("insights does not say the records were imported from the file:\n%s", out)
	}
}
