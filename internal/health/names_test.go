package health

import (
	"strings"
	"testing"
)

func TestCodeWords(t *testing.T) {
	for _, tc := range []struct{ system, code, display, want string }{
		{sysObsCategory, "vital-signs", "", "Vital signs"},
		{sysObsCategory, "social-history", "", "Social history"},
		{sysObsCategory, "laboratory", "Laboratory", "Laboratory"},
		{sysCondClinical, "remission", "", "Remission"},
		{sysCondVer, "entered-in-error", "", "Entered in error"},
		{sysCondCategory, "encounter-diagnosis", "", "Encounter diagnosis"},
		{sysAllergyClin, "inactive", "", "Inactive"},
		{sysAllergyVer, "refuted", "", "Ruled out"},
		{sysCriticality, "high", "", "High risk"},
		{sysCriticality, "low", "", "Low risk"},
		{sysInterpret, "LL", "", "Critical low"},
		{sysActCode, "EMER", "", "Emergency visit"},
		{sysDiagSection, "LAB", "", "Laboratory"},
		{LOINC, "4548-4", "", "HbA1c"},
		{"", "in-progress", "", "In progress"},
		{"http://example.org/local", "final", "", "Final"},
		{"http://snomed.info/sct", "44054006", "", "44054006"},
		{"http://snomed.info/sct", "44054006", "Diabetes mellitus type 2 (disorder)", "Diabetes mellitus type 2"},
		{"http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "", "E11.9"},
		{"", "", "", ""},
		{"", "-x-", "", "-x-"},
	} {
		if got := CodeWords(tc.system, tc.code, tc.display); got != tc.want {
			t.Errorf("CodeWords(%q, %q, %q) = %q, want %q", tc.system, tc.code, tc.display, got, tc.want)
		}
	}
}

// A record of a type has one kind in words: singular for one record, plural for a list.
func TestTypeNames(t *testing.T) {
	for _, tc := range []struct{ typ, one, many string }{
		{"AllergyIntolerance", "Allergy", "Allergies"},
		{"Encounter", "Visit", "Visits"},
		{"MedicationRequest", "Prescription", "Prescriptions"},
		{"Observation", "Test result or measurement", "Tests and measurements"},
		{"RiskAssessment", "Risk assessment", "Risk assessment"},
	} {
		if TypeName(tc.typ) != tc.one || TypePlural(tc.typ) != tc.many {
			t.Errorf("%s: %q, %q; want %q, %q", tc.typ, TypeName(tc.typ), TypePlural(tc.typ), tc.one, tc.many)
		}
	}
	for _, k := range Kinds() {
		if n := k.Name(); strings.HasSuffix(n, "s") {
			t.Errorf("kind %q is named %q, not in the singular", k.String(), n)
		}
	}
	if KindResult.Name() != "Result" {
		t.Errorf("result kind %q", KindResult.Name())
	}
}

// Titles never show a category's raw code or a system's URL.
func TestDescribe_CodesInWords(t *testing.T) {
	for _, tc := range []struct{ typ, json, want string }{
		{"Observation", `{"resourceType":"Observation","id":"o","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}]}`, "Vital signs"},
		{"Encounter", `{"resourceType":"Encounter","id":"e","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"FLD"}}`, "Field visit"},
		{"Observation", `{"resourceType":"Observation","id":"o","code":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]},"valueQuantity":{"value":5.5,"unit":"mmol/L"}}`, "Glucose: 5.5 mmol/L"},
	} {
		if got := Describe(tc.typ, []byte(tc.json)); got != tc.want {
			t.Errorf("Describe = %q, want %q", got, tc.want)
		}
	}
}
