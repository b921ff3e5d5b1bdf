package ccda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/ccda"
)

// TestVendorQuirks converts testdata/vendor-r11.xml, a made-up document with the quirks of real
// vendor output: R1.1 templates only, sections known by LOINC code alone, entries without
// templates, nullFlavors, an originalText pointing into the narrative, a reference that
// resolves to nothing, local and value-set code systems, times without an offset, missing
// dates, "no known allergies", a free-text medicine, a planned item.
func TestVendorQuirks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	res := convert(t, data)
	checkBundle(t, "vendor-r11.xml", res)
	want := map[string]int{"AllergyIntolerance": 1, "Condition": 2, "DiagnosticReport": 1, "DocumentReference": 1,
		"Immunization": 1, "MedicationRequest": 3, "Observation": 7, "Organization": 1, "Patient": 1, "ServiceRequest": 1, "CarePlan": 1}
	// One Organization: the author's "Testville Family Practice" without an id is the custodian
	// of that name (issue 15: it was a second Organization of the same name).
	if !mapsEqual(res.Made, want) {
		t.Errorf("made %v\nwant %v", res.Made, want)
	}
	// Kept as text only: the problem with no code or text, the vaccine with no code. The
	// planned visit (a local code, with text) is a ServiceRequest.
	if res.TextOnly != 2 {
		t.Errorf("%d text only: %v", res.TextOnly, res.Skipped)
	}
	if res.DocumentID != "1.2.3.4.5.6.7^DOC-42" {
		t.Errorf("DocumentID %q", res.DocumentID)
	}
	checks := []struct {
		typ, has string
	}{
		{"AllergyIntolerance", `"code":{"coding":[{"code":"716186003","display":"No known allergy","system":"http://snomed.info/sct"}],"text":"No known allergy"}`},
		{"Condition", `"code":{"coding":[{"code":"E11.9","system":"http://hl7.org/fhir/sid/icd-10-cm"}],"text":"Sugar diabetes, type 2"}`},
		{"Condition", `"abatementString":"resolved, date unknown"`},
		{"Condition", `"clinicalStatus":{"coding":[{"code":"resolved","system":"http://terminology.hl7.org/CodeSystem/condition-clinical"}]}`},
		{"Condition", `"code":{"text":"Old knee injury"}`},
		{"MedicationRequest", `"medicationCodeableConcept":{"coding":[{"code":"LOCAL-77","display":"House statin 20","system":"urn:oid:1.2.840.99.77"}],"text":"House statin 20"}`},
		{"MedicationRequest", `"medicationCodeableConcept":{"text":"Amoxicillin"}`},
		{"MedicationRequest", `"text":"Take 1 tablet by mouth three times a day"`},
		{"Observation", `"effectiveDateTime":"2024-03-10T08:15:00-05:00"`}, // no offset: the document's
		{"Observation", `"effectiveDateTime":"2024-03-10"`},                // hour only: the date
		{"Observation", `"valueQuantity":{"code":"%","comparator":"<","system":"http://unitsofmeasure.org","unit":"%","value":5.7}`},
		{"Observation", `"referenceRange":[{"high":{"code":"mg/dL","system":"http://unitsofmeasure.org","unit":"mg/dL","value":100}}]`},
		{"Observation", `"code":{"coding":[{"code":"85354-9"`},
		{"Observation", `"code":{"coding":[{"code":"72166-2","display":"Tobacco smoking status","system":"http://loinc.org"}]`},
		{"Immunization", `"vaccineCode":{"coding":[{"code":"141","display":"Influenza, seasonal","system":"http://hl7.org/fhir/sid/cvx"}]`},
		{"Patient", `"birthDate":"1970-01-01"`},
		{"Patient", `{"url":"detailed","valueCoding":{"code":"2108-9","display":"European","system":"urn:oid:2.16.840.1.113883.6.238"}}`},
		{"Patient", `"telecom":[{"system":"phone","use":"mobile","value":"+1-555-0100"}]`},
		{"DocumentReference", `"code":"urn:hl7-org:sdwg:ccda-structuredBody:1.1"`},
	}
	for _, c := range checks {
		found := false
		for _, r := range resources(t, res.Bundle, c.typ) {
			found = found || strings.Contains(jsonOf(r), c.has)
		}
		if !found {
			t.Errorf("no %s has %s", c.typ, c.has)
		}
	}
}

// TestNoKnownAllergies checks the map of "no known" allergy types (C-CDA on FHIR
// ConceptMap CF-NoKnownAllergies).
func TestNoKnownAllergies(t *testing.T) {
	for typ, want := range map[string]string{"419199007": "716186003", "416098002": "409137002", "414285001": "429625007", "426232007": "428607008"} {
		entry := `<entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.30"/><id root="8.8" extension="` + typ + `"/>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN" negationInd="true"><templateId root="2.16.840.1.113883.10.20.22.4.7"/><id root="8.8.1" extension="` + typ + `"/>
<value xsi:type="CD" code="` + typ + `" codeSystem="2.16.840.1.113883.6.96"/></observation></entryRelationship></act></entry>`
		res := convert(t, doc(section("48765-2", entry)))
		a := resources(t, res.Bundle, "AllergyIntolerance")
		if len(a) != 1 || !strings.Contains(jsonOf(a[0]["code"]), `"code":"`+want+`"`) {
			t.Errorf("%s: %v", typ, a)
		}
	}
}

// TestNarrative: the narrative comes out as plain text with its structure, and nothing of
// links, images or markup.
func TestNarrative(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	secs, err := ccda.Narrative(data)
	if err != nil {
		t.Fatal(err)
	}
	var hpi *ccda.Section
	for i := range secs {
		if secs[i].Title == "History of present illness" {
			hpi = &secs[i]
		}
		for _, bad := range []string{"javascript", "<", "href", "img1", "CDA.xsl"} {
			if strings.Contains(secs[i].Text, bad) {
				t.Errorf("%s: narrative has %q: %q", secs[i].Title, bad, secs[i].Text)
			}
		}
	}
	if hpi == nil || hpi.Text != "Came in for a check-up.\nFeels well.\nclick" {
		t.Errorf("history of present illness: %+v", hpi)
	}
	if secs[1].Title != "Problems" || secs[1].Text != "• Sugar diabetes, type 2\n• Old knee injury" {
		t.Errorf("problems: %+v", secs[1])
	}

	hostile := doc(`<component><section><title>T</title><text><table><thead><tr><th>Name</th><th>Value</th></tr></thead>` +
		`<tbody><tr><td>A</td><td><content styleCode="Bold">1</content></td></tr></tbody></table>` +
		`<script>alert(1)</script><paragraph>&lt;img src=x onerror=alert(1)&gt;</paragraph></text></section></component>`)
	secs, err = ccda.Narrative(hostile)
	if err != nil {
		t.Fatal(err)
	}
	// Plain text: "<img ...>" written as text stays text (the app never renders it as HTML).
	want := "Name | Value\nA | 1\nalert(1)\n<img src=x onerror=alert(1)>"
	if len(secs) != 1 || secs[0].Text != want {
		t.Errorf("narrative %+v, want %q", secs, want)
	}
}

func TestDocumentOfOtherRecords(t *testing.T) {
	for _, r := range []string{
		`{"resourceType":"Patient","id":"x"}`,
		`{"resourceType":"DocumentReference","content":[{"attachment":{"contentType":"application/pdf","data":"JVBERi0="}}]}`,
		`{"resourceType":"DocumentReference","content":[{"attachment":{"contentType":"text/xml","data":"not base64!"}}]}`,
		`{"resourceType":"DocumentReference","content":[{"attachment":{"contentType":"text/xml","data":"PEJ1bmRsZS8+"}}]}`, // <Bundle/>
		`not json`,
	} {
		if _, err := ccda.DocumentNarrative([]byte(r)); err != ccda.ErrNoDocument {
			t.Errorf("%s: %v, want ErrNoDocument", r, err)
		}
	}
}

// TestValueAndTimeQuirks: vendor ways of writing values and times that are not what CDA says.
func TestValueAndTimeQuirks(t *testing.T) {
	obs := func(eff, value string) string {
		return `<entry><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.2"/>` +
			`<code code="2345-7" codeSystem="2.16.840.1.113883.6.1" displayName="Glucose"/>` + eff + value + `</observation></entry>`
	}
	tests := []struct {
		name, eff, value, has string
	}{
		{"value not a number", `<effectiveTime value="20240101"/>`, `<value xsi:type="PQ" value="&lt;5" unit="mg/dL"/>`, `"valueString":"<5 mg/dL"`},
		{"ISO date-time with offset", `<effectiveTime value="2024-01-01T10:30:00-05:00"/>`, `<value xsi:type="PQ" value="90" unit="mg/dL"/>`, `"effectiveDateTime":"2024-01-01T10:30:00-05:00"`},
		{"ISO date-time in UTC", `<effectiveTime value="2024-01-01T10:30:00Z"/>`, `<value xsi:type="PQ" value="90" unit="mg/dL"/>`, `"effectiveDateTime":"2024-01-01T10:30:00+00:00"`},
		{"ISO date", `<effectiveTime value="2024-01-01"/>`, `<value xsi:type="PQ" value="90" unit="mg/dL"/>`, `"effectiveDateTime":"2024-01-01"`},
		{"ISO date-time without offset takes the document's", `<effectiveTime value="2024-01-01T10:30:00"/>`, `<value xsi:type="PQ" value="90" unit="mg/dL"/>`, `"effectiveDateTime":"2024-01-01T10:30:00+01:00"`},
		{"no time: the organizer's", ``, `<value xsi:type="PQ" value="90" unit="mg/dL"/>`, `"effectiveDateTime":"2023-12-24"`},
		{"leading decimal point", `<effectiveTime value="20240101"/>`, `<value xsi:type="PQ" value=".5" unit="mg/dL"/>`, `"value":0.5`},
		{"a value with a nullFlavor", `<effectiveTime value="20240101"/>`, `<value xsi:type="PQ" nullFlavor="NAV"/>`, `"dataAbsentReason":{"coding":[{"code":"temp-unknown","system":"http://terminology.hl7.org/CodeSystem/data-absent-reason"}]}`},
		{"nonsense date", `<effectiveTime value="yesterday"/>`, `<value xsi:type="PQ" value="90" unit="mg/dL"/>`, `"effectiveDateTime":"2023-12-24"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := `<entry><organizer classCode="BATTERY" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.1"/><id root="3.3" extension="` + tt.name + `"/>` +
				`<code code="24323-8" codeSystem="2.16.840.1.113883.6.1"/><effectiveTime value="20231224"/><component>` +
				strings.TrimSuffix(strings.TrimPrefix(obs(tt.eff, tt.value), "<entry>"), "</entry>") + `</component></organizer></entry>`
			res := convert(t, doc(section("30954-2", org)))
			found := false
			for _, o := range resources(t, res.Bundle, "Observation") {
				found = found || strings.Contains(jsonOf(o), tt.has)
			}
			if !found {
				t.Errorf("no Observation has %s: %s", tt.has, jsonOf(resources(t, res.Bundle, "Observation")))
			}
		})
	}
}

// TestNotAllergicTo: a negated allergy with a substance says "not allergic to it": refuted,
// without a clinical status.
func TestNotAllergicTo(t *testing.T) {
	entry := `<entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.30"/><id root="8.9" extension="a"/>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN" negationInd="true"><templateId root="2.16.840.1.113883.10.20.22.4.7"/><id root="8.9" extension="b"/>
<value xsi:type="CD" code="416098002" codeSystem="2.16.840.1.113883.6.96"/>
<participant typeCode="CSM"><participantRole classCode="MANU"><playingEntity classCode="MMAT"><code code="7980" codeSystem="2.16.840.1.113883.6.88" displayName="Penicillin G"/></playingEntity></participantRole></participant>
</observation></entryRelationship></act></entry>`
	res := convert(t, doc(section("48765-2", entry)))
	a := resources(t, res.Bundle, "AllergyIntolerance")
	if len(a) != 1 || a[0]["clinicalStatus"] != nil || !strings.Contains(jsonOf(a[0]["verificationStatus"]), `"code":"refuted"`) ||
		!strings.Contains(jsonOf(a[0]["code"]), `"code":"7980"`) {
		t.Errorf("%s", jsonOf(a))
	}
}

func TestWithoutDocument(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ref := jsonOf(resources(t, convert(t, data).Bundle, "DocumentReference")[0])
	short := string(ccda.WithoutDocument([]byte(ref)))
	if len(short) > 4000 || !strings.Contains(short, `"data":"(the document, `) || !strings.Contains(short, `"description":"Visit summary"`) {
		t.Errorf("%s", short)
	}
	other := `{"resourceType":"Patient","id":"x"}`
	if got := string(ccda.WithoutDocument([]byte(other))); got != other {
		t.Errorf("another resource changed: %s", got)
	}
}

// TestOrganizerQuirks: a result organizer as one vendor writes it: a code with a name and no
// code, a procedure among its results, a code "UNKNOWN" where a nullFlavor belongs, a panel
// inside the panel.
func TestOrganizerQuirks(t *testing.T) {
	org := `<entry><organizer classCode="BATTERY" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.1"/><id root="4.4" extension="o"/>
<code displayName="CBC w/ Differential"><translation code="71388002" displayName="Procedure" codeSystem="2.16.840.1.113883.6.96"/></code>
<statusCode code="completed"/><effectiveTime value="20080103145800-0500"/>
<component><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.2"/><id root="4.4" extension="o1"/>
<code code="6690-2" codeSystem="2.16.840.1.113883.6.1" displayName="WBC"/><effectiveTime value="20080103145800-0500"/><value xsi:type="PQ" value="6.8" unit="10*3/uL"/></observation></component>
<component><procedure classCode="PROC" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.14"/><id root="4.4" extension="p"/>
<code code="UNKNOWN" displayName="CBC w/ Differential" codeSystem="2.16.840.1.113883.6.96"/><statusCode code="completed"/><effectiveTime value="20080103145800-0500"/></procedure></component>
<component><organizer classCode="CLUSTER" moodCode="EVN"><component><observation classCode="OBS" moodCode="EVN"><id root="4.4" extension="o2"/>
<code code="789-8" codeSystem="2.16.840.1.113883.6.1" displayName="RBC"/><value xsi:type="PQ" value="4.50" unit="10*6/uL"/></observation></component></organizer></component>
</organizer></entry>`
	res := convert(t, doc(section("30954-2", org)))
	if res.TextOnly != 0 || res.Made["Observation"] != 2 || res.Made["Procedure"] != 1 || res.Made["DiagnosticReport"] != 1 {
		t.Fatalf("made %v, %v", res.Made, res.Skipped)
	}
	dr := resources(t, res.Bundle, "DiagnosticReport")[0]
	if got := jsonOf(dr["code"]); got != `{"coding":[{"code":"71388002","display":"Procedure","system":"http://snomed.info/sct"}],"text":"CBC w/ Differential"}` {
		t.Errorf("report code %s", got)
	}
	if n := len(dr["result"].([]any)); n != 2 {
		t.Errorf("report has %d results", n)
	}
	if got := jsonOf(resources(t, res.Bundle, "Procedure")[0]["code"]); got != `{"text":"CBC w/ Differential"}` {
		t.Errorf("procedure code %s", got)
	}
}

// TestProblemOpenEnd: a null effectiveTime/high on a problem whose status says active (as one
// vendor writes every open problem) leaves it active; without a status it reads as resolved,
// date unknown (C-CDA on FHIR); an end date always ends it.
func TestProblemOpenEnd(t *testing.T) {
	problem := func(concernStatus, high, status string) string {
		st := ""
		if status != "" {
			st = `<entryRelationship typeCode="REFR"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.6"/>
<code code="33999-4" codeSystem="2.16.840.1.113883.6.1"/><value xsi:type="CD" code="` + status + `" codeSystem="2.16.840.1.113883.6.96"/></observation></entryRelationship>`
		}
		return `<entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.3"/><id root="6.6" extension="c"/><statusCode code="` + concernStatus + `"/>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.4"/><id root="6.6" extension="o"/>
<effectiveTime><low value="20120925"/>` + high + `</effectiveTime><value xsi:type="CD" code="59621000" codeSystem="2.16.840.1.113883.6.96" displayName="Essential hypertension"/>` + st +
			`</observation></entryRelationship></act></entry>`
	}
	tests := []struct {
		name, concern, high, status string
		want, abatement             string
	}{
		{"status active, high UNK", "active", `<high nullFlavor="UNK"/>`, "55561003", "active", ""},
		{"concern active, high UNK", "active", `<high nullFlavor="UNK"/>`, "", "active", ""},
		{"concern completed, high UNK", "completed", `<high nullFlavor="UNK"/>`, "", "resolved", `"abatementString":"resolved, date unknown"`},
		{"no status, high UNK", "", `<high nullFlavor="UNK"/>`, "", "resolved", `"abatementString":"resolved, date unknown"`},
		{"status active, an end date", "active", `<high value="20130101"/>`, "55561003", "resolved", `"abatementDateTime":"2013-01-01"`},
		{"status inactive, an end date", "active", `<high value="20130101"/>`, "73425007", "inactive", `"abatementDateTime":"2013-01-01"`},
		{"status resolved, open", "active", ``, "413322009", "resolved", ""},
	}
	for _, tt := range tests {
		res := convert(t, doc(section("11450-4", problem(tt.concern, tt.high, tt.status))))
		c := resources(t, res.Bundle, "Condition")
		if len(c) != 1 {
			t.Fatalf("%s: %d conditions", tt.name, len(c))
		}
		js := jsonOf(c[0])
		if !strings.Contains(js, `"clinicalStatus":{"coding":[{"code":"`+tt.want+`"`) {
			t.Errorf("%s: %s", tt.name, js)
		}
		if tt.abatement != "" && !strings.Contains(js, tt.abatement) || tt.abatement == "" && strings.Contains(js, `"abatement`) {
			t.Errorf("%s: abatement: %s", tt.name, js)
		}
	}
}

// A timestamp naming no real day or time is no date: left out as a nullFlavor would be (the
// result takes its organizer's date), not cut to a shorter date that looks real ("20261345"
// was kept as the year 2026), and counted in Result.BadDates so the import says it.
func TestImpossibleDates(t *testing.T) {
	tests := []struct {
		name, value, want string
		bad               int
	}{
		{"month 13", "20261345", `"effectiveDateTime":"2023-12-24"`, 1},
		{"29 February of a common year", "20230229", `"effectiveDateTime":"2023-12-24"`, 1},
		{"31 April", "20240431", `"effectiveDateTime":"2023-12-24"`, 1},
		{"hour 25", "202401012500", `"effectiveDateTime":"2023-12-24"`, 1},
		{"minute 60", "202401011060+0100", `"effectiveDateTime":"2023-12-24"`, 1},
		{"month 00", "202400", `"effectiveDateTime":"2023-12-24"`, 1},
		{"ISO, impossible", "2026-13-45", `"effectiveDateTime":"2023-12-24"`, 1},
		{"words", "yesterday", `"effectiveDateTime":"2023-12-24"`, 1},
		{"29 February of a leap year", "20240229", `"effectiveDateTime":"2024-02-29"`, 0},
		{"a month", "202402", `"effectiveDateTime":"2024-02"`, 0},
		{"a leap second", "20161231235960+0000", `"effectiveDateTime":"2016-12-31T23:59:59+00:00"`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := `<observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.2"/>` +
				`<code code="2345-7" codeSystem="2.16.840.1.113883.6.1" displayName="Glucose"/><effectiveTime value="` + tt.value + `"/>` +
				`<value xsi:type="PQ" value="90" unit="mg/dL"/></observation>`
			org := `<entry><organizer classCode="BATTERY" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.1"/><id root="3.3" extension="x"/>` +
				`<code code="24323-8" codeSystem="2.16.840.1.113883.6.1"/><effectiveTime value="20231224"/><component>` + o + `</component></organizer></entry>`
			res := convert(t, doc(section("30954-2", org)))
			obs := jsonOf(resources(t, res.Bundle, "Observation"))
			if !strings.Contains(obs, tt.want) {
				t.Errorf("no Observation has %s: %s", tt.want, obs)
			}
			if res.BadDates != tt.bad {
				t.Errorf("BadDates = %d, want %d", res.BadDates, tt.bad)
			}
		})
	}
}
