package health_test

import (
	"testing"

	"carekeeper/internal/health"
)

// TestVaccineNames: a vaccination coded CVX without a display reads as the vaccine, not as
// "300" (held-out check of issue 15): its text, else a display, else a common CVX code's name,
// else "Vaccine (code …)".
func TestVaccineNames(t *testing.T) {
	tests := []struct{ name, vaccineCode, want string }{
		{"CVX 300 alone", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"300"}]}`, "COVID-19 vaccine (Pfizer-BioNTech, bivalent)"},
		{"CVX by OID", `{"coding":[{"system":"urn:oid:2.16.840.1.113883.12.292","code":"207"}]}`, "COVID-19 vaccine (Moderna)"},
		{"leading zero", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"03"}]}`, "MMR vaccine (measles, mumps, rubella)"},
		{"flu", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"141"}]}`, "Flu vaccine"},
		{"text first", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"300"}],"text":"Booster"}`, "Booster"},
		{"display first", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"141","display":"Influenza, seasonal"}]}`, "Influenza, seasonal"},
		{"unknown CVX", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"999"}]}`, "Vaccine (code 999)"},
		{"other system", `{"coding":[{"system":"http://snomed.info/sct","code":"300"}]}`, "Vaccine (code 300)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := `{"resourceType":"Immunization","id":"i1","status":"completed","vaccineCode":` + tc.vaccineCode + `,"occurrenceDateTime":"2025-01-02"}`
			if got := health.Describe("Immunization", []byte(res)); got != tc.want {
				t.Errorf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
}
