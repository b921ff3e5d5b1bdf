package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A summary of records converted from a C-CDA document says what the document says (held-out
// check of issue 15): a result written ">=60" keeps its comparator, a vital sign whose code has
// no display is named in words ("Body weight", not "29463-7"), and a finished medicine says when
// it ended, not its start date.
func TestSummaryTrueToTheRecords(t *testing.T) {
	v, p := newPerson(t, "Documented")
	now := utc("2026-03-10T12:00:00Z")
	writeAt(t, v, p, "local", now,
		`{"resourceType":"Observation","id":"egfr","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"33914-3"}],"text":"eGFR"},"effectiveDateTime":"2026-02-10","valueQuantity":{"value":60,"comparator":">=","unit":"mL/min/{1.73_m2}"}}`,
		`{"resourceType":"Observation","id":"wt","status":"final","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-02-15T09:15:00-05:00","valueQuantity":{"value":154.5,"unit":"[lb_av]"}}`,
		`{"resourceType":"MedicationRequest","id":"amox","status":"completed","intent":"plan","authoredOn":"2026-01-01","medicationCodeableConcept":{"text":"amoxicillin 500 MG Oral Capsule"},"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-01-01","end":"2026-01-10"},"frequency":1,"period":8,"periodUnit":"h"}}}]}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2026-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{">=60 mL/min/1.73 m", "Body weight", "ended 10 Jan 2026"} {
		// in the Bundle's XHTML, as JSON writes it: ">" is "&gt;" or "\u003e"
		inJSON := strings.NewReplacer(">", "&gt;").Replace(want)
		if !bytes.Contains(b, []byte(want)) && !bytes.Contains(b, []byte(inJSON)) && !bytes.Contains(b, []byte(strings.ReplaceAll(want, ">", `\u003e`))) {
			t.Errorf("the IPS Bundle lacks %q", want)
		}
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
	if bytes.Contains(b, []byte("29463-7: ")) {
		t.Error("the IPS Bundle names a result by its code")
	}
}

// The same vaccination from two sources (two health cards of different issuers, or a portal
// and a C-CDA document) is one line of the summary, named by the source that names it (held-out
// check of issue 15); another day is another line.
func TestSummaryImmunizationOnce(t *testing.T) {
	v, p := newPerson(t, "Vaccinated")
	now := utc("2026-03-10T12:00:00Z")
	imm := func(id, date, display string) string {
		return `{"resourceType":"Immunization","id":"` + id + `","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"141"` + display + `}]},"occurrenceDateTime":"` + date + `"}`
	}
	writeAt(t, v, p, "local", now, imm("card", "2026-01-05", ""), imm("doc", "2026-01-05T10:30:00-05:00", `,"display":"Influenza, seasonal, injectable"`), imm("later", "2026-02-05", ""))
	s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Immunizations) != 2 || s.Immunizations[1].Name != "Flu vaccine" || s.Immunizations[1].Date != "2026-01-05" {
		t.Errorf("immunizations %+v", s.Immunizations)
	}
}

// TestSummaryVaccineNames: a vaccination coded CVX without a display is named in the summary
// by its text, else a common CVX code's name, else "Vaccine (code …)", never "300" (held-out
// check of issue 15); the same vaccination named by another source takes that name.
func TestSummaryVaccineNames(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	imm := func(id, date, code, more string) string {
		return `{"resourceType":"Immunization","id":"` + id + `","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"` + code + `"}]` + more + `},"occurrenceDateTime":"` + date + `"}`
	}
	for _, tc := range []struct {
		name string
		res  []string
		want string
	}{
		{"common CVX code", []string{imm("a", "2026-01-05", "300", "")}, "COVID-19 vaccine (Pfizer-BioNTech, bivalent)"},
		{"text", []string{imm("a", "2026-01-05", "300", `,"text":"COVID booster"`)}, "COVID booster"},
		{"unknown code", []string{imm("a", "2026-01-05", "999", "")}, "Vaccine (code 999)"},
		{"named by another source", []string{imm("a", "2026-01-05", "300", ""), imm("b", "2026-01-05", "300", `,"text":"COVID booster"`)}, "COVID booster"},
	} {
		v, p := newPerson(t, "Vaccinated")
		writeAt(t, v, p, "local", now, tc.res...)
		s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Immunizations) != 1 || s.Immunizations[0].Name != tc.want {
			t.Errorf("%s: %+v, want one named %q", tc.name, s.Immunizations, tc.want)
		}
	}
}

// "No known allergy" from an older C-CDA document is not listed beside an allergy a later
// record knows; alone, it is said (held-out check of issue 15).
func TestSummaryNoKnownAllergy(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	nka := `{"resourceType":"AllergyIntolerance","id":"nka","clinicalStatus":{"coding":[{"code":"active"}]},"verificationStatus":{"coding":[{"code":"confirmed"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"716186003","display":"No known allergy"}],"text":"No known allergy"},"recordedDate":"2025-01-01"}`
	pen := `{"resourceType":"AllergyIntolerance","id":"pen","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"7980","display":"Penicillin G"}]},"recordedDate":"2026-02-01"}`
	for _, tc := range []struct {
		name string
		res  []string
		want []string
	}{
		{"no known allergy alone", []string{nka}, []string{"No known allergy"}},
		{"beside a known allergy", []string{nka, pen}, []string{"Penicillin G"}},
	} {
		v, p := newPerson(t, "Allergic")
		writeAt(t, v, p, "local", now, tc.res...)
		s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range s.Allergies {
			got = append(got, a.Name)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
