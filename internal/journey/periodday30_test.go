package journey

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F361: a period from 1 Jun 2026 in New York left out the cholesterol dated only "2026-06-01"
// (its point at 00:00 UTC, the period from 04:00 UTC) and took in the one dated by the day
// after the period. A reading dated by its day is in the period when its day is.
func TestSummaryPeriodTakesReadingsByTheirDay(t *testing.T) {
	ctx := context.Background()
	v, p := newPerson(t, "Day Reader")
	var recs []storage.Record
	for i, day := range []string{"2026-05-31", "2026-06-01", "2026-09-01", "2026-11-01"} {
		id := storage.ID{Source: "local", Type: "Observation", ID: "chol-day-" + string(rune('a'+i))}
		rec, err := storage.NewRecord(p, id, []byte(`{"resourceType":"Observation","id":"`+id.ID+`","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2093-3","display":"Cholesterol"}]},"effectiveDateTime":"`+day+`","valueQuantity":{"value":`+string(rune('5'+i))+`0,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 1, 0, 0, 0, 0, ny)
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, ny)
	s, err := BuildSummary(ctx, v, p, from, to, now, LoadOptions{Device: ny})
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for _, ss := range s.Results {
		for i := 0; i < ss.Points.Len(); i++ {
			days = append(days, ss.Points.At(i).T.UTC().Format("2006-01-02"))
		}
	}
	if len(days) != 2 || days[0] != "2026-06-01" || days[1] != "2026-09-01" {
		t.Errorf("readings in the period %v, want [2026-06-01 2026-09-01]", days)
	}
}
