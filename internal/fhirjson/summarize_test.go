package fhirjson

import (
	"errors"
	"reflect"
	"testing"
)

func TestSummarizeDate(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Observation effectiveDateTime", `{"resourceType":"Observation","issued":"I","effectivePeriod":{"start":"P"},"effectiveDateTime":"D"}`, "D"},
		{"Observation effectivePeriod.start", `{"resourceType":"Observation","issued":"I","effectivePeriod":{"end":"E","start":"P"}}`, "P"},
		{"Observation effectiveInstant", `{"resourceType":"Observation","issued":"I","effectiveInstant":"N"}`, "N"},
		{"Observation issued", `{"resourceType":"Observation","issued":"I"}`, "I"},
		{"Observation none", `{"resourceType":"Observation","date":"X","period":{"start":"X"}}`, ""},
		{"Observation keys before type", `{"issued":"I","effectiveDateTime":"D","resourceType":"Observation"}`, "D"},
		{"Observation empty string skipped", `{"resourceType":"Observation","effectiveDateTime":"","issued":"I"}`, "I"},
		{"Condition onsetDateTime", `{"resourceType":"Condition","recordedDate":"R","onsetDateTime":"O"}`, "O"},
		{"Condition onsetPeriod.start", `{"resourceType":"Condition","recordedDate":"R","onsetPeriod":{"start":"P"}}`, "P"},
		{"Condition recordedDate", `{"resourceType":"Condition","recordedDate":"R","onsetString":"childhood"}`, "R"},
		{"Encounter period.start", `{"resourceType":"Encounter","period":{"start":"S","end":"E"}}`, "S"},
		{"Procedure performedDateTime", `{"resourceType":"Procedure","performedDateTime":"D"}`, "D"},
		{"Procedure performedPeriod.start", `{"resourceType":"Procedure","performedPeriod":{"start":"S"}}`, "S"},
		{"Immunization occurrenceDateTime", `{"resourceType":"Immunization","recorded":"R","occurrenceDateTime":"O"}`, "O"},
		{"Immunization recorded fallback", `{"resourceType":"Immunization","recorded":"R","occurrenceString":"x"}`, "R"},
		{"MedicationRequest authoredOn", `{"resourceType":"MedicationRequest","authoredOn":"A"}`, "A"},
		{"MedicationStatement effectiveDateTime", `{"resourceType":"MedicationStatement","dateAsserted":"X","effectiveDateTime":"D"}`, "D"},
		{"MedicationStatement effectivePeriod", `{"resourceType":"MedicationStatement","dateAsserted":"X","effectivePeriod":{"start":"S"}}`, "S"},
		{"MedicationStatement dateAsserted", `{"resourceType":"MedicationStatement","dateAsserted":"X"}`, "X"},
		{"MedicationAdministration effectiveDateTime", `{"resourceType":"MedicationAdministration","effectiveDateTime":"D"}`, "D"},
		{"MedicationAdministration effectivePeriod", `{"resourceType":"MedicationAdministration","effectivePeriod":{"start":"S"}}`, "S"},
		{"MedicationDispense whenHandedOver", `{"resourceType":"MedicationDispense","whenPrepared":"P","whenHandedOver":"H"}`, "H"},
		{"MedicationDispense whenPrepared", `{"resourceType":"MedicationDispense","whenPrepared":"P"}`, "P"},
		{"DiagnosticReport effectiveDateTime", `{"resourceType":"DiagnosticReport","issued":"I","effectiveDateTime":"D"}`, "D"},
		{"DiagnosticReport effectivePeriod", `{"resourceType":"DiagnosticReport","issued":"I","effectivePeriod":{"start":"S"}}`, "S"},
		{"DiagnosticReport issued", `{"resourceType":"DiagnosticReport","issued":"I"}`, "I"},
		{"Claim billablePeriod.start", `{"resourceType":"Claim","created":"C","billablePeriod":{"start":"B"}}`, "B"},
		{"Claim created", `{"resourceType":"Claim","created":"C"}`, "C"},
		{"ExplanationOfBenefit billablePeriod.start", `{"resourceType":"ExplanationOfBenefit","created":"C","billablePeriod":{"start":"B"}}`, "B"},
		{"ExplanationOfBenefit created", `{"resourceType":"ExplanationOfBenefit","created":"C"}`, "C"},
		{"AllergyIntolerance onsetDateTime", `{"resourceType":"AllergyIntolerance","recordedDate":"R","onsetDateTime":"O"}`, "O"},
		{"AllergyIntolerance recordedDate", `{"resourceType":"AllergyIntolerance","recordedDate":"R"}`, "R"},
		{"CarePlan period.start", `{"resourceType":"CarePlan","created":"C","period":{"start":"S"}}`, "S"},
		{"CarePlan created", `{"resourceType":"CarePlan","created":"C"}`, "C"},
		{"Goal startDate", `{"resourceType":"Goal","startDate":"S"}`, "S"},
		{"DocumentReference date", `{"resourceType":"DocumentReference","context":{"period":{"start":"S"}},"date":"D"}`, "D"},
		{"DocumentReference context.period.start", `{"resourceType":"DocumentReference","context":{"encounter":[{"reference":"Encounter/1"}],"period":{"start":"S"}}}`, "S"},
		{"ImagingStudy started", `{"resourceType":"ImagingStudy","started":"S"}`, "S"},
		{"Appointment start", `{"resourceType":"Appointment","created":"C","start":"S"}`, "S"},
		{"CareTeam period.start", `{"resourceType":"CareTeam","period":{"start":"S"}}`, "S"},
		{"Coverage period.start", `{"resourceType":"Coverage","period":{"start":"S"}}`, "S"},
		{"Composition date", `{"resourceType":"Composition","date":"D"}`, "D"},
		{"Provenance recorded", `{"resourceType":"Provenance","occurredDateTime":"O","recorded":"R"}`, "R"},
		{"QuestionnaireResponse authored", `{"resourceType":"QuestionnaireResponse","authored":"A"}`, "A"},
		{"generic date", `{"resourceType":"FamilyMemberHistory","date":"D","period":{"start":"S"}}`, "D"},
		{"generic authoredOn", `{"resourceType":"ServiceRequest","authoredOn":"A","created":"C"}`, "A"},
		{"generic created", `{"resourceType":"Basic","created":"C","issued":"I"}`, "C"},
		{"generic issued", `{"resourceType":"Contract","issued":"I","recorded":"R"}`, "I"},
		{"generic recorded", `{"resourceType":"Basic","recorded":"R","period":{"start":"S"}}`, "R"},
		{"generic period.start", `{"resourceType":"EpisodeOfCare","period":{"start":"S"}}`, "S"},
		{"generic none", `{"resourceType":"Patient","birthDate":"1970"}`, ""},
		{"nested date ignored", `{"resourceType":"Basic","extension":[{"url":"u","valueDateTime":"X","date":"X"}]}`, ""},
		{"escaped date", `{"resourceType":"Composition","date":"2020\u002d01"}`, "2020-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, err := Summarize([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if info.Date != tc.want {
				t.Errorf("Date = %q, want %q", info.Date, tc.want)
			}
		})
	}
}

func TestSummarizeFields(t *testing.T) {
	in := `{
	  "resourceType": "Observation", "id": "obs-1",
	  "meta": {"versionId": "3", "lastUpdated": "2024-01-02T03:04:05Z", "source": "x"},
	  "contained": [{"resourceType": "Practitioner", "id": "p", "managingOrganization": {"reference": "Organization/9"}}],
	  "extension": [{"url": "http://ex.org/e", "valueReference": {"reference": "Device/d1"}}],
	  "identifier": [{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:1", "assigner": {"reference": "Organization/1"}}, {"value": "only-value"}, {"use": "old"}],
	  "basedOn": [{"reference": "ServiceRequest/1"}, {"display": "no ref"}, {"reference": "#p"}],
	  "subject": {"reference": "urn:uuid:abc", "display": "A"},
	  "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}, {"display": "none"}], "text": "BP"},
	  "component": [
	    {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]}, "valueQuantity": {"value": 120}},
	    {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]}}
	  ],
	  "performer": [{"reference": "Practitioner/\u0031"}],
	  "reference": "top-level",
	  "effectiveDateTime": "2024-01-01"
	}`
	info, err := Summarize([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Info{
		Type: "Observation", ID: "obs-1", VersionID: "3", LastUpdated: "2024-01-02T03:04:05Z", Date: "2024-01-01",
		Refs: []Ref{
			{"contained", "Organization/9"}, {"extension", "Device/d1"}, {"identifier", "Organization/1"},
			{"basedOn", "ServiceRequest/1"}, {"basedOn", "#p"}, {"subject", "urn:uuid:abc"},
			{"performer", "Practitioner/1"}, {"reference", "top-level"},
		},
		Identifiers: []Identifier{{"urn:ietf:rfc:3986", "urn:uuid:1"}, {"", "only-value"}},
		Codes:       []Coding{{"http://loinc.org", "85354-9"}, {"http://loinc.org", "8480-6"}, {"http://loinc.org", "8462-4"}},
	}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("got  %+v\nwant %+v", info, want)
	}

	// Component codes only for Observation; medicationCodeableConcept and vaccineCode count.
	info, _ = Summarize([]byte(`{"resourceType":"MedicationRequest","component":[{"code":{"coding":[{"code":"x"}]}}],"medicationCodeableConcept":{"coding":[{"system":"rxnorm","code":"1"}]}}`))
	if !reflect.DeepEqual(info.Codes, []Coding{{"rxnorm", "1"}}) {
		t.Errorf("MedicationRequest codes %v", info.Codes)
	}
	info, _ = Summarize([]byte(`{"resourceType":"Immunization","vaccineCode":{"coding":[{"system":"cvx","code":"140"}]}}`))
	if !reflect.DeepEqual(info.Codes, []Coding{{"cvx", "140"}}) {
		t.Errorf("Immunization codes %v", info.Codes)
	}
	// A primitive "code" (e.g. SearchParameter.code) is not a CodeableConcept.
	info, _ = Summarize([]byte(`{"resourceType":"SearchParameter","code":"abc"}`))
	if info.Codes != nil {
		t.Errorf("SearchParameter codes %v", info.Codes)
	}
	// Single Identifier object.
	info, _ = Summarize([]byte(`{"resourceType":"Bundle","identifier":{"system":"s","value":"v"}}`))
	if !reflect.DeepEqual(info.Identifiers, []Identifier{{"s", "v"}}) {
		t.Errorf("Bundle identifier %v", info.Identifiers)
	}
}

func TestSummarizeName(t *testing.T) {
	tests := []struct{ in, name, birth string }{
		{`{"resourceType":"Patient","birthDate":"1915-07-03","name":[{"use":"official","family":"Hyatt","given":["Fletcher","J"],"prefix":["Mr."]},{"family":"Other"}]}`, "Fletcher J Hyatt", "1915-07-03"},
		{`{"resourceType":"Practitioner","name":[{"family":"Careful"}]}`, "Careful", ""},
		{`{"resourceType":"RelatedPerson","name":[{"given":["Ann"]}]}`, "Ann", ""},
		{`{"resourceType":"Patient","name":[{"text":"Dr. Who"}]}`, "Dr. Who", ""},
		// The text is the name when there is one, as health.HumanName.String has it
		// (regression: "محمد بن عبد الله" was shown as "محمد عبد الله").
		{`{"resourceType":"Patient","name":[{"text":"T","given":["G"]}]}`, "T", ""},
		{`{"resourceType":"Patient","name":[{"text":"محمد بن عبد الله","given":["محمد"],"family":"عبد الله"}]}`, "محمد بن عبد الله", ""},
		{`{"resourceType":"Patient","name":[{"text":"  ","given":["G"]}]}`, "G", ""},
		// Without a text, a CJK name is family name first, no space (regression: "小明 王").
		{`{"resourceType":"Patient","name":[{"family":"王","given":["小明"]}]}`, "王小明", ""},
		{`{"resourceType":"Patient","name":[{"family":"山田","given":["","太郎"]}]}`, "山田太郎", ""},
		{`{"resourceType":"Patient","name":[{"family":"김","given":["민수"]}]}`, "김민수", ""},
		{`{"resourceType":"Patient","name":[{"family":"王","given":["Xiaoming"]}]}`, "Xiaoming 王", ""},
		{`{"resourceType":"Patient","name":[{"given":["","B"],"family":"C"}]}`, "B C", ""},
		{`{"resourceType":"Patient","name":[{"family":"Mej\u00eda"}]}`, "Mejía", ""},
		{`{"resourceType":"Organization","name":"Good Health Clinic"}`, "Good Health Clinic", ""},
		{`{"resourceType":"Location","name":"Ward 3"}`, "Ward 3", ""},
		{`{"resourceType":"Patient","name":[]}`, "", ""},
		{`{"resourceType":"Patient"}`, "", ""},
	}
	for _, tc := range tests {
		info, err := Summarize([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if info.Name != tc.name || info.BirthDate != tc.birth {
			t.Errorf("%s: Name %q BirthDate %q, want %q %q", tc.in, info.Name, info.BirthDate, tc.name, tc.birth)
		}
	}
}

func TestSummarizeErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{``, msgEmpty},
		{`[]`, msgList}, {`7`, msgNotObject},
		{`{"id":"1"}`, msgNoType},
		{`{"resourceType":["Patient"]}`, msgTypeNotString},
		{`{"resourceType":"Unknown"}`, msgUnknownType},
		{`{"resourceType":"Patient"`, msgEOF},
		{`{"resourceType":"Patient"} {}`, msgTrailing},
	}
	for _, tc := range tests {
		_, err := Summarize([]byte(tc.in))
		var pe *Error
		if !errors.As(err, &pe) || pe.Msg != tc.msg {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.msg)
		}
	}
}

func TestDateElements(t *testing.T) {
	if got := DateElements("Observation"); !reflect.DeepEqual(got, []string{"effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued"}) {
		t.Errorf("Observation: %v", got)
	}
	// a diet or fluid order's day is its dateTime (F576: 'records' listed it with none)
	if info, err := Summarize([]byte(`{"resourceType":"NutritionOrder","status":"active","dateTime":"2026-10-02T10:15:00Z"}`)); err != nil || info.Date != "2026-10-02T10:15:00Z" {
		t.Errorf("NutritionOrder: Date %q (%v), want its dateTime", info.Date, err)
	}
	if got := DateElements("Whatever"); !reflect.DeepEqual(got, []string{"date", "authoredOn", "created", "issued", "recorded", "period.start"}) {
		t.Errorf("generic: %v", got)
	}
}

func TestParseReference(t *testing.T) {
	tests := []struct {
		in   string
		want Reference
	}{
		{"Patient/123", Reference{Type: "Patient", ID: "123"}},
		{"Patient/123/_history/2", Reference{Type: "Patient", ID: "123", Version: "2"}},
		{"http://base/fhir/Patient/123", Reference{Base: "http://base/fhir", Type: "Patient", ID: "123"}},
		{"https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d/Patient/12724066/_history/7", Reference{Base: "https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d", Type: "Patient", ID: "12724066", Version: "7"}},
		{"urn:uuid:c5ed5d78-5b3f-4a75-bdfb-5f318b068a20", Reference{URN: "urn:uuid:c5ed5d78-5b3f-4a75-bdfb-5f318b068a20"}},
		{"urn:oid:1.2.3.4", Reference{URN: "urn:oid:1.2.3.4"}},
		{"#med1", Reference{Contained: true, ID: "med1"}},
		{"#", Reference{Contained: true}},
		{"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999", Reference{Type: "Practitioner", Conditional: true, Query: "identifier=http://hl7.org/fhir/sid/us-npi|9999"}},
		{"http://x.org/fhir/Organization?identifier=a|b", Reference{Base: "http://x.org/fhir", Type: "Organization", Conditional: true, Query: "identifier=a|b"}},
		{"", Reference{}},
		{"123", Reference{}},
		{"Patient/", Reference{}},
		{"patient/1", Reference{}},
		{"http://example.org/some/page", Reference{}},
		{"Patient/1/_history/", Reference{}},
		{"?x=1", Reference{}},
	}
	for _, tc := range tests {
		if got := ParseReference(tc.in); got != tc.want {
			t.Errorf("ParseReference(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestSplitFullURL(t *testing.T) {
	tests := []struct {
		in            string
		base, typ, id string
		ok            bool
	}{
		{"http://example.org/fhir/Patient/123", "http://example.org/fhir", "Patient", "123", true},
		{"https://h/Observation/o.1", "https://h", "Observation", "o.1", true},
		{"https://h/fhir/Patient/1/_history/3", "https://h/fhir", "Patient", "1", true},
		{"urn:uuid:c5ed5d78-5b3f-4a75-bdfb-5f318b068a20", "", "", "", false},
		{"http://example.org/fhir/Patient/", "", "", "", false},
		{"http://example.org/fhir/Foo/1", "", "", "", false},
		{"http://Patient/1", "", "", "", false},
		{"http://h/Patient/1?x=1", "", "", "", false},
		{"Patient/1", "", "", "", false},
		{"", "", "", "", false},
	}
	for _, tc := range tests {
		b, ty, id, ok := SplitFullURL(tc.in)
		if b != tc.base || ty != tc.typ || id != tc.id || ok != tc.ok {
			t.Errorf("SplitFullURL(%q) = %q %q %q %v", tc.in, b, ty, id, ok)
		}
	}
}

func TestIsResourceType(t *testing.T) {
	if n := len(ResourceTypes()); n != 146 {
		t.Errorf("%d R4 resource types, want 146", n)
	}
	for _, s := range []string{"Patient", "Observation", "Bundle", "Parameters", "Binary", "MedicinalProductUndesirableEffect", "VisionPrescription", "Account"} {
		if !IsResourceType(s) {
			t.Errorf("%s not a resource type", s)
		}
	}
	for _, s := range []string{"", "patient", "Resource", "DomainResource", "DeviceUsage", "BodySite", "Foo", "Patient "} {
		if IsResourceType(s) {
			t.Errorf("%q is a resource type", s)
		}
	}
}

func TestPatientCompartment(t *testing.T) {
	tests := map[string][]string{
		"Observation":          {"subject", "performer"},
		"Encounter":            {"subject"},
		"Claim":                {"patient", "payee"},
		"ExplanationOfBenefit": {"patient", "payee"},
		"Coverage":             {"beneficiary", "subscriber", "policyHolder", "payor"},
		"Provenance":           {"target", "agent"},
		"Condition":            {"subject", "asserter"},
		"Immunization":         {"patient"},
		"Patient":              {"link"},
		"AllergyIntolerance":   {"patient", "recorder", "asserter"},
		"MedicationRequest":    {"subject"},
		"CarePlan":             {"subject", "activity"},
	}
	for typ, want := range tests {
		got, ok := PatientCompartment(typ)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v %v, want %v", typ, got, ok, want)
		}
	}
	got, _ := PatientCompartment("Observation")
	got[0] = "changed"
	if again, _ := PatientCompartment("Observation"); again[0] != "subject" {
		t.Error("caller can modify the table")
	}
	for _, typ := range []string{"Organization", "Practitioner", "Location", "Medication", "PractitionerRole", "Endpoint", "ValueSet", "CapabilityStatement", "Bundle", "Binary", "Device", "Nope"} {
		if els, ok := PatientCompartment(typ); ok || els != nil {
			t.Errorf("%s: in compartment %v", typ, els)
		}
	}
	for typ := range patientCompartment {
		if !IsResourceType(typ) {
			t.Errorf("compartment table has non-R4 type %s", typ)
		}
	}
}
