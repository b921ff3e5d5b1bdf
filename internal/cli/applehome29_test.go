package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F194: a meter's glucose from Apple Health is a reading taken at home: Insights said 'No
// blood sugar reading entered in CareKeeper yet' beside 'Blood glucose 5.4 mmol/L 2 Dec 2026'
// in Results, and the visit summary 'No measurements entered at home in this period'.
func TestAppleHealthReadingsAreHomeReadings(t *testing.T) {
	r := in(newVault(t))
	dir := t.TempDir()
	bundle := filepath.Join(dir, "adaeze.json")
	if err := os.WriteFile(bundle, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:7c0f4bde-30a5-4c48-9c38-0d4e0c6d2b11","resource":{"resourceType":"Patient","id":"p","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1984-02-11"}},
{"resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
 "code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}],"text":"Type 2 diabetes"},
 "subject":{"reference":"urn:uuid:7c0f4bde-30a5-4c48-9c38-0d4e0c6d2b11"},"onsetDateTime":"2020-05-01"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var imp struct{ Profile string }
	if err := json.Unmarshal([]byte(r.run(t, "import", "--json", bundle).ok(t).stdout), &imp); err != nil || imp.Profile == "" {
		t.Fatalf("import: %v", err)
	}
	const at = "2026-12-03T10:00:00Z"
	before := r.run(t, "insights", "--profile", imp.Profile, "--at", at).ok(t).stdout
	if !strings.Contains(before, "Keep track of your blood sugar at home") {
		t.Fatalf("without a home reading, no card asks for one (the test no longer covers it):\n%s", before)
	}
	export := filepath.Join(dir, "export.xml")
	if err := os.WriteFile(export, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierBloodGlucose" sourceName="Meter" unit="mmol&lt;180.1558800000541&gt;/L" startDate="2026-12-02 07:00:00 +0000" endDate="2026-12-02 07:00:00 +0000" value="5.4"/>
</HealthData>
`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", "--profile", imp.Profile, export).ok(t)
	after := r.run(t, "insights", "--profile", imp.Profile, "--at", at).ok(t).stdout
	if strings.Contains(after, "blood sugar at home") || strings.Contains(after, "No blood sugar reading") {
		t.Errorf("a glucose from Apple Health the day before is not a home reading:\n%s", after)
	}
	fhir := filepath.Join(dir, "s.json")
	r.run(t, "summary", "--profile", imp.Profile, "--from", "2026-09-01", "--to", "2026-12-03", "--out", filepath.Join(dir, "s.pdf"), "--fhir", fhir).ok(t)
	b, err := os.ReadFile(fhir)
	if err != nil {
		t.Fatal(err)
	}
	var ips struct {
		Entry []struct {
			Resource struct {
				ResourceType string
				Section      []struct {
					Title string
					Entry []json.RawMessage
				}
			}
		}
	}
	if err := json.Unmarshal(b, &ips); err != nil {
		t.Fatal(err)
	}
	home := -1
	for _, e := range ips.Entry {
		for _, s := range e.Resource.Section {
			if s.Title == "Home measurements" {
				home = len(s.Entry)
			}
		}
	}
	if home != 1 {
		t.Errorf("the summary's home measurements: %d entries, want the glucose from Apple Health", home)
	}
}
