package health

import (
	"strings"
	"testing"
)

// F470: Sofia's clinic file names her vaccines in the CDC's short words as display and text
// ("Hep A, ped/adol, 2 dose", "IPV"), which the Timeline, the summary and the record said. The
// line says the plain name of the code; the record's details keep its words, and a search for
// them still finds it.
func TestVaccinationSaysThePlainNameAndKeepsTheRecordsWords(t *testing.T) {
	const words = "Hep A, ped/adol, 2 dose"
	res := []byte(`{"resourceType":"Immunization","id":"i1","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"83","display":"` + words + `"}],"text":"` + words + `"},"occurrenceDateTime":"2026-10-06"}`)
	if got := Describe("Immunization", res); got != "Hepatitis A vaccine" {
		t.Errorf("line %q, want %q", got, "Hepatitis A vaccine")
	}
	if got := SearchWords("Immunization", res); !strings.Contains(got, "Hepatitis A vaccine") || !strings.Contains(got, words) {
		t.Errorf("search words %q", got)
	}
	kept := false
	for _, f := range RecordFields("Immunization", res, nil, Clock{}) {
		kept = kept || strings.Contains(f.Value, words)
	}
	if !kept {
		t.Errorf("the record's details lost %q: %+v", words, RecordFields("Immunization", res, nil, Clock{}))
	}
}
