package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A result dated by its day alone is on that day in the visit summary (PDF and IPS) in any
// zone; west of UTC it was the day before.
func TestSummaryDateOnlyResultOnItsDay(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	for _, zone := range []string{"America/Los_Angeles", "Pacific/Auckland"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		v, p := newPerson(t, "Dated")
		writeAt(t, v, p, "local", now, `{"resourceType":"Observation","id":"g","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2026-03-04","valueQuantity":{"value":99,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`)
		s, err := BuildSummary(context.Background(), v, p, utc("2026-01-01T00:00:00Z"), now, now, LoadOptions{Device: loc})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Bundle()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "Glucose: 99 mg/dL on 2026-03-04") || strings.Contains(string(b), "2026-03-03") {
			t.Errorf("%s: the summary dates the result on another day: %.2000s", zone, b)
		}
	}
}

// Found by verify17: in the visit summary west of UTC a result dated by its month ("2020-03")
// was charted from "Feb 2020" (the axis took the first of the month at midnight UTC in the
// person's zone) and its latest reading was "on 1 May 2020"; now as records and results say
// it, "May 2020" ("since March 2020"), and the axis starts at "Mar 2020".
func TestSummaryMonthDatedResult(t *testing.T) {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	now := utc("2026-03-10T12:00:00Z")
	v, p := newPerson(t, "Monthly")
	obs := func(id, at, value string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + value + `,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`
	}
	writeAt(t, v, p, "local", now, obs("g1", "2020-03", "99"), obs("g2", "2020-05", "104"))
	s, err := BuildSummary(context.Background(), v, p, utc("2019-01-01T00:00:00Z"), now, now, LoadOptions{Device: loc})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Latest: 104 mg/dL in May 2020", "up 5 mg/dL since March 2020", "Mar 2020 May 2020"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
	if strings.Contains(pdf, "Feb 2020") || strings.Contains(pdf, "Apr 2020") {
		t.Errorf("the PDF dates a month's reading in the month before:\n%s", pdf)
	}
}
