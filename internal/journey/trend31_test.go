package journey

import (
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F345: the visit summary said "up 9.11 mg/dL" of a glucose of 5.6 mmol/L (shown "101 mg/dL")
// then 110 mg/dL: the change is to the readings' precision.
func TestSummaryTrendToTheReadingsPrecision(t *testing.T) {
	obs := func(id, day, q string) health.Resource {
		return health.Resource{Key: health.Key{Source: health.LocalSource, Type: "Observation", ID: id}, JSON: []byte(`{"resourceType":"Observation","id":"` + id + `","status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]},"effectiveDateTime":"2026-11-` + day + `T09:00:00Z","valueQuantity":` + q + `}`)}
	}
	ss := health.Results(health.NewSet([]health.Resource{
		obs("g1", "01", `{"value":5.6,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}`),
		obs("g2", "15", `{"value":110,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}`)}, nil))
	if len(ss) != 1 {
		t.Fatalf("%d series", len(ss))
	}
	if got := (SummarySeries{Series: ss[0], Points: ss[0].Points()}).Trend(time.UTC); got != "up 9 mg/dL since 1 Nov 2026" {
		t.Errorf("Trend %q", got)
	}
}

// F442: two meter readings of one day, 09:00 and 13:00: the summary said "down 0.3 mmol/L since
// 6 Dec 2026", the day both were taken; Results said "since 09:00". Both say the time now.
func TestSummaryTrendOfTwoReadingsOfOneDay(t *testing.T) {
	obs := func(id, at, v string) health.Resource {
		return health.Resource{Key: health.Key{Source: health.LocalSource, Type: "Observation", ID: id}, JSON: []byte(`{"resourceType":"Observation","id":"` + id + `","status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":"15074-8"}]},"effectiveDateTime":"2026-12-06T` + at + `:00Z","valueQuantity":{"value":` + v + `,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}`)}
	}
	ss := health.Results(health.NewSet([]health.Resource{obs("g1", "09:00", "6.1"), obs("g2", "13:00", "5.8")}, nil))
	if len(ss) != 1 {
		t.Fatalf("%d series", len(ss))
	}
	if got := (SummarySeries{Series: ss[0], Points: ss[0].Points()}).Trend(time.UTC); got != "down 0.3 mmol/L since 09:00" {
		t.Errorf("Trend %q", got)
	}
}
