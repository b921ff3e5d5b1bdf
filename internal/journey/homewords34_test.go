package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// F442: Ada's summary said "No measurements taken at home in this period." beside her meter's
// readings, which came in her clinic's file (they are under Recent results). The empty section
// says what it holds: readings entered in CareKeeper or from a phone.
func TestSummaryHomeSectionSaysWhatItHolds(t *testing.T) {
	v, p := newPerson(t, "Ada")
	now := utc("2026-12-06T12:00:00Z")
	writeAt(t, v, p, "import:ada.json", now,
		`{"resourceType":"Observation","id":"g1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"14743-9"}],"text":"Glucose by glucometer"},"effectiveDateTime":"2026-12-05T07:00:00Z","valueQuantity":{"value":5.4,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2026-11-01T00:00:00Z"), utc("2026-12-07T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	if strings.Contains(pdf, "taken at home") || !strings.Contains(pdf, "Home measurements None entered in CareKeeper or from a phone in this period; readings in the records are under Recent results.") {
		t.Errorf("the PDF:\n%s", pdf)
	}
}
