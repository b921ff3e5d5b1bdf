package schedule

import (
	"slices"
	"testing"
	"time"
)

func dailyAt(start time.Time, clocks ...string) Plan {
	var tod []Clock
	for _, s := range clocks {
		c, err := ParseClock(s)
		if err != nil {
			panic(err)
		}
		tod = append(tod, c)
	}
	return Plan{Phases: []Phase{{Timing: Timing{TimeOfDay: tod, BoundsStart: start}}}}
}

func every(start time.Time, hours float64) Plan {
	return Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: hours, PeriodUnit: "h", BoundsStart: start}}}}
}

var floatStart = time.Date(2026, 1, 1, 0, 0, 0, 0, Floating)

// TestDST: wall-clock doses across spring-forward and fall-back in four zones, including Lord
// Howe's 30-minute shift; intervals stay exactly N hours apart.
func TestDST(t *testing.T) {
	r := DefaultRoutine()
	cases := []struct {
		name, zone string
		plan       Plan
		from, to   string // local
		want       []string
	}{
		{"NY spring gap 02:30 fires at 03:00", "America/New_York", dailyAt(floatStart, "02:30"), "2026-03-07 00:00", "2026-03-10 00:00",
			[]string{"2026-03-07 02:30 -0500 2026-03-07T02:30", "2026-03-08 03:00 -0400 2026-03-08T02:30", "2026-03-09 02:30 -0400 2026-03-09T02:30"}},
		{"NY spring 08:00 stays 08:00", "America/New_York", dailyAt(floatStart, "08:00"), "2026-03-07 00:00", "2026-03-09 00:00",
			[]string{"2026-03-07 08:00 -0500 2026-03-07T08:00", "2026-03-08 08:00 -0400 2026-03-08T08:00"}},
		{"NY fall 01:30 once, first", "America/New_York", dailyAt(floatStart, "01:30"), "2026-10-31 00:00", "2026-11-03 00:00",
			[]string{"2026-10-31 01:30 -0400 2026-10-31T01:30", "2026-11-01 01:30 -0400 2026-11-01T01:30", "2026-11-02 01:30 -0500 2026-11-02T01:30"}},
		{"NY two gap times both at 03:00", "America/New_York", dailyAt(floatStart, "02:00", "02:59"), "2026-03-08 00:00", "2026-03-09 00:00",
			[]string{"2026-03-08 03:00 -0400 2026-03-08T02:00", "2026-03-08 03:00 -0400 2026-03-08T02:59"}},
		{"NY every 8h across spring", "America/New_York", every(time.Date(2026, 3, 7, 22, 0, 0, 0, Floating), 8), "2026-03-07 00:00", "2026-03-09 00:00",
			[]string{"2026-03-07 22:00 -0500 2026-03-08T03:00:00Z", "2026-03-08 07:00 -0400 2026-03-08T11:00:00Z", "2026-03-08 15:00 -0400 2026-03-08T19:00:00Z", "2026-03-08 23:00 -0400 2026-03-09T03:00:00Z"}},
		{"NY every 8h across fall", "America/New_York", every(time.Date(2026, 10, 31, 22, 0, 0, 0, Floating), 8), "2026-10-31 00:00", "2026-11-02 00:00",
			[]string{"2026-10-31 22:00 -0400 2026-11-01T02:00:00Z", "2026-11-01 05:00 -0500 2026-11-01T10:00:00Z", "2026-11-01 13:00 -0500 2026-11-01T18:00:00Z", "2026-11-01 21:00 -0500 2026-11-02T02:00:00Z"}},
		{"London spring 01:30 → 02:00 BST", "Europe/London", dailyAt(floatStart, "01:30"), "2026-03-28 00:00", "2026-03-31 00:00",
			[]string{"2026-03-28 01:30 +0000 2026-03-28T01:30", "2026-03-29 02:00 +0100 2026-03-29T01:30", "2026-03-30 01:30 +0100 2026-03-30T01:30"}},
		{"London fall 01:30 first (BST)", "Europe/London", dailyAt(floatStart, "01:30"), "2026-10-25 00:00", "2026-10-26 00:00",
			[]string{"2026-10-25 01:30 +0100 2026-10-25T01:30"}},
		{"Sydney spring (Oct) 02:30 → 03:00", "Australia/Sydney", dailyAt(floatStart, "02:30"), "2026-10-03 00:00", "2026-10-05 00:00",
			[]string{"2026-10-03 02:30 +1000 2026-10-03T02:30", "2026-10-04 03:00 +1100 2026-10-04T02:30"}},
		{"Sydney fall (Apr) 02:30 first (AEDT)", "Australia/Sydney", dailyAt(floatStart, "02:30"), "2026-04-05 00:00", "2026-04-06 00:00",
			[]string{"2026-04-05 02:30 +1100 2026-04-05T02:30"}},
		{"Lord Howe spring 02:15 → 02:30", "Australia/Lord_Howe", dailyAt(floatStart, "02:15", "02:30"), "2026-10-04 00:00", "2026-10-05 00:00",
			[]string{"2026-10-04 02:30 +1100 2026-10-04T02:15", "2026-10-04 02:30 +1100 2026-10-04T02:30"}},
		{"Lord Howe fall 01:45 first", "Australia/Lord_Howe", dailyAt(floatStart, "01:45", "02:00"), "2026-04-05 00:00", "2026-04-06 00:00",
			[]string{"2026-04-05 01:45 +1100 2026-04-05T01:45", "2026-04-05 02:00 +1030 2026-04-05T02:00"}},
		{"Lord Howe every 6h", "Australia/Lord_Howe", every(time.Date(2026, 10, 3, 20, 0, 0, 0, Floating), 6), "2026-10-03 00:00", "2026-10-04 12:00",
			[]string{"2026-10-03 20:00 +1030 2026-10-03T09:30:00Z", "2026-10-04 02:30 +1100 2026-10-03T15:30:00Z", "2026-10-04 08:30 +1100 2026-10-03T21:30:00Z"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc := mustLoad(t, c.zone)
			got := fmtOcc(c.plan.Occurrences(local(t, loc, c.from), local(t, loc, c.to), loc, r, time.Time{}))
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestCalendar: leap days, month ends, bounds and count limits.
func TestCalendar(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	r := DefaultRoutine()
	at8 := []Clock{8 * 60}
	cases := []struct {
		name     string
		plan     Plan
		from, to string
		want     []string // keys
	}{
		{"yearly from 29 Feb 2028", Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: 1, PeriodUnit: "a", TimeOfDay: at8, BoundsStart: time.Date(2028, 2, 29, 0, 0, 0, 0, Floating)}}}},
			"2028-01-01 00:00", "2033-01-01 00:00", []string{"2028-02-29T08:00", "2029-02-28T08:00", "2030-02-28T08:00", "2031-02-28T08:00", "2032-02-29T08:00"}},
		{"daily over 28/29 Feb 2028", dailyAt(floatStart, "08:00"), "2028-02-28 00:00", "2028-03-02 00:00",
			[]string{"2028-02-28T08:00", "2028-02-29T08:00", "2028-03-01T08:00"}},
		{"every other day over leap day", Plan{Phases: []Phase{{Timing: Timing{Code: "QOD", BoundsStart: time.Date(2028, 2, 27, 0, 0, 0, 0, Floating)}}}},
			"2028-02-26 00:00", "2028-03-05 00:00", []string{"2028-02-27T07:30", "2028-02-29T07:30", "2028-03-02T07:30", "2028-03-04T07:30"}},
		{"monthly from 31 Jan clamps", Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: 1, PeriodUnit: "mo", TimeOfDay: at8, BoundsStart: time.Date(2028, 1, 31, 0, 0, 0, 0, Floating)}}}},
			"2028-01-01 00:00", "2028-06-01 00:00", []string{"2028-01-31T08:00", "2028-02-29T08:00", "2028-03-31T08:00", "2028-04-30T08:00", "2028-05-31T08:00"}},
		{"every 3 months from 30 Nov", Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: 3, PeriodUnit: "mo", TimeOfDay: at8, BoundsStart: time.Date(2026, 11, 30, 0, 0, 0, 0, Floating)}}}},
			"2026-11-01 00:00", "2027-12-01 00:00", []string{"2026-11-30T08:00", "2027-02-28T08:00", "2027-05-30T08:00", "2027-08-30T08:00", "2027-11-30T08:00"}},
		{"bounds end date inclusive", Plan{Phases: []Phase{{Timing: Timing{TimeOfDay: at8, BoundsStart: time.Date(2026, 5, 30, 0, 0, 0, 0, Floating), BoundsEnd: time.Date(2026, 6, 1, 0, 0, 0, 0, Floating)}}}},
			"2026-05-01 00:00", "2026-07-01 00:00", []string{"2026-05-30T08:00", "2026-05-31T08:00"}},
		{"count from start, window later", Plan{Phases: []Phase{{Timing: Timing{Code: "BID", Count: 7, BoundsStart: time.Date(2026, 5, 1, 12, 0, 0, 0, Floating)}}}},
			"2026-05-03 00:00", "2026-06-01 00:00", []string{"2026-05-03T07:30", "2026-05-03T18:30", "2026-05-04T07:30", "2026-05-04T18:30"}},
		{"count window after the end", Plan{Phases: []Phase{{Timing: Timing{Code: "BID", Count: 7, BoundsStart: time.Date(2026, 5, 1, 12, 0, 0, 0, Floating)}}}},
			"2026-05-05 00:00", "2026-06-01 00:00", []string{}},
		{"count weekly Mon/Thu from a Wednesday", Plan{Phases: []Phase{{Timing: Timing{DayOfWeek: []time.Weekday{time.Monday, time.Thursday}, TimeOfDay: at8, Count: 5, BoundsStart: time.Date(2026, 4, 1, 0, 0, 0, 0, Floating)}}}},
			"2026-04-09 00:00", "2026-06-01 00:00", []string{"2026-04-09T08:00", "2026-04-13T08:00", "2026-04-16T08:00"}},
		{"count monthly", Plan{Phases: []Phase{{Timing: Timing{Code: "MO", Count: 3, BoundsStart: time.Date(2026, 1, 31, 9, 0, 0, 0, Floating)}}}},
			"2026-01-01 00:00", "2027-01-01 00:00", []string{"2026-02-28T07:30", "2026-03-31T07:30", "2026-04-30T07:30"}},
		{"count and bounds: bounds first", Plan{Phases: []Phase{{Timing: Timing{TimeOfDay: at8, Count: 10, BoundsStart: time.Date(2026, 4, 1, 0, 0, 0, 0, Floating), BoundsEnd: time.Date(2026, 4, 3, 0, 0, 0, 0, Floating)}}}},
			"2026-03-01 00:00", "2026-06-01 00:00", []string{"2026-04-01T08:00", "2026-04-02T08:00"}},
		{"interval count", Plan{Phases: []Phase{{Timing: Timing{Code: "Q8H", Count: 4, BoundsStart: time.Date(2026, 4, 1, 6, 0, 0, 0, Floating)}}}},
			"2026-04-01 14:00", "2026-06-01 00:00", []string{"2026-04-01T18:00:00Z", "2026-04-02T02:00:00Z", "2026-04-02T10:00:00Z"}},
		{"taper by count: then", Plan{Phases: []Phase{
			{Sequence: 1, Dose: "2 TAB", Timing: Timing{Code: "BID", Count: 3, BoundsStart: time.Date(2026, 4, 1, 0, 0, 0, 0, Floating)}},
			{Sequence: 2, Dose: "1 TAB", Timing: Timing{Code: "QD", BoundsDuration: 2, BoundsDurationUnit: "d"}}}},
			"2026-04-01 00:00", "2026-05-01 00:00", []string{"2026-04-01T07:30", "2026-04-01T18:30", "2026-04-02T07:30", "2026-04-03T07:30", "2026-04-04T07:30"}},
		{"taper by duration", Plan{Phases: []Phase{
			{Sequence: 1, Timing: Timing{Code: "TID", BoundsDuration: 2, BoundsDurationUnit: "d", BoundsStart: time.Date(2026, 4, 1, 0, 0, 0, 0, Floating)}},
			{Sequence: 2, Timing: Timing{Code: "BID", BoundsDuration: 1, BoundsDurationUnit: "d"}},
			{Sequence: 3, Timing: Timing{Code: "QD", BoundsDuration: 1, BoundsDurationUnit: "d"}}}},
			"2026-03-01 00:00", "2026-05-01 00:00", []string{"2026-04-01T07:30", "2026-04-01T12:30", "2026-04-01T18:30", "2026-04-02T07:30", "2026-04-02T12:30", "2026-04-02T18:30", "2026-04-03T07:30", "2026-04-03T18:30", "2026-04-04T07:30"}},
		{"concurrent same time gets phase suffix", Plan{Phases: []Phase{
			{Timing: Timing{TimeOfDay: at8, BoundsStart: floatStart, BoundsEnd: time.Date(2026, 1, 2, 0, 0, 0, 0, Floating)}},
			{Timing: Timing{TimeOfDay: at8, BoundsStart: floatStart, BoundsEnd: time.Date(2026, 1, 2, 0, 0, 0, 0, Floating)}}}},
			"2026-01-01 00:00", "2026-02-01 00:00", []string{"2026-01-01T08:00", "2026-01-01T08:00#1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := keysOf(c.plan.Occurrences(local(t, ny, c.from), local(t, ny, c.to), ny, r, time.Time{}))
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestTravel: the same plan in two zones. Wall-clock plans keep their local times and keys;
// interval plans keep their instants; ZoneChanged tells the engine when to ask.
func TestTravel(t *testing.T) {
	ny, lon := mustLoad(t, "America/New_York"), mustLoad(t, "Europe/London")
	r := DefaultRoutine()
	p := dailyAt(floatStart, "08:00", "20:00")
	day := func(loc *time.Location) []string {
		return fmtOcc(p.Occurrences(local(t, loc, "2026-06-10 00:00"), local(t, loc, "2026-06-11 00:00"), loc, r, time.Time{}))
	}
	if got, want := day(ny), []string{"2026-06-10 08:00 -0400 2026-06-10T08:00", "2026-06-10 20:00 -0400 2026-06-10T20:00"}; !slices.Equal(got, want) {
		t.Errorf("home: %q", got)
	}
	if got, want := day(lon), []string{"2026-06-10 08:00 +0100 2026-06-10T08:00", "2026-06-10 20:00 +0100 2026-06-10T20:00"}; !slices.Equal(got, want) {
		t.Errorf("local: %q", got)
	}
	// An absolute start keeps its instant: 09:00 New York is 14:00 in London.
	ev := Plan{Phases: []Phase{{Timing: Timing{Code: "Q6H", BoundsStart: time.Date(2026, 6, 10, 9, 0, 0, 0, ny)}}}}
	from, to := time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 11, 6, 0, 0, 0, time.UTC)
	a, b := ev.Occurrences(from, to, ny, r, time.Time{}), ev.Occurrences(from, to, lon, r, time.Time{})
	if !slices.Equal(keysOf(a), keysOf(b)) || len(a) != 3 || a[0].At.In(lon).Format("15:04") != "14:00" {
		t.Errorf("interval in two zones: %q vs %q", fmtOcc(a), fmtOcc(b))
	}
	// lastTaken re-anchors an interval; the dose it answered keeps its time.
	late := time.Date(2026, 6, 10, 13, 40, 0, 0, time.UTC) // 09:40 New York, the 09:00 dose taken late
	got := fmtOcc(ev.Occurrences(from, to, ny, r, late))
	if want := []string{"2026-06-10 09:00 -0400 2026-06-10T13:00:00Z", "2026-06-10 15:40 -0400 2026-06-10T19:40:00Z", "2026-06-10 21:40 -0400 2026-06-11T01:40:00Z"}; !slices.Equal(got, want) {
		t.Errorf("after lastTaken: %q", got)
	}

	cases := []struct {
		home, device string
		at           time.Time
		want         bool
	}{
		{"America/New_York", "America/New_York", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), false},
		{"America/New_York", "US/Eastern", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), false},
		{"America/New_York", "Europe/London", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), true},
		{"Europe/Paris", "Europe/Berlin", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), false},
		// Same offset in winter, but Phoenix has no DST: it matters within the year.
		{"America/Denver", "America/Phoenix", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), true},
		{"Australia/Sydney", "Australia/Lord_Howe", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), true},
		{"Europe/London", "UTC", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), true},
	}
	for _, c := range cases {
		if got := ZoneChanged(mustLoad(t, c.home), mustLoad(t, c.device), c.at); got != c.want {
			t.Errorf("ZoneChanged(%s, %s) = %v", c.home, c.device, got)
		}
	}
}
