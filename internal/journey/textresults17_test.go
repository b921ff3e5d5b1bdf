package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// Issue 15: results with a coded answer (a health card's COVID-19 test, a C-CDA "Positive")
// and results written as text were in neither the PDF nor the IPS Bundle of the visit summary.
// They are listed among the results in words: the newest of each and how many, never charted;
// one outside the period is not.
func TestSummaryListsResultsInWords(t *testing.T) {
	v, p := newPerson(t, "Tested")
	now := utc("2026-03-10T12:00:00Z")
	writeAt(t, v, p, "local", now,
		`{"resourceType":"Observation","id":"covid1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"94558-4"}],"text":"COVID-19 rapid antigen test"},"effectiveDateTime":"2026-01-20","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"10828004","display":"Positive"}]},"interpretation":[{"coding":[{"code":"A"}]}]}`,
		`{"resourceType":"Observation","id":"covid2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"94558-4"}],"text":"COVID-19 rapid antigen test"},"effectiveDateTime":"2026-02-17","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260385009","display":"Negative"}]}}`,
		`{"resourceType":"Observation","id":"k","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Potassium"},"effectiveDateTime":"2026-02","valueString":"4.1 mmol/L"}`,
		`{"resourceType":"Observation","id":"old","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Strep test"},"effectiveDateTime":"2025-06-01","valueCodeableConcept":{"text":"Positive"}}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2026-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.TextResults) != 2 {
		t.Fatalf("%d results in words, want 2: %+v", len(s.TextResults), s.TextResults)
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
	for _, want := range []string{"COVID-19 rapid antigen test: Negative on 17 Feb 2026 (2 in the period)", "Potassium: 4.1 mmol/L in February 2026"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the IPS Bundle lacks %q", want)
		}
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
	if strings.Contains(pdf, "No results in this period") {
		t.Error("the PDF says there are no results")
	}
	if strings.Contains(pdf, "Strep") || bytes.Contains(b, []byte("Strep")) {
		t.Error("a result before the period is in the summary")
	}
	// The IPS Bundle carries each of the period's records (their codes, the text value).
	for _, in := range []string{"10828004", "260385009", `"valueString"`} {
		if !bytes.Contains(b, []byte(in)) {
			t.Errorf("the IPS Bundle lacks the record with %s", in)
		}
	}
}
