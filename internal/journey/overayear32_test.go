package journey

import (
	"context"
	"testing"
	"time"
)

// Wendell's yearly BMI, 371 days after the one before, made the card "Your BMI was 27.9 kg/m²
// on 13 Jan 2018, above the range … It is the first reading in 1 year." (dom32): a gap of a
// year and some days is "over a year", in the card and the visit summary alike.
func TestYearlyReadingIsTheFirstInOverAYear(t *testing.T) {
	now := utc("2018-01-20T12:00:00Z")
	v, p := newPerson(t, "Wendell")
	writeAt(t, v, p, "clinic", now,
		observation("b1", "39156-5", "Body Mass Index", 27.9, "kg/m2", "2017-01-07T07:44:08Z", ""),
		observation("b2", "39156-5", "Body Mass Index", 27.9, "kg/m2", "2018-01-13T07:44:08Z", ""))
	cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	one(t, cs, "result-change", "Your BMI is above its range", "It is the first reading in over a year.")
	s, err := BuildSummary(context.Background(), v, p, utc("2017-01-01T00:00:00Z"), utc("2018-01-20T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range s.Results {
		if got := se.Trend(time.UTC); got != "first reading in over a year" {
			t.Errorf("%s: trend %q", se.PlainName(), got)
		}
	}
}

// F394: Lily's height 19 months after the one before, and a blood pressure 23 months after,
// read "first reading in 1 year" in the visit summary: the gap is said as it is.
func TestSummarySaysAGapUnderTwoYearsInMonths(t *testing.T) {
	now := utc("2026-12-06T12:00:00Z")
	for _, tc := range []struct{ before, at, want string }{
		{"2025-04-14", "2026-11-20", "first reading in 19 months"},
		{"2024-12-20", "2026-11-20", "first reading in 23 months"},
		{"2025-11-10", "2026-11-20", "first reading in over a year"},
		{"2023-10-01", "2026-11-20", "first reading in 3 years"},
	} {
		v, p := newPerson(t, "Lily")
		writeAt(t, v, p, "clinic", now,
			observation("h1", "8302-2", "Body height", 109.2, "cm", tc.before, ""),
			observation("h2", "8302-2", "Body height", 118, "cm", tc.at, ""))
		s, err := BuildSummary(context.Background(), v, p, utc("2022-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Results) != 1 {
			t.Fatalf("%d series", len(s.Results))
		}
		if got := s.Results[0].Trend(time.UTC); got != tc.want {
			t.Errorf("%s to %s: %q, want %q", tc.before, tc.at, got, tc.want)
		}
	}
}
