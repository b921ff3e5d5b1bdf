package health

import (
	"testing"
	"time"
)

// F78, F66b: a record's dates on the person's clock — a time near midnight on the day of their
// wall clock, a date alone on its own day in every zone — and a visit's times of day naming
// the clock while it is not this computer's.
func TestDatesOnThePersonsClock(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	akl, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	named := func(loc *time.Location, name string) Clock {
		return Clock{Loc: loc, Name: func(time.Time) string { return name }, Here: func(t time.Time) string { return t.UTC().Format("2 Jan, 15:04") + " here" }}
	}
	for _, tc := range []struct {
		name, raw string
		loc       *time.Location
		day, when string
	}{
		{"23:30 in Los Angeles", "2026-12-06T07:30:00Z", la, "5 Dec 2026", "5 Dec 2026, 23:30 Los Angeles time (6 Dec, 07:30 here)"},
		{"00:30 in Auckland", "2026-12-05T11:30:00Z", akl, "6 Dec 2026", "6 Dec 2026, 00:30 Auckland time (5 Dec, 11:30 here)"},
		{"a date alone, Los Angeles", "2026-12-05", la, "5 Dec 2026", "5 Dec 2026"},
		{"a date alone, Auckland", "2026-12-05", akl, "5 Dec 2026", "5 Dec 2026"},
		{"a month", "2026-12", la, "December 2026", "December 2026"},
		{"with its own offset", "2026-12-05T23:30:00-08:00", akl, "6 Dec 2026", "6 Dec 2026, 20:30 Auckland time (6 Dec, 07:30 here)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DayInWords(tc.raw, tc.loc); got != tc.day {
				t.Errorf("DayInWords = %q, want %q", got, tc.day)
			}
			name := "Los Angeles time"
			if tc.loc == akl {
				name = "Auckland time"
			}
			if got := named(tc.loc, name).WhenWords(tc.raw); got != tc.when {
				t.Errorf("WhenWords = %q, want %q", got, tc.when)
			}
		})
	}
	// A visit in Los Angeles from 23:30 to 00:15: both days, the clock named once.
	p := Period{Start: "2026-12-06T07:30:00Z", End: "2026-12-06T08:15:00Z"}
	if got, want := named(la, "Los Angeles time").PeriodWhenWords(p), "5 Dec 2026, 23:30 – 6 Dec 2026, 00:15 Los Angeles time (6 Dec, 07:30 here)"; got != want {
		t.Errorf("PeriodWhenWords = %q, want %q", got, want)
	}
	// The clocks agree: no name.
	same := Clock{Loc: la, Name: func(time.Time) string { return "" }, Here: func(time.Time) string { return "" }}
	if got, want := same.PeriodWhenWords(Period{Start: "2026-12-05T18:30:00Z", End: "2026-12-05T19:00:00Z"}), "5 Dec 2026, 10:30 – 11:00"; got != want {
		t.Errorf("PeriodWhenWords = %q, want %q", got, want)
	}
	// The details of an encounter say its times on the clock; an observation its day.
	fs := RecordFields("Encounter", []byte(`{"resourceType":"Encounter","period":{"start":"2026-12-05T18:30:00Z","end":"2026-12-05T19:00:00Z"}}`), nil, named(la, "Los Angeles time"))
	if len(fs) != 1 || fs[0].Value != "5 Dec 2026, 10:30 – 11:00 Los Angeles time (5 Dec, 18:30 here)" {
		t.Errorf("encounter fields %+v", fs)
	}
	fs = RecordFields("Observation", []byte(`{"resourceType":"Observation","effectiveDateTime":"2026-12-06T07:30:00Z"}`), nil, named(la, "Los Angeles time"))
	if len(fs) != 1 || fs[0].Value != "5 Dec 2026" {
		t.Errorf("observation fields %+v", fs)
	}
}

// F78: a dense series' daily means are of the person's days: readings at 23:30 and 00:30 in
// Los Angeles are two days, not one UTC day.
func TestChartDaysOnThePersonsClock(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	se := &Series{Code: "29463-7", Unit: "kg"}
	start := time.Date(2026, 9, 1, 23, 30, 0, 0, la)
	for d := 0; d < 40; d++ {
		day := start.AddDate(0, 0, d)
		se.Append(Point{T: day, V: float64(d)}, Point{T: day.Add(time.Hour), V: float64(d) + 0.5})
	}
	ch := BuildChartIn(se, PeriodAll, start.AddDate(0, 0, 41), la)
	if ch.Summarised != SummaryDaily || ch.Loc != la {
		t.Fatalf("summarised %q, loc %v", ch.Summarised, ch.Loc)
	}
	pts := ch.Lines[0].Segments[0]
	// Each day on the clock holds the 00:30 reading of the evening before's pair (d-1+0.5) and
	// its own 23:30 one (d): the mean d-0.25 (UTC's days paired d with d+0.5).
	for i, p := range pts[1 : len(pts)-1] {
		if d := float64(i + 1); p.N != 2 || p.V != d-0.25 || p.T.In(la).Hour() != 0 || p.T.In(la).Day() != start.AddDate(0, 0, i+1).Day() {
			t.Fatalf("a day's mean %+v (%s)", p, p.T.In(la))
		}
	}
}

// F101: the day of a death at a time of day is on the clock of now's location (the person's),
// as their readings are; a date alone is its own day in every zone.
func TestDeathDayOnThePersonsClock(t *testing.T) {
	for _, tc := range []struct{ deceased, zone, want string }{
		{"2026-11-30T23:30:00-05:00", "Europe/Dublin", "2026-12-01"},
		{"2026-11-30T23:30:00-05:00", "America/New_York", "2026-11-30"},
		{"2026-11-30", "Pacific/Auckland", "2026-11-30"},
		{"2026-11-30", "America/Los_Angeles", "2026-11-30"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		d := PatientDeath([]byte(`{"resourceType":"Patient","deceasedDateTime":"`+tc.deceased+`"}`), time.Date(2026, 12, 10, 12, 0, 0, 0, loc))
		if !d.Deceased || d.Date != tc.want {
			t.Errorf("%s in %s: %+v, want %s", tc.deceased, tc.zone, d, tc.want)
		}
	}
}
