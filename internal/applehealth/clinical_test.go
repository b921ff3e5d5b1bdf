package applehealth_test

import (
	"encoding/json"
	"errors"
	"testing"

	"carekeeper/internal/applehealth"
)

func TestConvertClinical(t *testing.T) {
	cases := []struct {
		name, in, version, wantType string
		check                       func(t *testing.T, r map[string]any)
	}{
		{"R4 kept", `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"category":[{"text":"lab"}]}`, "4.0.1", "Observation",
			func(t *testing.T, r map[string]any) {}},
		{"DSTU2 MedicationOrder", `{"resourceType":"MedicationOrder","id":"m1","status":"active","patient":{"reference":"Patient/p1"},"dateWritten":"2019-05-01","prescriber":{"reference":"Practitioner/d1"},"medicationCodeableConcept":{"text":"Lisinopril 10 mg"},"dosageInstruction":[{"text":"1 daily","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"doseQuantity":{"value":1}}]}`, "1.0.2", "MedicationRequest",
			func(t *testing.T, r map[string]any) {
				if r["subject"] == nil || r["authoredOn"] != "2019-05-01" || r["requester"] == nil || r["intent"] != "order" || r["patient"] != nil {
					t.Errorf("%v", r)
				}
				di := r["dosageInstruction"].([]any)[0].(map[string]any)
				if di["doseAndRate"] == nil || di["doseQuantity"] != nil || di["timing"] == nil {
					t.Errorf("dosage %v", di)
				}
			}},
		{"DSTU2 Condition", `{"resourceType":"Condition","id":"c1","patient":{"reference":"Patient/p1"},"code":{"text":"Asthma"},"clinicalStatus":"active","verificationStatus":"confirmed","dateRecorded":"2018-01-01","category":{"text":"problem"}}`, "1.0.2", "Condition",
			func(t *testing.T, r map[string]any) {
				cs := r["clinicalStatus"].(map[string]any)["coding"].([]any)[0].(map[string]any)
				if cs["code"] != "active" || r["recordedDate"] != "2018-01-01" || r["subject"] == nil || len(r["category"].([]any)) != 1 {
					t.Errorf("%v", r)
				}
			}},
		{"DSTU2 Immunization not given", `{"resourceType":"Immunization","id":"i1","status":"completed","date":"2017-10-01","wasNotGiven":true,"reported":false,"patient":{"reference":"Patient/p1"},"vaccineCode":{"text":"Flu"}}`, "", "Immunization",
			func(t *testing.T, r map[string]any) {
				if r["status"] != "not-done" || r["occurrenceDateTime"] != "2017-10-01" || r["primarySource"] != true || r["wasNotGiven"] != nil {
					t.Errorf("%v", r)
				}
			}},
		{"DSTU2 AllergyIntolerance", `{"resourceType":"AllergyIntolerance","id":"a1","patient":{"reference":"Patient/p1"},"substance":{"text":"Penicillin"},"status":"confirmed","criticality":"CRITH","category":"medication","reaction":[{"certainty":"likely","manifestation":[{"text":"Hives"}],"severity":"moderate"}]}`, "1.0.2", "AllergyIntolerance",
			func(t *testing.T, r map[string]any) {
				if r["code"] == nil || r["criticality"] != "high" || r["verificationStatus"] == nil || r["clinicalStatus"] == nil || r["status"] != nil {
					t.Errorf("%v", r)
				}
				if cat := r["category"].([]any); cat[0] != "medication" {
					t.Errorf("category %v", cat)
				}
			}},
		// DSTU2 HumanName.family is a list ("family": ["van", "Dijk"]); R4's is one string.
		{"DSTU2 Patient", `{"resourceType":"Patient","id":"p1","name":[{"family":["Okonkwo-Lindqvist"],"given":["Marguerite","A"]},{"use":"old","family":["van","Dijk"]}],"birthDate":"1944-02-29","contact":[{"name":{"family":["Okonkwo"],"given":["Ada"]}}]}`, "1.0.2", "Patient",
			func(t *testing.T, r map[string]any) {
				names := r["name"].([]any)
				contact := r["contact"].([]any)[0].(map[string]any)["name"].(map[string]any)
				if names[0].(map[string]any)["family"] != "Okonkwo-Lindqvist" || names[1].(map[string]any)["family"] != "van Dijk" || contact["family"] != "Okonkwo" {
					t.Errorf("%v", r)
				}
			}},
		{"DSTU2 Patient by shape", `{"resourceType":"Patient","id":"p2","name":[{"family":["Ng"],"given":["Ada"]}]}`, "", "Patient",
			func(t *testing.T, r map[string]any) {
				if r["name"].([]any)[0].(map[string]any)["family"] != "Ng" {
					t.Errorf("%v", r)
				}
			}},
		// DSTU2 Timing names its units periodUnits and durationUnits; R4 periodUnit, durationUnit.
		{"DSTU2 MedicationOrder timing units", `{"resourceType":"MedicationOrder","id":"m2","patient":{"reference":"Patient/p1"},"medicationCodeableConcept":{"text":"atorvastatin 20 mg tablet"},"dosageInstruction":[{"text":"1 tablet nightly","timing":{"repeat":{"frequency":1,"period":1,"periodUnits":"d","duration":5,"durationUnits":"min"}}}]}`, "1.0.2", "MedicationRequest",
			func(t *testing.T, r map[string]any) {
				rep := r["dosageInstruction"].([]any)[0].(map[string]any)["timing"].(map[string]any)["repeat"].(map[string]any)
				if rep["periodUnit"] != "d" || rep["durationUnit"] != "min" || rep["periodUnits"] != nil || rep["durationUnits"] != nil {
					t.Errorf("repeat %v", rep)
				}
			}},
		{"DSTU2 Observation", `{"resourceType":"Observation","id":"o2","status":"final","category":{"text":"vital-signs"},"code":{"text":"Pulse"},"subject":{"reference":"Patient/p1"},"valueQuantity":{"value":60},"comments":"resting"}`, "1.0.2", "Observation",
			func(t *testing.T, r map[string]any) {
				if len(r["category"].([]any)) != 1 || r["note"].([]any)[0].(map[string]any)["text"] != "resting" {
					t.Errorf("%v", r)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := applehealth.ConvertClinical([]byte(tc.in), tc.version)
			if err != nil {
				t.Fatal(err)
			}
			var r map[string]any
			if err := json.Unmarshal(c.Resource, &r); err != nil {
				t.Fatal(err)
			}
			if c.Type != tc.wantType || r["resourceType"] != tc.wantType {
				t.Fatalf("type %s / %v", c.Type, r["resourceType"])
			}
			tc.check(t, r)
		})
	}
	if _, err := applehealth.ConvertClinical([]byte(`{"resourceType":"Procedure","id":"x"}`), "1.0.2"); !errors.Is(err, applehealth.ErrSkipped) {
		t.Errorf("DSTU2 Procedure: %v", err)
	}
	for _, bad := range []string{`{`, `{"id":"x"}`, `[]`} {
		if _, err := applehealth.ConvertClinical([]byte(bad), ""); err == nil || errors.Is(err, applehealth.ErrSkipped) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func FuzzConvertClinical(f *testing.F) {
	f.Add([]byte(`{"resourceType":"MedicationOrder","dosageInstruction":[{"doseQuantity":{"value":1}}]}`), "1.0.2")
	f.Add([]byte(`{"resourceType":"AllergyIntolerance","status":"active","reaction":[{}]}`), "")
	f.Fuzz(func(t *testing.T, data []byte, version string) {
		c, err := applehealth.ConvertClinical(data, version)
		if err == nil && !json.Valid(c.Resource) {
			t.Fatalf("invalid JSON made")
		}
	})
}
