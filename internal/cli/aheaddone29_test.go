package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F312: a vaccination dated after today is said on the import line as a reading is
// ("1 vaccination dated after today, 10 Jan 2030: kept as the file gives it"), and counted in
// --json.
func TestImportSaysVaccinationAfterToday(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "card.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"resource:0","resource":{"resourceType":"Patient","name":[{"family":"Nakamura","given":["Yumi"]}],"birthDate":"1988-07-21"}},
{"fullUrl":"resource:1","resource":{"resourceType":"Immunization","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"207"}]},"patient":{"reference":"resource:0"},"occurrenceDateTime":"2030-01-10"}}]}`), 0o600)
	out := r.run(t, "import", f).ok(t).stdout
	if !strings.Contains(out, "2 added; 1 vaccination dated after today, 10 Jan 2030: kept as the file gives it; for Yumi Nakamura (new)") {
		t.Errorf("import: %q", out)
	}
	out = r.run(t, "import", "--json", f).ok(t).stdout
	if !strings.Contains(out, `"records_after_today":{"Immunization":1}`) || !strings.Contains(out, `"latest_record_after_today":"2030-01-10"`) {
		t.Errorf("import --json: %q", out)
	}
}
