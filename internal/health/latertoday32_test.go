package health

import (
	"testing"
	"time"
)

// F352: Maria's weighing dated 21:00 today, imported at 10:23 UTC on a computer in London, was
// Results' latest ("63 kg · 6 Dec 2026") and a loss of 0.5 kg: after 10:00 UTC it is already
// tomorrow at UTC+14, and LatestAsOf took every reading of today as taken. A timed reading is
// judged by its own instant against now; one dated by its day alone is taken once its day has
// begun on the person's clock (a date-only reading of today counts as today's). The same on Kiritimati
// (UTC+14), the first clock to reach a day.
func TestLatestIsTheReadingTakenByNow(t *testing.T) {
	weight := func(id, at, v string) Resource {
		return Resource{Key: Key{"clinic", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + v + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`)}
	}
	before := []Resource{weight("w1", "2026-11-20T09:00:00Z", "64.4"), weight("w2", "2026-12-01T09:00:00Z", "63.5")}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		loc      *time.Location
		now      string
		add      []Resource
		latest   string // its value
		change   string // ChangeWordsIn of the latest
		ahead    string // AheadWords
		readings int    // the chart's (period All)
	}{
		{"London 10:23, a weighing dated 21:00 today (vchk31)", london, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-06T21:00:00Z", "63")}, "63.5 kg", "−0.9 kg since 20 Nov 2026", "1 reading dated later today, 21:00", 2},
		{"London 09:00, the same (before 10:00 UTC)", london, "2026-12-06T09:00:00Z",
			[]Resource{weight("w3", "2026-12-06T21:00:00Z", "63")}, "63.5 kg", "−0.9 kg since 20 Nov 2026", "1 reading dated later today, 21:00", 2},
		{"London 21:30, the weighing of 21:00 taken", london, "2026-12-06T21:30:00Z",
			[]Resource{weight("w3", "2026-12-06T21:00:00Z", "63")}, "63 kg", "−0.5 kg since 1 Dec 2026", "", 3},
		{"London 10:23, a weighing dated by today's day alone", london, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-06", "63")}, "63 kg", "−0.5 kg since 1 Dec 2026", "", 3},
		// already today at UTC+14, but not on the person's clock (dom33: it was the latest)
		{"London 10:23, one dated tomorrow by its day alone (already today at UTC+14)", london, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-07", "63")}, "63.5 kg", "−0.9 kg since 20 Nov 2026", "1 reading dated after today, 7 Dec 2026", 2},
		{"London 10:23, one at 01:00 tomorrow", london, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-07T01:00:00Z", "63")}, "63.5 kg", "−0.9 kg since 20 Nov 2026", "1 reading dated after today, 7 Dec 2026", 2},
		{"London, later today and a typo of 2062", london, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-06T21:00:00Z", "63"), weight("w4", "2062-09-02T08:00:00Z", "62")}, "63.5 kg", "−0.9 kg since 20 Nov 2026",
			"1 reading dated later today, 21:00; 1 reading dated after today, 2 Sep 2062", 2},
		{"London 10:23, two later today", london, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-06T18:00:00Z", "63"), weight("w4", "2026-12-06T21:00:00Z", "62.9")}, "63.5 kg", "−0.9 kg since 20 Nov 2026",
			"2 readings dated later today, the latest 21:00", 2},
		{"Kiritimati 00:23 (10:23 UTC), a weighing dated 11:00 today there", kiritimati, "2026-12-06T10:23:00Z",
			[]Resource{weight("w3", "2026-12-06T21:00:00Z", "63")}, "63.5 kg", "−0.9 kg since 20 Nov 2026", "1 reading dated later today, 11:00", 2},
		{"Kiritimati 01:00 (11:00 UTC the day before), a weighing dated by today's day alone", kiritimati, "2026-12-05T11:00:00Z",
			[]Resource{weight("w3", "2026-12-06", "63")}, "63 kg", "−0.5 kg since 1 Dec 2026", "", 3},
		{"Kiritimati 15:00, one dated tomorrow by its day alone", kiritimati, "2026-12-06T01:00:00Z",
			[]Resource{weight("w3", "2026-12-07", "63")}, "63.5 kg", "−0.9 kg since 20 Nov 2026", "1 reading dated after today, 7 Dec 2026", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet(append(append([]Resource{}, before...), tc.add...), nil))
			if len(ss) != 1 {
				t.Fatalf("%d series", len(ss))
			}
			se, now := ss[0], mustTime(t, tc.now)
			last, ahead := LatestAsOfIn(se, now, tc.loc)
			if got := se.ReadingWords(last); got != tc.latest {
				t.Errorf("latest %q, want %q", got, tc.latest)
			}
			if got := ChangeWordsIn(se, last.T, tc.loc); got != tc.change {
				t.Errorf("change %q, want %q", got, tc.change)
			}
			if got := AheadWords(ahead, now, tc.loc); got != tc.ahead {
				t.Errorf("ahead %q, want %q", got, tc.ahead)
			}
			c := BuildChartIn(se, PeriodAll, now, tc.loc)
			if c.Readings != tc.readings || c.Latest != tc.latest {
				t.Errorf("chart: %d readings, latest %q; want %d, %q", c.Readings, c.Latest, tc.readings, tc.latest)
			}
			if c.To.Before(c.LatestAt) {
				t.Errorf("chart ends %v before its latest reading %v", c.To, c.LatestAt)
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
