package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A vaccination whose document gives no date (a C-CDA effectiveTime nullFlavor="UNK" becomes
// occurrenceString "date unknown") reads "date unknown — Tdap …" in the summary PDF and its
// IPS Bundle, not "— Tdap …" with an empty date before it.
func TestSummaryUndatedImmunization(t *testing.T) {
	v, p := newPerson(t, "Undated")
	now := utc("2026-03-10T12:00:00Z")
	writeAt(t, v, p, "local", now,
		`{"resourceType":"Immunization","id":"tdap","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"115"}]},"occurrenceString":"date unknown"}`,
		`{"resourceType":"Immunization","id":"flu","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"141"}],"text":"Flu"},"occurrenceDateTime":"2026-01-05"}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"5 Jan 2026 — Flu", "date unknown — Tdap"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("date unknown: Tdap")) || bytes.Contains(b, []byte(">: Tdap")) {
		t.Errorf("the IPS Bundle's immunizations:\n%s", b)
	}
}
