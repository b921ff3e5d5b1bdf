package health

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// TestDescribe_PlainForPatients: titles said as people say them — what a record is when it has
// no words of its own (never its id), what did not happen or is not final, what a "no known
// allergy" code means, a blood pressure with a number missing — and a record entered in error
// never shows its value as the person's (the words27 sweep of the HL7 R4 examples, Synthea and
// vendor records).
func TestDescribe_PlainForPatients(t *testing.T) {
	tests := []struct{ name, typ, json, want string }{
		{"care plan without words: its kind, not CarePlan/f001", "CarePlan",
			`{"resourceType":"CarePlan","id":"f001","status":"completed","intent":"plan"}`, "Care plan"},
		{"visit without words: not Encounter/1feda6e4-…", "Encounter",
			`{"resourceType":"Encounter","id":"1feda6e4-3121-e611-8128-0a69c1b3225b","status":"finished"}`, "Visit"},
		{"a report named by a bare code is its category", "DiagnosticReport",
			`{"resourceType":"DiagnosticReport","id":"pap","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"CH"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"47527-7"}]}}`, "Chemistry"},
		{"a report named by a bare code alone", "DiagnosticReport",
			`{"resourceType":"DiagnosticReport","id":"pap","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"47527-7"}]}}`, "Report"},
		{"insurance typed by a code", "Coverage",
			`{"resourceType":"Coverage","id":"SP1234","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"PAY"}]}}`, "Insurance"},
		{"a service billed by its code only", "ExplanationOfBenefit",
			`{"resourceType":"ExplanationOfBenefit","id":"EB3500","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"oral","display":"Oral"}]},"item":[{"productOrService":{"coding":[{"system":"http://example.org/fhir/oralservicecodes","code":"1205"}]}}],"total":[{"amount":{"value":135.57,"currency":"USD"}}]}`,
			"Oral: $135.57"},
		{"a vaccine not given", "Immunization",
			`{"resourceType":"Immunization","id":"notGiven","status":"not-done","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"01","display":"DTP"}]}}`, "Not given: DTP vaccine (diphtheria, tetanus, whooping cough)"}, // the plain name of its code (F470)
		{"a procedure not done", "Procedure",
			`{"resourceType":"Procedure","id":"ambulation","status":"not-done","code":{"text":"Ambulation"}}`, "Not done: Ambulation"},
		{"a test cancelled", "Observation",
			`{"resourceType":"Observation","id":"bpc","status":"cancelled","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}],"text":"Blood pressure"}}`, "Cancelled: Blood pressure"},
		{"a preliminary result", "Observation",
			`{"resourceType":"Observation","id":"o","status":"preliminary","code":{"text":"Glucose"},"valueQuantity":{"value":99,"unit":"mg/dL"}}`, "Glucose (preliminary): 99 mg/dL"},
		{"a result entered in error: no value", "Observation",
			`{"resourceType":"Observation","id":"f202","status":"entered-in-error","code":{"text":"Body temperature"},"valueQuantity":{"value":39,"unit":"degrees C","system":"http://unitsofmeasure.org","code":"Cel"}}`, "Entered in error: Body temperature"},
		{"NKA", "AllergyIntolerance",
			`{"resourceType":"AllergyIntolerance","id":"nka","code":{"coding":[{"system":"http://snomed.info/sct","code":"716186003","display":"No Known Allergy (situation)"}],"text":"NKA"}}`, "No known allergies"},
		{"NKDA", "AllergyIntolerance",
			`{"resourceType":"AllergyIntolerance","id":"nkda","code":{"coding":[{"system":"http://snomed.info/sct","code":"409137002","display":"No Known Drug Allergy (situation)"}],"text":"NKDA"}}`, "No known medicine allergies"},
		{"a medicine given, contained and named by its ingredients, not its category", "MedicationAdministration",
			`{"resourceType":"MedicationAdministration","id":"medadmin0302","status":"completed","contained":[{"resourceType":"Medication","id":"med0317","ingredient":[` +
				`{"itemCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"204520","display":"Potassium Chloride"}]}},` +
				`{"itemCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"313002","display":"Sodium Chloride 0.9% injectable solution"}]}}]}],` +
				`"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medication-admin-category","code":"inpatient","display":"Inpatient"}]},"medicationReference":{"reference":"#med0317"}}`,
			"Dose taken: Potassium Chloride + Sodium Chloride 0.9% injection"},
		{"a dose being given is not a dose taken", "MedicationAdministration",
			`{"resourceType":"MedicationAdministration","id":"a","status":"in-progress","medicationCodeableConcept":{"text":"Vancomycin"}}`, "Dose being given: Vancomycin"},
		{"a dispense naming no medicine: not its type", "MedicationDispense",
			`{"resourceType":"MedicationDispense","id":"d","status":"completed","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"RFP","display":"Refill - Part Fill"}]}}`,
			"Medicine dispensed: A medicine"},
		{"a diagnosis ruled out (eClinicalWorks: 'w/u negative')", "Condition",
			`{"resourceType":"Condition","id":"c","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"refuted","display":"Refuted"}],"text":"w/u negative"},"code":{"text":"Dengue hemorrhagic fever"}}`,
			"Ruled out: Dengue hemorrhagic fever"},
		{"a diagnosis not confirmed yet ('w/u pending')", "Condition",
			`{"resourceType":"Condition","id":"c","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"provisional","display":"Provisional"}],"text":"w/u pending"},"code":{"text":"Liver cell carcinoma"}}`,
			"Not confirmed: Liver cell carcinoma"},
		{"a confirmed diagnosis", "Condition",
			`{"resourceType":"Condition","id":"c","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},"code":{"text":"Asthma"}}`,
			"Asthma"},
		{"a body weight in grams (a portal's)", "Observation",
			`{"resourceType":"Observation","id":"w","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"valueQuantity":{"value":84822,"unit":"g","system":"http://unitsofmeasure.org","code":"g"}}`,
			"Body weight: 84.8 kg"},
		{"a baby's birth weight in grams stays", "Observation",
			`{"resourceType":"Observation","id":"w","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8339-4","display":"Birth weight"}]},"valueQuantity":{"value":3500,"unit":"g","system":"http://unitsofmeasure.org","code":"g"}}`,
			"Birth weight: 3500 g"},
		{"a goal from a template whose name was not filled in", "Goal",
			`{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"*%NAME% RISK OF INJURY"}}`, "Risk of injury"},
		{"a goal in capitals of its own stays", "Goal",
			`{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"LDL BELOW 100"}}`, "LDL BELOW 100"},
		{"a goal in the care team's words", "Goal",
			`{"resourceType":"Goal","id":"g","lifecycleStatus":"active","description":{"text":"Walk 30 minutes a day"}}`, "Walk 30 minutes a day"},
		{"blood pressure, the lower number missing", "Observation",
			`{"resourceType":"Observation","id":"bpd","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}],"text":"Blood pressure"},"component":[` +
				`{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":107,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},` +
				`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"dataAbsentReason":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/data-absent-reason","code":"not-performed"}]}}]}`,
			"Blood pressure: systolic 107 mmHg, diastolic not recorded"},
	}
	for _, tt := range tests {
		if got := Describe(tt.typ, []byte(tt.json)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRecordFields_StatusInWords: a result's status says what it means ("Final result", not
// FHIR's "Final"), a vaccine's "Not given"; a value written in error is not labelled a result;
// a value's extensions ("_id") are not shown.
func TestRecordFields_StatusInWords(t *testing.T) {
	tests := []struct{ name, typ, json, label, want string }{
		{"final", "Observation", `{"resourceType":"Observation","status":"final","code":{"text":"Glucose"}}`, "Status", "Final result"},
		{"registered", "Observation", `{"resourceType":"Observation","status":"registered","code":{"text":"Glucose"}}`, "Status", "Ordered, no result yet"},
		{"report partial", "DiagnosticReport", `{"resourceType":"DiagnosticReport","status":"partial","code":{"text":"CBC"}}`, "Status", "Partial report (more to come)"},
		{"vaccine not given", "Immunization", `{"resourceType":"Immunization","status":"not-done","vaccineCode":{"text":"DTP"}}`, "Status", "Not given"},
		{"diagnosis ruled out, in words not the record's shorthand", "Condition",
			`{"resourceType":"Condition","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"refuted","display":"Refuted"}],"text":"w/u negative"},"code":{"text":"Dengue hemorrhagic fever"}}`,
			"Certainty", "Ruled out"},
		{"document replaced", "DocumentReference", `{"resourceType":"DocumentReference","status":"superseded"}`, "Status", "Replaced by a newer version"},
		{"value in error", "Observation", `{"resourceType":"Observation","status":"entered-in-error","code":{"text":"Glucose"},"valueQuantity":{"value":999,"unit":"mg/dL"}}`,
			"Written in error, not a result", "999 mg/dL"},
	}
	for _, tt := range tests {
		found := false
		for _, f := range RecordFields(tt.typ, []byte(tt.json), nil, Clock{}) {
			if f.Label == "Result" && strings.Contains(tt.json, "entered-in-error") {
				t.Errorf("%s: a value written in error is labelled a result", tt.name)
			}
			if f.Label == tt.label {
				found = true
				if f.Value != tt.want {
					t.Errorf("%s: %s = %q, want %q", tt.name, f.Label, f.Value, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %q in %+v", tt.name, tt.label, RecordFields(tt.typ, []byte(tt.json), nil, Clock{}))
		}
	}
	fs := RecordFields("Procedure", []byte(`{"resourceType":"Procedure","status":"completed","_id":{"extension":[{"url":"x","valueString":"ywcWx79xQMfZt9GXG"}]},"code":{"text":"Flu shot"}}`), nil, Clock{})
	for _, f := range fs {
		if strings.HasPrefix(f.Label, "_") || strings.Contains(f.Value, "ywcWx79xQMfZt9GXG") {
			t.Errorf("an extension shown: %+v", f)
		}
	}
}

// TestDescribe_FixturesSayNoIdsOrRawUnits: over every resource of the HL7 R4 examples and the
// Synthea patients, no title is a record's type and id ("CarePlan/f001") and none shows a unit
// in UCUM's form ("[in_i]", "{score}", "10*3/uL", "Cel") or a record entered in error with
// its value (an Observation's title is then its name alone).
func TestDescribe_FixturesSayNoIdsOrRawUnits(t *testing.T) {
	files := append(testutil.Fixtures(t, "hl7-examples/*.json"), testutil.Fixtures(t, "synthea/*.json")...)
	typeID := regexp.MustCompile(`^[A-Z][A-Za-z]+/\S*$`)
	rawUnit := regexp.MustCompile(`\[[a-z_]+\]|\{[a-zA-Z#]+\}|10\*\d|\bCel\b|mm\[Hg\]`)
	n := 0
	var walk func(raw json.RawMessage, file string)
	walk = func(raw json.RawMessage, file string) {
		var h struct {
			ResourceType string `json:"resourceType"`
			Status       string `json:"status"`
			Entry        []struct {
				Resource json.RawMessage `json:"resource"`
			} `json:"entry"`
		}
		if json.Unmarshal(raw, &h) != nil || h.ResourceType == "" {
			return
		}
		if h.ResourceType == "Bundle" {
			for _, e := range h.Entry {
				walk(e.Resource, file)
			}
			return
		}
		n++
		d := Describe(h.ResourceType, raw)
		if typeID.MatchString(d) || rawUnit.MatchString(d) {
			t.Errorf("%s %s: %q", file, h.ResourceType, d)
		}
		if h.Status == "entered-in-error" && (!strings.HasPrefix(d, "Entered in error: ") || h.ResourceType == "Observation" && strings.Count(d, ":") > 1) {
			t.Errorf("%s %s entered in error: %q", file, h.ResourceType, d)
		}
	}
	for _, f := range files {
		walk(testutil.ReadFile(t, f), filepath.Base(f))
	}
	if n < 9000 {
		t.Errorf("only %d resources read", n)
	}
}

// TestConditions_NotConfirmedSaysSo: a diagnosis the record says is not confirmed (a
// work-up pending, one of several possibilities) is listed with "not confirmed" — the
// Conditions screen listed eClinicalWorks' provisional "Liver cell carcinoma" as a current
// condition like any other — and one ruled out is not listed.
func TestConditions_NotConfirmedSaysSo(t *testing.T) {
	cond := func(id, ver, name string) Resource {
		return Resource{Key: Key{"ecw", "Condition", id}, Profile: "p", JSON: []byte(`{"resourceType":"Condition","id":"` + id + `",` +
			`"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},` +
			`"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"` + ver + `"}]},` +
			`"code":{"text":"` + name + `"},"onsetDateTime":"2024-03-05"}`)}
	}
	current, _ := Conditions(NewSet([]Resource{
		cond("a", "provisional", "Liver cell carcinoma"), cond("b", "differential", "Hereditary ataxia"),
		cond("c", "confirmed", "Asthma"), cond("d", "refuted", "Dengue hemorrhagic fever")}, nil))
	want := map[string]string{
		"Liver cell carcinoma": "Current · since 5 Mar 2024 · not confirmed",
		"Hereditary ataxia":    "Current · since 5 Mar 2024 · not confirmed",
		"Asthma":               "Current · since 5 Mar 2024",
	}
	if len(current) != len(want) {
		t.Fatalf("current %+v", current)
	}
	for _, c := range current {
		if got := c.Line(Death{}); got != want[c.Name] {
			t.Errorf("%s: %q, want %q", c.Name, got, want[c.Name])
		}
	}
}
