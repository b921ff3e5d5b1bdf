package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F229: a condition begun "at age 7" (onsetAge) or "in childhood" (onsetString) read "since
// unknown" in the visit summary; it reads "since age 7", "in childhood", in the PDF, the IPS
// Bundle and Conditions' line.
func TestConditionOnsetInWords(t *testing.T) {
	r := richPerson(t)
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		`{"resourceType":"Condition","id":"asthma","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Asthma"},"onsetAge":{"value":7,"unit":"years","system":"http://unitsofmeasure.org","code":"a"},"recordedDate":"2026-03-01"}`,
		`{"resourceType":"Condition","id":"eczema","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Eczema"},"onsetString":"in childhood"}`)
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
	for _, want := range []string{"Asthma — since age 7 (about 1967–1968) (current)", "Eczema — in childhood (current)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("Asthma, since age 7 (about 1967–1968)")) || !bytes.Contains(b, []byte("Eczema, in childhood")) {
		t.Error("the IPS Bundle's problems do not say when they began")
	}
	for _, c := range s.Problems {
		if c.Name == "Asthma" && !strings.HasSuffix(c.Line(health.Death{}), "since age 7 (about 1967–1968)") {
			t.Errorf("Conditions' line %q", c.Line(health.Death{}))
		}
	}
}

// F229 (left): "since age 7" is also said in years, from the person's birth date: born 1 May
// 1960, age 7 is about 1967–1968; an age in months is said as given.
func TestConditionOnsetAgeInYears(t *testing.T) {
	r := richPerson(t)
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		`{"resourceType":"Condition","id":"asthma","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Asthma"},"onsetAge":{"value":7,"unit":"years","system":"http://unitsofmeasure.org","code":"a"}}`,
		`{"resourceType":"Condition","id":"eczema","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Eczema"},"onsetAge":{"value":18,"unit":"months","system":"http://unitsofmeasure.org","code":"mo"}}`)
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
	for _, want := range []string{"Asthma — since age 7 (about 1967–1968) (current)", "Eczema — since age 18 months (current)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}
