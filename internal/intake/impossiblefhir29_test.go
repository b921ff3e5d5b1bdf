package intake

import (
	"strings"
	"testing"

	"carekeeper/internal/journey"
	cksync "carekeeper/sync"
)

// F195, for a FHIR file: a glucose of -5 mg/dL was imported and shown as the latest, '-5 … Low'.
// A value no measurement of its kind can have is left out and said, as a C-CDA document's and an
// Apple Health export's are; a blood pressure with such a half too. So is one beyond a million
// million (a glucose of 1.2e38: imported as "added", then "1 result could not be read").
func TestImpossibleValueInFHIRLeftOutSaid(t *testing.T) {
	obs := func(id, day, value string) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"` + day + `","valueQuantity":{"value":` + value + `,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}}`
	}
	bp := `{"fullUrl":"urn:uuid:bp","resource":{"resourceType":"Observation","id":"bp","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2026-11-03","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":-120,"unit":"mmHg"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":80,"unit":"mmHg"}}]}}`
	file := `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1980-04-02"}},
` + obs("g1", "2026-11-01", "98") + `,` + obs("g2", "2026-11-02", "-5") + `,` + obs("g3", "2026-11-04", "123456789012345678901234567890123456789") + `,` + bp + `]}`
	v := newVault(t)
	s, err := importPath(t, v, write(t, "glucose.json", []byte(file)), Options{Options: cksync.Options{Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Describe()
	if !strings.HasPrefix(d, "2 added; 3 measurements left out (a value no measurement of its kind can have: zero or below, a percentage over 100, or over a million million)") {
		t.Errorf("Describe() = %q", d)
	}
	rs, err := journey.Results(ctx, v, s.People[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range rs[0].Series {
		if w := se.ReadingWords(se.Latest()); strings.Contains(w, "-") {
			t.Errorf("Results show %q", w)
		}
	}
}
