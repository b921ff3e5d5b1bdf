package health

import (
	"reflect"
	"strings"
	"testing"
)

// checkInJSON is a check-in as internal/journey's AddCheckIn writes it: symptoms chosen from
// the guide, how much it bothers the person, and a note in their own words.
const checkInJSON = `{"resourceType":"QuestionnaireResponse","id":"5f1e","questionnaire":"urn:carekeeper:questionnaire:asthma",
"status":"completed","authored":"2026-12-03T08:15:00+01:00","subject":{"reference":"Patient/p1","display":"Mum"},
"author":{"reference":"Patient/p1","display":"Mum"},"item":[
{"linkId":"symptoms","text":"Which of these have you noticed?","answer":[
 {"valueCoding":{"system":"urn:carekeeper:symptom:asthma","code":"wheeze","display":"A whistling sound when breathing (wheezing)"}},
 {"valueCoding":{"system":"urn:carekeeper:symptom:asthma","code":"night-cough","display":"Coughing at night"}}]},
{"linkId":"severity","text":"How much is it bothering you today (0–10)?","answer":[{"valueInteger":4}]},
{"linkId":"note","text":"Note","answer":[{"valueString":"Worse after the cold walk.\nUsed the blue inhaler twice."}]}]}`

// portalQuestionnaireJSON is a questionnaire filled in at a clinic, shaped as portals and the
// HL7 R4 examples write them (not made by CareKeeper): groups of questions, a follow-up
// question under an answer, answers as text, dates, yes/no, numbers with units, coded answers
// with words, and coded answers without any (the R4 example "3141" answers yes/no with the
// codes "1" and "0" of a local system), questions without text ("gcs"), unanswered ones.
const portalQuestionnaireJSON = `{"resourceType":"QuestionnaireResponse","id":"q9","questionnaire":"http://example.org/Questionnaire/bb",
"status":"completed","authored":"2013-02-19T14:15:00-05:00","source":{"reference":"Practitioner/f007","display":"Dr Simone Heps"},
"item":[
{"linkId":"0","text":"My Personal Health Record","item":[
  {"linkId":"0.1","text":"Name of child","answer":[{"valueString":"Cameron"}]},
  {"linkId":"0.2","text":"Sex","answer":[{"valueCoding":{"system":"http://hl7.org/fhir/administrative-gender","code":"female"}}]},
  {"linkId":"0.3","text":"Unanswered","item":[{"linkId":"0.3.1","text":"Nothing here"}]}]},
{"linkId":"1","text":"Birth details - To be completed by health professional","item":[
  {"linkId":"1.1","text":"Date of birth","answer":[{"valueDate":"2012-11-30"}]},
  {"linkId":"1.2","text":"Birth weight","answer":[{"valueQuantity":{"value":3.5,"unit":"kilogram","code":"kg"}}]},
  {"linkId":"1.3","text":"Vitamin K given","answer":[{"valueCoding":{"system":"http://example.org/codes/vitk","code":"1","display":"Yes"},
    "item":[{"linkId":"1.3.1","text":"Vitamin K dose 1","answer":[{"valueDateTime":"2012-12-01T10:00:00Z"}]}]}]},
  {"linkId":"1.4","text":"Hep B given","answer":[{"valueBoolean":false}]}]},
{"linkId":"2","text":"Comorbidity?","answer":[{"valueCoding":{"system":"http://cancer.questionnaire.org/system/code/yesno","code":"1"},
  "item":[{"linkId":"2.1","text":"Angina?","answer":[{"valueCoding":{"system":"http://cancer.questionnaire.org/system/code/yesno","code":"1"}}]}]}]},
{"linkId":"3","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6560-2","display":"Confused"}}]},
{"linkId":"4","text":"Not answered"}]}`

// TestRecordFields_QuestionnaireAnswers: a check-in (or a questionnaire from a portal) opened
// from Timeline lists each question and its answer in plain words, free text included, in
// the order asked, groups with their questions below them — no link ids, codes, URLs or FHIR
// element names (F90b).
func TestRecordFields_QuestionnaireAnswers(t *testing.T) {
	tests := []struct {
		name, json string
		want       []Field
	}{
		{"CareKeeper check-in", checkInJSON, []Field{
			{Label: "Answered", Value: "3 Dec 2026", Date: true},
			{Label: "Filled in by", Value: "Mum"},
			{Label: "Status", Value: "Completed"},
			{Label: "Question 1", Value: "Which of these have you noticed?\nA whistling sound when breathing (wheezing), Coughing at night"},
			{Label: "Question 2", Value: "How much is it bothering you today (0–10)?\n4"},
			{Label: "Question 3", Value: "Note\nWorse after the cold walk.\nUsed the blue inhaler twice."},
		}},
		{"questionnaire from a portal", portalQuestionnaireJSON, []Field{
			{Label: "Answered", Value: "19 Feb 2013", Date: true},
			{Label: "Answers from", Value: "Dr Simone Heps"},
			{Label: "Status", Value: "Completed"},
			{Label: "Part 1", Value: "My Personal Health Record\nName of child: Cameron\nSex: Female"},
			{Label: "Part 2", Value: "Birth details - To be completed by health professional\nDate of birth: 30 Nov 2012\n" +
				"Birth weight: 3.5 kg\nVitamin K given: Yes\n    Vitamin K dose 1: 1 Dec 2012\nHep B given: No"},
			{Label: "Question 1", Value: "Comorbidity?\nan answer given as a code only\nAngina? an answer given as a code only"},
			{Label: "Question 2", Value: "Confused"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RecordFields("QuestionnaireResponse", []byte(tt.json), nil, Clock{})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tt.want)
			}
			for _, f := range got {
				for _, bad := range []string{"linkId", "valueCoding", "urn:carekeeper", "severity", "LA6560-2", "example.org", "0.1", "1.3.1"} {
					if strings.Contains(f.Label+" "+f.Value, bad) {
						t.Errorf("%q: %q shows %q", f.Label, f.Value, bad)
					}
				}
			}
		})
	}
}

// TestDescribe_QuestionnaireAnswersWithoutCodes: a questionnaire's title lists the answers in
// words and never a coded answer's code ("1", "LA6560-2"); its kind is said in words.
func TestDescribe_QuestionnaireAnswersWithoutCodes(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"check-in":           {checkInJSON, "Asthma check-in: A whistling sound when breathing (wheezing); Coughing at night; bothered 4 of 10"},
		"portal, codes only": {portalQuestionnaireJSON, "Questionnaire answers: Female; Yes; Confused"},
	}
	for name, tt := range tests {
		if got := Describe("QuestionnaireResponse", []byte(tt.in)); got != tt.want {
			t.Errorf("%s: got %q, want %q", name, got, tt.want)
		}
	}
	if got := TypeName("QuestionnaireResponse"); got != "Questionnaire answers" {
		t.Errorf("kind: got %q", got)
	}
}

// TestDescribe_UnitsWrittenInWords: a unit a record writes in words CareKeeper does not know,
// beside a UCUM code it knows, is said as people write it (the HL7 R4 examples and portals
// write "C", "kilogram / (meter ^ 2)", "Beats / minute").
func TestDescribe_UnitsWrittenInWords(t *testing.T) {
	obs := func(code, name, value, unit, ucum string) string {
		return `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}],"text":"` + name +
			`"},"valueQuantity":{"value":` + value + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + ucum + `"}}`
	}
	tests := map[string]struct{ in, want string }{
		"C":                      {obs("8310-5", "Body temperature", "36.5", "C", "Cel"), "Body temperature: 36.5°C"},
		"kilogram / (meter ^ 2)": {obs("39156-5", "Body mass index", "27.1", "kilogram / (meter ^ 2)", "kg/m2"), "BMI: 27.1 kg/m²"},
		"Beats / minute":         {obs("8867-4", "Heart rate", "72", "Beats / minute", "/min"), "Heart rate: 72 beats a minute"},
		"pound (US and British)": {obs("29463-7", "Body weight", "185", "pound (US and British)", "[lb_av]"), "Body weight: 185 lb"},
		"a plain unit stays":     {obs("2339-0", "Glucose", "98", "mg/dL", "mg/dL"), "Glucose: 98 mg/dL"},
		"words without a code":   {obs("x", "Steps", "5000", "steps", ""), "Steps: 5000 steps"},
	}
	for name, tt := range tests {
		if got := Describe("Observation", []byte(tt.in)); got != tt.want {
			t.Errorf("%s: got %q, want %q", name, got, tt.want)
		}
	}
}
