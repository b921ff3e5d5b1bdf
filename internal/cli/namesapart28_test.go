package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F122: two people of one name and one birth date (one hospital's two record numbers for Mary
// Smith, 1 May 1980: two people, docs/intake.md) were both "Mary Smith (born 1 May 1980)" in
// 'today', 'results' and 'profile list' (two rows the same but for the id). Every listing
// tells them apart as the app's person choices do (health.NamesApart): "Mary Smith (1)" and
// "Mary Smith (2)", in the order of the people.
func TestSameNameSameBirthToldApart(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	tmp := t.TempDir()
	for _, mrn := range []string{"mrn1", "mrn2"} {
		f := filepath.Join(tmp, mrn+".json")
		os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p-`+mrn+`","resource":{"resourceType":"Patient","id":"`+mrn+`","gender":"female","birthDate":"1980-05-01",
 "identifier":[{"system":"http://hospital.example.org/mrn","value":"`+mrn+`"}],"name":[{"family":"Smith","given":["Mary"]}]}},
{"fullUrl":"urn:uuid:o-`+mrn+`","resource":{"resourceType":"Observation","id":"o-`+mrn+`","status":"final","subject":{"reference":"urn:uuid:p-`+mrn+`"},
 "code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2026-11-01T09:00:00Z",
 "valueQuantity":{"value":95,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}}]}`), 0o600)
		r.run(t, "import", f).ok(t)
	}
	for _, cmd := range [][]string{{"profile", "list"}, {"today"}, {"results"}, {"medicines"}} {
		out := r.run(t, cmd...).ok(t).stdout
		one, two := strings.Index(out, "Mary Smith (1)"), strings.Index(out, "Mary Smith (2)")
		if one < 0 || two < one || strings.Contains(out, "(born 1 May 1980)") {
			t.Errorf("%s:\n%s", strings.Join(cmd, " "), out)
		}
	}
}
