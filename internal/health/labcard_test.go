package health

import "testing"

// A SMART Health Card lab result carries codes only, no displays (the specification's own
// examples do): the timeline and records browser said "94558-4: 260385009". The common COVID-19
// test codes and qualitative SNOMED CT answers read in words.
func TestDescribe_LabCardCodesInWords(t *testing.T) {
	obs := func(loinc, snomed string) []byte {
		return []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + loinc +
			`"}]},"effectiveDateTime":"2021-12-20","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"` + snomed + `"}]}}`)
	}
	for _, tc := range []struct{ loinc, snomed, want string }{
		{"94558-4", "260385009", "COVID-19 rapid antigen test: Negative"},
		{"95209-3", "10828004", "COVID-19 rapid antigen test: Positive"},
		{"94500-6", "260373001", "COVID-19 PCR test: Detected"},
		{"94309-2", "260415000", "COVID-19 PCR test: Not detected"},
		{"94531-1", "419984006", "COVID-19 PCR test: Inconclusive"},
		{"94563-4", "260385009", "COVID-19 antibody test: Negative"},
	} {
		if got := Describe("Observation", obs(tc.loinc, tc.snomed)); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.loinc, tc.snomed, got, tc.want)
		}
	}
}
