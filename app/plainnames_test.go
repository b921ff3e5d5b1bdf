package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// rawCode is a code as FHIR writes it ("vital-signs", "entered-in-error") or a code system.
var rawCode = regexp.MustCompile(`^[a-z]+(-[a-z]+)+$|https?://|urn:`)

// fhirLabel is a label that is a FHIR field's name in words: "Value quantity", "Code",
// "Clinical status", "Medication codeable concept".
var fhirLabel = regexp.MustCompile(`^(Code|Value .*|.* codeable concept|.* code|Clinical status|Verification status|Class|Observation)$`)

// A record's details name its kind in the singular ("Allergy", not "Allergies") and show its
// codes in words: "Vital signs", "High risk", "Outpatient visit" — never "vital-signs" (not
// even when the record's display repeats the code, as Synthea's do), a bare "final" or a code
// system's URL (issue 15); an observation is a "Test result or measurement", its fields are
// named as people say them ("Result", not "Value quantity").
func TestBrowser_DetailsInPlainWords(t *testing.T) {
	u := unlocked(t)
	m := u.main
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Tester","given":["Robin"]}],"birthDate":"1970-01-01"}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"urn:uuid:p1"},"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs","display":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"effectiveDateTime":"2024-03-04","valueQuantity":{"value":61,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"},"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"N"}]}]}},
{"fullUrl":"urn:uuid:a1","resource":{"resourceType":"AllergyIntolerance","id":"a1","patient":{"reference":"urn:uuid:p1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},"criticality":"high","category":["food"],"type":"allergy","code":{"text":"Peanut"},"recordedDate":"2020-03-04"}},
{"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","subject":{"reference":"urn:uuid:p1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"remission"}]},"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}],"code":{"text":"Asthma"},"onsetDateTime":"2010-05-01"}},
{"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","id":"e1","status":"in-progress","subject":{"reference":"urn:uuid:p1"},"class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"period":{"start":"2024-03-04T09:00:00Z"}}}]}`
	path := filepath.Join(t.TempDir(), "codes.json")
	if err := os.WriteFile(path, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	m.importFiles([]string{path})
	u.idle()
	if m.results == nil || m.results.results[0].Err != nil {
		t.Fatalf("import: %+v", m.results)
	}
	m.results.dialog.Hide()
	for _, tc := range []struct {
		typ, kind string
		want      map[string]string
	}{
		{"Observation", "Test result or measurement", map[string]string{"Category": "Vital signs", "Status": "Final result", "Interpretation": "Normal",
			"Test or measurement": "Heart rate", "Result": "61 beats a minute"}},
		{"AllergyIntolerance", "Allergy", map[string]string{"Criticality": "High risk", "Category": "Food", "Status": "Active", "Type": "Allergy", "Allergic to": "Peanut"}},
		{"Condition", "Condition", map[string]string{"Status": "Remission", "Category": "Problem list item", "Condition": "Asthma"}},
		{"Encounter", "Visit", map[string]string{"Setting": "Outpatient visit", "Status": "In progress"}},
	} {
		i := typeIndex(m, tc.typ)
		if i < 0 {
			t.Fatalf("no %s: %+v", tc.typ, m.typeRows)
		}
		m.typeList.Select(i)
		u.idle()
		m.recordList.Select(0)
		u.idle()
		tabs := tabsIn(m.detailBody)
		if tabs == nil {
			t.Fatalf("%s not shown", tc.typ)
		}
		form := tabs.Items[0].Content.(*container.Scroll).Content.(*widget.Form)
		values := map[string]string{}
		for _, it := range form.Items {
			v := it.Widget.(*widget.Label).Text
			values[it.Text] = v
			if rawCode.MatchString(v) || v == "final" || v == "high" || v == "vital-signs" {
				t.Errorf("%s: %s shows a raw code %q", tc.typ, it.Text, v)
			}
			if fhirLabel.MatchString(it.Text) {
				t.Errorf("%s: a FHIR field's name %q", tc.typ, it.Text)
			}
		}
		if values["Kind"] != tc.kind {
			t.Errorf("%s: kind %q, want %q", tc.typ, values["Kind"], tc.kind)
		}
		for k, want := range tc.want {
			if values[k] != want {
				t.Errorf("%s: %s %q, want %q (all: %q)", tc.typ, k, values[k], want, values)
			}
		}
		if title := m.detailTitle.Text; strings.Contains(title, "vital-signs") {
			t.Errorf("title %q", title)
		}
	}
}
