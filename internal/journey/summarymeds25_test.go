package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A medicine taken during the summary's period and stopped in it belongs in the summary,
// even when it was ordered years before the period began (F38: metformin ordered in 2023 and
// stopped on 30 Jun 2026 was missing from a 2025–2026 summary, as was the lower dose of a
// medicine whose dose changed in the period); one begun after the period does not (the
// higher dose, begun in September 2026, was listed in a summary ending in July 2026).
func TestSummaryMedicinesOverlappingThePeriod(t *testing.T) {
	v, p := newPerson(t, "Overlap")
	now := utc("2026-12-04T12:00:00Z")
	med := func(id, name, status, authored, end string) string {
		s := `{"resourceType":"MedicationRequest","id":"` + id + `","status":"` + status + `","intent":"order","authoredOn":"` + authored + `",` +
			`"medicationCodeableConcept":{"text":"` + name + `"},"dosageInstruction":[{"text":"Take 1 tablet daily","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}]`
		if end != "" {
			s += `,"dispenseRequest":{"validityPeriod":{"start":"` + authored + `","end":"` + end + `"}}`
		}
		return s + `}`
	}
	writeAt(t, v, p, "import:overlap.json", now,
		med("metf", "Metformin 500 MG Oral Tablet", "stopped", "2023-01-05", "2026-06-30"),
		med("lis10", "Lisinopril 10 MG Oral Tablet", "stopped", "2024-02-10", "2026-09-14"),
		med("lis20", "Lisinopril 20 MG Oral Tablet", "active", "2026-09-15", ""),
		med("old", "Furosemide 40 MG Oral Tablet", "stopped", "2015-01-01", "2018-05-01"),  // ended before the period
		med("later", "Prednisone 5 MG Oral Tablet", "stopped", "2026-12-01", "2026-12-03"), // began after the period
	)
	for _, c := range []struct {
		from, to string
		want     []string
		not      []string
	}{
		{"2025-01-01", "2026-12-31", []string{"Metformin 500 mg tablet", "Lisinopril 10 mg tablet", "Lisinopril 20 mg tablet", "Prednisone"}, []string{"Furosemide"}},
		{"2025-01-01", "2026-07-01", []string{"Metformin 500 mg tablet", "Lisinopril 10 mg tablet"}, []string{"Furosemide", "Prednisone", "Lisinopril 20"}},
		{"2026-10-01", "2026-11-01", []string{"Lisinopril 20 mg tablet"}, []string{"Metformin", "Lisinopril 10 mg", "Furosemide", "Prednisone"}},
	} {
		s, err := BuildSummary(context.Background(), v, p, utc(c.from+"T00:00:00Z"), utc(c.to+"T00:00:00Z"), now, LoadOptions{Device: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range s.Medicines {
			names = append(names, m.Name)
		}
		got := strings.Join(names, "; ")
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s to %s: the summary's medicines %q lack %q", c.from, c.to, got, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s to %s: the summary's medicines %q hold %q, not taken in the period", c.from, c.to, got, n)
			}
		}
		if c.from == "2025-01-01" && c.to == "2026-12-31" {
			var buf bytes.Buffer
			if err := WritePDF(&buf, s); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
			if !strings.Contains(text, "(stopped or finished, ended 30 Jun 2026)") {
				t.Errorf("the PDF does not say metformin ended on 30 Jun 2026:\n%s", text)
			}
		}
	}
}
