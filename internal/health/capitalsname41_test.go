package health

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F540 item 4: Gérard's pharmacy's newer order named his furosemide "FUROSEMIDE 40MG CO" (its
// dispensing system's capitals and its abbreviation for comprimé), and the row took that name
// over the clinic's "Lasix (furosémide) 40 mg" on Today and Medicines. A name in capitals
// names a row only when no record of it has its own name in ordinary letters.
func TestNameInCapitalsDoesNotNameTheRow(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	med := func(src, id, text, authored string) Resource {
		return Resource{Key: Key{"https://" + src + "/fhir", "MedicationRequest", id}, Profile: "p", JSON: []byte(fmt.Sprintf(
			`{"resourceType":"MedicationRequest","id":%q,"status":"active","intent":"order","authoredOn":%q,`+
				`"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"310429","display":"furosemide 40 MG Oral Tablet"}],"text":%q}}`,
			id, authored, text))}
	}
	clinic := med("fhir.gmf-villeray.example.ca", "g-furo", "Lasix (furosémide) 40 mg", "2026-10-01")
	for _, c := range []struct {
		name    string
		records []Resource
		want    string
	}{
		{"the pharmacy's capitals, newer", []Resource{clinic, med("pharma.example.ca", "rx-furo", "FUROSEMIDE 40MG CO", "2026-12-04")}, "Lasix (furosémide) 40 mg"},
		{"the pharmacy's own words, newer", []Resource{clinic, med("pharma.example.ca", "rx-furo", "Furosémide 40 mg comprimé", "2026-12-04")}, "Furosémide 40 mg comprimé"},
		{"capitals alone", []Resource{med("pharma.example.ca", "rx-furo", "FUROSEMIDE 40MG CO", "2026-12-04")}, "FUROSEMIDE 40 mg CO"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, m := range Medicines(NewSet(c.records, nil), MedOptions{Now: now}) {
				got = append(got, m.Name)
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("rows %q, want one %q", strings.Join(got, " | "), c.want)
			}
		})
	}
}
