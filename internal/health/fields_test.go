package health

import (
	"reflect"
	"testing"
)

// A record's details say each date in words under what happened then, once: no "Date" next
// to "Effective date time" in ISO form (issue 15's check of the record details).
func TestRecordFields(t *testing.T) {
	names := map[string]string{"Organization/o1": "Good Health Clinic", "Practitioner/p1": "Dr Ann Lee"}
	name := func(ref string) string { return names[ref] }
	for _, tc := range []struct {
		name, typ, json string
		want            []Field
	}{
		{"observation", "Observation",
			`{"resourceType":"Observation","id":"x","status":"final","code":{"text":"Body weight"},"effectiveDateTime":"2024-03-12T09:30:00-05:00","issued":"2024-03-13T10:00:00Z","valueQuantity":{"value":82.84,"unit":"kg","code":"kg"},"subject":{"reference":"Patient/1"},"performer":[{"reference":"Practitioner/p1"}]}`,
			[]Field{{"Taken", "12 Mar 2024", true}, {"Reported", "13 Mar 2024", true},
				{"Done by", "Dr Ann Lee", false}, {"Result", "82.8 kg", false}, {"Status", "Final result", false}, {"Test or measurement", "Body weight", false}}},
		{"document", "DocumentReference",
			`{"resourceType":"DocumentReference","date":"2024-03-12T09:30:00-05:00","description":"Visit summary","author":[{"reference":"Organization/o1"}],"custodian":{"reference":"Organization/o1"},"content":[{"attachment":{"data":"PD94"}}],"context":{"period":{"start":"2024-03-12"}}}`,
			[]Field{{"Written", "12 Mar 2024", true}, {"Description", "Visit summary", false}, {"Kept by", "Good Health Clinic", false}, {"Written by", "Good Health Clinic", false}}},
		{"visit period", "Encounter",
			`{"resourceType":"Encounter","period":{"start":"2024-03-12T09:30:00Z","end":"2024-03-14T10:00:00Z"},"serviceProvider":{"reference":"Organization/unknown"}}`,
			[]Field{{"When", "12 Mar 2024 – 14 Mar 2024", true}}},
		{"condition", "Condition",
			`{"resourceType":"Condition","onsetDateTime":"2019-05","recordedDate":"2019-06-01"}`,
			[]Field{{"Began", "May 2019", true}, {"Recorded", "1 Jun 2019", true}}},
		// Codes without a display are in words (issue 15): never "vital-signs", "H", "high" or a
		// system's URL.
		{"codes without displays", "Observation",
			`{"resourceType":"Observation","status":"entered-in-error","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"H"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]}}`,
			[]Field{{"Category", "Vital signs", false}, {"Interpretation", "High", false}, {"Status", "Entered in error, not a real result", false}, {"Test or measurement", "HbA1c", false}}},
		// A display or text that only repeats the code (Synthea's "vital-signs", "laboratory")
		// is no display: the category in plain words, as a patient says it.
		{"category display repeating its code", "Observation",
			`{"resourceType":"Observation","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory","display":"laboratory"}],"text":"laboratory"}]}`,
			[]Field{{"Category", "Lab test", false}}},
		{"survey and social history", "Observation",
			`{"resourceType":"Observation","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey","display":"survey"}]},{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"social-history"}]}]}`,
			[]Field{{"Category", "Questionnaire, Social history", false}}},
		{"category with its own words", "Observation",
			`{"resourceType":"Observation","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"Vital Signs"}]}]}`,
			[]Field{{"Category", "Vital Signs", false}}},
		// No FHIR field names ("Value quantity", "Medication codeable concept", "Vaccine code",
		// "Multiple birth boolean"), no code for a marital status, an amount with its currency.
		{"prescription", "MedicationRequest",
			`{"resourceType":"MedicationRequest","medicationCodeableConcept":{"text":"Metformin 500 MG"},"reasonCode":[{"text":"Diabetes"}]}`,
			[]Field{{"Medicine", "Metformin 500 MG", false}, {"Reason", "Diabetes", false}}},
		{"vaccination", "Immunization",
			`{"resourceType":"Immunization","vaccineCode":{"text":"Influenza"},"primarySource":true}`,
			[]Field{{"Vaccine", "Influenza", false}}},
		{"patient", "Patient",
			`{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M","display":"M"}],"text":"M"},"multipleBirthBoolean":false}`,
			[]Field{{"Marital status", "Married", false}}},
		{"claim", "Claim",
			`{"resourceType":"Claim","total":{"value":269.68,"currency":"USD"}}`,
			[]Field{{"Total", "$269.68", false}}},
		{"allergy codes", "AllergyIntolerance",
			`{"resourceType":"AllergyIntolerance","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"unconfirmed"}]},"type":"allergy","category":["food","medication"],"criticality":"unable-to-assess","code":{"text":"Peanut"}}`,
			[]Field{{"Allergic to", "Peanut", false}, {"Category", "Food, Medication", false}, {"Certainty", "Not confirmed", false},
				{"Criticality", "Unable to assess risk", false}, {"Status", "Active", false}, {"Type", "Allergy", false}}},
		{"condition codes", "Condition",
			`{"resourceType":"Condition","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"resolved"}]},"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}],"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2 (disorder)"}]}}`,
			[]Field{{"Category", "Problem list item", false}, {"Condition", "Diabetes mellitus type 2", false}, {"Status", "Resolved", false}}},
		{"visit class and status", "Encounter",
			`{"resourceType":"Encounter","status":"onleave","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}}`,
			[]Field{{"Setting", "Outpatient visit", false}, {"Status", "On leave", false}}},
		{"not JSON", "Observation", `{`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RecordFields(tc.typ, []byte(tc.json), name, Clock{}); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestPeriodWords(t *testing.T) {
	for _, tc := range []struct {
		p    Period
		want string
	}{
		{Period{"2024-03-12", "2024-03-14"}, "12 Mar 2024 – 14 Mar 2024"},
		{Period{"2024-03-12T09:00:00Z", "2024-03-12T10:00:00Z"}, "12 Mar 2024"},
		{Period{"2024-03-12", ""}, "12 Mar 2024"},
		{Period{"", "2024-03-14"}, "until 14 Mar 2024"},
		{Period{}, ""},
	} {
		if got := PeriodWords(tc.p); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}
