package journey

import (
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
