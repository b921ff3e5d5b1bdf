package journey

import (
	"bytes"
	"strings"
	"testing"
)

// F100: the summary printed every letter or sign outside Windows-1252 as '.': 'Łucja Dvořák'
// as '.ucja Dvo.ák', '+29/−2 mmHg' as '+29/.2 mmHg' (a rise of 0.2 to a reader). Chinese
// letters print in a CJK font (F564); letters no font has (Thai) show as '?' and the summary
// says so; the PDF stays the same bytes for the same summary.
func TestSummaryPDFPrintsEveryLetter(t *testing.T) {
	needPopplerData(t)
	_, s := richSummary(t)
	s.Name = "Łucja Dvořák"
	s.Questions = append(s.Questions, "Blood pressure +29/−2 mmHg since June: Kopfschmerz ≥ 3×/Woche, Ω, Ж — 偏头痛? ปวดหัว")
	var a, b bytes.Buffer
	if err := WritePDF(&a, s); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same summary made two different PDFs")
	}
	text := strings.Join(strings.Fields(pdfText(t, a.Bytes())), " ")
	for _, want := range []string{
		"Name Łucja Dvořák", "from Łucja Dvořák's own records",
		"+29/−2 mmHg", "Kopfschmerz ≥ 3×/Woche, Ω, Ж — 偏头痛? ??????",
		"Some letters in these records are in a script this printout's font does not have",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text: %s", text)
	}
}

// A summary whose every letter the font has does not carry the note about missing letters.
func TestSummaryPDFNoMissingLetterNote(t *testing.T) {
	_, s := richSummary(t)
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); strings.Contains(text, "Some letters") {
		t.Error("a summary in plain Latin letters says some could not be printed")
	}
}
