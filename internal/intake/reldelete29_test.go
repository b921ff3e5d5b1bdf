package intake

import (
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// F209: a transaction's DELETE of "Observation/o2" (relative, as FHIR writes it) was dropped
// without a word when the record came with a server's fullUrl: 'nothing new'. Relative to the
// one server the file's records come from, as the entries' references are, it names that
// record, which is marked deleted.
func TestRelativeDeleteOfAServersRecord(t *testing.T) {
	const patient = `{"fullUrl":"http://x.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1980-04-02"}}`
	good := `{"resourceType":"Bundle","type":"collection","entry":[` + patient + `,
{"fullUrl":"http://x.org/fhir/Observation/o2","resource":{"resourceType":"Observation","id":"o2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-11-01","valueQuantity":{"value":5.4,"unit":"mmol/L"}}}]}`
	del := `{"resourceType":"Bundle","type":"transaction","entry":[` + strings.Replace(patient, `"resource"`, `"request":{"method":"PUT","url":"Patient/p1"},"resource"`, 1) + `,
{"request":{"method":"DELETE","url":"Observation/o2"}}]}`
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	if _, err := importPath(t, v, write(t, "good.json", []byte(good)), opt); err != nil {
		t.Fatal(err)
	}
	s, err := importPath(t, v, write(t, "delete.json", []byte(del)), opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Deleted["Observation"] != 1 || !strings.Contains(s.Describe(), "1 marked deleted") {
		t.Errorf("Describe() = %q, deleted %v; want the Observation marked deleted", s.Describe(), s.Deleted)
	}
}
