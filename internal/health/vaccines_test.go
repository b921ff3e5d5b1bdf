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
		// F470: the code's display (and a text repeating it: the CDC's short words, as US records
		// send them) gives way to the plain name; a display of a code not known stays
		{"a display gives way", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"141","display":"Influenza, seasonal"}]}`, "Flu vaccine"},
		{"a text repeating the display", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"85","display":"Hep A, ped/adol, 2 dose"}],"text":"Hep A, ped/adol, 2 dose"}`, "Hepatitis A vaccine"},
		{"IPV", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"10","display":"IPV"}],"text":"IPV"}`, "Polio vaccine (injected, IPV)"},
		{"a display of an unknown code", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"999","display":"Zoster recombinant"}]}`, "Zoster recombinant"},
		// F441: a child's vaccines from a health card, with the code alone
		{"MMRV", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"94"}]}`, "MMRV vaccine (measles, mumps, rubella, chickenpox)"},
		{"nasal flu", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"111"}]}`, "Nasal flu vaccine (live)"},
		{"DTaP-HepB-IPV", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"110"}]}`, "DTaP, hepatitis B and polio vaccine"},
		{"MenACWY (Menveo)", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"136"}]}`, "Meningococcal ACWY vaccine"},
		{"MenB (Bexsero)", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"163"}]}`, "Meningococcal B vaccine"},
		{"rotavirus", `{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"119"}]}`, "Rotavirus vaccine"},
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

// The COVID-19 codes 217–230 and 300–302 are named as CDC's CVX table has them (checked
// against the CVX descriptions: 217–219 the tris-sucrose Pfizer-BioNTech 30, 10 and 3 mcg doses;
// 221 and 228 Moderna 50 and 25 mcg; 229–230 Moderna bivalent; 300–302 Pfizer-BioNTech
// bivalent for 12+, 5–11 and 6 months–4 years). 220 and 222–227 are not named: generic.
func TestCOVIDCodes(t *testing.T) {
	want := map[string]string{
		"217": "COVID-19 vaccine (Pfizer-BioNTech)", "218": "COVID-19 vaccine (Pfizer-BioNTech)", "219": "COVID-19 vaccine (Pfizer-BioNTech)",
		"221": "COVID-19 vaccine (Moderna)", "228": "COVID-19 vaccine (Moderna)",
		"229": "COVID-19 vaccine (Moderna, bivalent)", "230": "COVID-19 vaccine (Moderna, bivalent)",
		"300": "COVID-19 vaccine (Pfizer-BioNTech, bivalent)", "301": "COVID-19 vaccine (Pfizer-BioNTech, bivalent)", "302": "COVID-19 vaccine (Pfizer-BioNTech, bivalent)",
		"220": "Vaccine (code 220)",
	}
	for code, name := range want {
		c := &health.Concept{Coding: []health.Coding{{System: "http://hl7.org/fhir/sid/cvx", Code: code}}}
		if got := health.VaccineName(c); got != name {
			t.Errorf("CVX %s: %q, want %q", code, got, name)
		}
	}
}
