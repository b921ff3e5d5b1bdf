package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A birth date after today is an error in the record: the summary PDF printed it as the day the
// person was born ("Born 1 Jan 2030"). It says what it is, as the CLI's profile list does.
func TestSummaryPDF_FutureBirthDateIsSaidAsTheRecordsError(t *testing.T) {
	v, _ := newPerson(t, "Someone Else")
	pr, err := v.AddProfile("Future Born", "2030-01-01") // as an import of the record sets it
	if err != nil {
		t.Fatal(err)
	}
	p := pr.ID
	now := utc("2026-12-03T12:00:00Z")
	s, err := BuildSummary(context.Background(), v, p, utc("2026-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	if !strings.Contains(text, "Born in the future in the record (1 Jan 2030)") {
		t.Errorf("the PDF says:\n%s", text)
	}
}
