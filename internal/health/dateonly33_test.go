package health

import (
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

// A reading dated by its day alone is taken once its day has begun on the person's clock: at
// 13:00 UTC on 6 Dec a "2026-12-07" reading is tomorrow's in London and in Honolulu, today's in
// Kiritimati (UTC+14); one dated 6 Dec is not yet Honolulu's at 05:00 UTC (19:00 on 5 Dec
// there). Without a clock (nil) the old rule: its day anywhere on Earth.
func TestDateOnlyTakenOnItsDayOnThePersonsClock(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	day := func(s string, v float64) Point {
		d, _ := time.Parse("2006-01-02", s)
		return Point{T: d, V: v, DateOnly: true, Precision: fhirjson.PrecisionDay}
	}
	se := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "kg"}).Append(day("2026-12-01", 63.5), day("2026-12-06", 63), day("2026-12-07", 62))
	for _, tt := range []struct {
		name, now string
		loc       *time.Location
		latest    float64
		ahead     int
		words     string
	}{
		{"London", "2026-12-06T13:00:00Z", zone("Europe/London"), 63, 1, "1 reading dated after today, 7 Dec 2026"},
		{"Kiritimati", "2026-12-06T13:00:00Z", zone("Pacific/Kiritimati"), 62, 0, ""},
		{"Honolulu, the evening before", "2026-12-06T05:00:00Z", zone("Pacific/Honolulu"), 63.5, 2, "2 readings dated after today, the latest 7 Dec 2026"},
		{"no clock", "2026-12-06T13:00:00Z", nil, 62, 0, ""},
	} {
		now, _ := time.Parse(time.RFC3339, tt.now)
		l, ahead := LatestAsOfIn(se, now, tt.loc)
		if l.V != tt.latest || ahead.Len() != tt.ahead {
			t.Errorf("%s: latest %v with %d ahead, want %v with %d", tt.name, l.V, ahead.Len(), tt.latest, tt.ahead)
		}
		if tt.loc != nil {
			if w := AheadWords(ahead, now, tt.loc); w != tt.words {
				t.Errorf("%s: %q, want %q", tt.name, w, tt.words)
			}
		}
		if n := BuildChartIn(se, PeriodAll, now, tt.loc).Readings; n != 3-tt.ahead {
			t.Errorf("%s: the chart has %d readings, want %d", tt.name, n, 3-tt.ahead)
		}
	}
}
