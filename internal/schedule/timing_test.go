package schedule

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTimingForms covers every Timing form: each case parses a Dosage, checks Unclear, the
// description, and the first due times in New York from 2026-03-01 (authoredOn).
func TestTimingForms(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	cases := []struct {
		name, dosage string
		unclear      string
		desc         string
		first        []string // "2006-01-02 15:04 -0700 KEY", from 2026-03-01 00:00 for 60 days
		total        int      // -1: do not check
	}{
		{"timeOfDay daily", `{"timing":{"repeat":{"timeOfDay":["09:00:00"]}}}`, "", "once a day at 09:00",
			[]string{"2026-03-01 09:00 -0500 2026-03-01T09:00", "2026-03-02 09:00 -0500 2026-03-02T09:00"}, 60},
		{"two timeOfDay", `{"timing":{"repeat":{"timeOfDay":["20:00","08:00"]}}}`, "", "twice a day at 08:00 and 20:00",
			[]string{"2026-03-01 08:00 -0500 2026-03-01T08:00", "2026-03-01 20:00 -0500 2026-03-01T20:00"}, 120},
		{"freq 1/d", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}`, "", "once a day (07:30 is CareKeeper's time: change it)",
			[]string{"2026-03-01 07:30 -0500 2026-03-01T07:30"}, 60},
		{"freq 2/d", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}`, "", "twice a day (07:30 and 18:30 are CareKeeper's times: change them)",
			[]string{"2026-03-01 07:30 -0500 2026-03-01T07:30", "2026-03-01 18:30 -0500 2026-03-01T18:30"}, 120},
		{"freq 3/d", `{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d"}}}`, "", "three times a day (07:30, 12:30 and 18:30 are CareKeeper's times: change them)", nil, 180},
		{"freq 4/d", `{"timing":{"repeat":{"frequency":4,"period":1,"periodUnit":"d"}}}`, "", "four times a day (07:30, 12:30, 18:30 and 22:00 are CareKeeper's times: change them)", nil, 240},
		{"freq 5/d spread", `{"timing":{"repeat":{"frequency":5,"period":1,"periodUnit":"d"}}}`, "", "five times a day (07:00, 10:45, 14:30, 18:15 and 22:00 are CareKeeper's times: change them)", nil, 300},
		{"freq 8/d", `{"timing":{"repeat":{"frequency":8,"period":1,"periodUnit":"d"}}}`, reasonManyDaily, "set the times yourself", nil, 0},
		{"freq with timeOfDay", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:00","21:00"]}}}`, "", "twice a day at 09:00 and 21:00", nil, 120},
		// F473: a period in hours with as many evenly spaced times of day as it gives a day
		{"every 12 h at 08:00 and 20:00", `{"timing":{"repeat":{"frequency":1,"period":12,"periodUnit":"h","timeOfDay":["08:00","20:00"]}}}`, "", "twice a day at 08:00 and 20:00",
			[]string{"2026-03-01 08:00 -0500 2026-03-01T08:00", "2026-03-01 20:00 -0500 2026-03-01T20:00"}, 120},
		{"2 per 24 h at 09:00 and 21:00 every day (MEDHOST)", `{"timing":{"repeat":{"frequency":2,"period":24,"periodUnit":"h","dayOfWeek":["mon","tue","wed","thu","fri","sat","sun"],"timeOfDay":["09:00:00","21:00:00"]}}}`, "", "twice a day at 09:00 and 21:00", nil, 120},
		{"every 8 h at 06:00, 14:00 and 22:00", `{"timing":{"repeat":{"frequency":1,"period":8,"periodUnit":"h","timeOfDay":["14:00","06:00","22:00"]}}}`, "", "three times a day at 06:00, 14:00 and 22:00", nil, 180},
		{"every 12 h at 08:00 and 18:00: not 12 hours apart", `{"timing":{"repeat":{"frequency":1,"period":12,"periodUnit":"h","timeOfDay":["08:00","18:00"]}}}`, reasonTimesCount, "set the times yourself", nil, 0},
		{"every 12 h at 08:00 alone", `{"timing":{"repeat":{"frequency":1,"period":12,"periodUnit":"h","timeOfDay":["08:00"]}}}`, reasonTimesCount, "set the times yourself", nil, 0},
		{"freq mismatch timeOfDay", `{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","timeOfDay":["09:00","21:00"]}}}`, reasonTimesCount, "set the times yourself", nil, 0},
		{"code BID", `{"timing":{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation","code":"BID"}]}}}`, "", "twice a day (07:30 and 18:30 are CareKeeper's times: change them)", nil, 120},
		{"code TID", `{"timing":{"code":{"coding":[{"code":"TID"}]}}}`, "", "three times a day (07:30, 12:30 and 18:30 are CareKeeper's times: change them)", nil, 180},
		{"code QID", `{"timing":{"code":{"coding":[{"code":"QID"}]}}}`, "", "four times a day (07:30, 12:30, 18:30 and 22:00 are CareKeeper's times: change them)", nil, 240},
		{"code QD", `{"timing":{"code":{"coding":[{"code":"QD"}]}}}`, "", "once a day (07:30 is CareKeeper's time: change it)", nil, 60},
		{"code QOD", `{"timing":{"code":{"coding":[{"code":"QOD"}]}}}`, "", "every other day (07:30 is CareKeeper's time: change it)",
			[]string{"2026-03-01 07:30 -0500 2026-03-01T07:30", "2026-03-03 07:30 -0500 2026-03-03T07:30"}, 30},
		{"code AM", `{"timing":{"code":{"coding":[{"code":"AM"}]}}}`, "", "once a day in the morning (07:30 is CareKeeper's time: change it)", nil, 60},
		{"code PM", `{"timing":{"code":{"coding":[{"code":"PM"}]}}}`, "", "once a day in the evening (20:15 is CareKeeper's time: change it)", nil, 60},
		{"code Q4H", `{"timing":{"code":{"coding":[{"code":"Q4H"}]}}}`, "", "every 4 hours from 1 Mar 2026 07:30 (CareKeeper's time: change it)",
			[]string{"2026-03-01 07:30 -0500 2026-03-01T12:30:00Z", "2026-03-01 11:30 -0500 2026-03-01T16:30:00Z"}, 358},
		{"code Q6H", `{"timing":{"code":{"coding":[{"code":"Q6H"}]}}}`, "", "every 6 hours from 1 Mar 2026 07:30 (CareKeeper's time: change it)", nil, 239},
		{"code Q8H", `{"timing":{"code":{"coding":[{"code":"Q8H"}]}}}`, "", "every 8 hours from 1 Mar 2026 07:30 (CareKeeper's time: change it)", nil, 179},
		{"code unknown", `{"timing":{"code":{"coding":[{"code":"JB"}]}}}`, reasonCode, "set the times yourself", nil, 0},
		{"code other system", `{"timing":{"code":{"coding":[{"system":"http://example.org","code":"BID"}]}}}`, reasonCode, "set the times yourself", nil, 0},
		{"code and repeat agree", `{"timing":{"code":{"coding":[{"code":"BID"}]},"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}`, "", "twice a day (07:30 and 18:30 are CareKeeper's times: change them)", nil, 120},
		{"code and repeat disagree", `{"timing":{"code":{"coding":[{"code":"BID"}]},"repeat":{"frequency":3,"period":1,"periodUnit":"d"}}}`, reasonCodeDisagree, "set the times yourself", nil, 0},
		{"code with bounds", `{"timing":{"code":{"coding":[{"code":"QD"}]},"repeat":{"boundsPeriod":{"start":"2026-03-10","end":"2026-03-12"}}}}`, "", "once a day (07:30 is CareKeeper's time: change it), 10 Mar 2026 to 12 Mar 2026",
			[]string{"2026-03-10 07:30 -0400 2026-03-10T07:30", "2026-03-11 07:30 -0400 2026-03-11T07:30", "2026-03-12 07:30 -0400 2026-03-12T07:30"}, 3},
		{"when ACM offset", `{"timing":{"repeat":{"when":["ACM"],"offset":15}}}`, "", "once a day 15 minutes before breakfast (07:15 is CareKeeper's time: change it)", []string{"2026-03-01 07:15 -0500 2026-03-01T07:15"}, 60},
		{"when PCV offset", `{"timing":{"repeat":{"when":["PCV"],"offset":30}}}`, "", "once a day 30 minutes after dinner (19:00 is CareKeeper's time: change it)", nil, 60},
		{"when C", `{"timing":{"repeat":{"when":["C"]}}}`, "", "three times a day with meals (07:30, 12:30 and 18:30 are CareKeeper's times: change them)", nil, 180},
		{"when HS and WAKE", `{"timing":{"repeat":{"when":["WAKE","HS"]}}}`, "", "twice a day on waking and at bedtime (07:00 and 22:00 are CareKeeper's times: change them)", nil, 120},
		{"when C with freq 1", `{"timing":{"repeat":{"when":["C"],"frequency":1,"period":1,"periodUnit":"d"}}}`, reasonTimesCount, "set the times yourself", nil, 0},
		{"when PHS", `{"timing":{"repeat":{"when":["PHS"]}}}`, reasonWhen, "set the times yourself", nil, 0},
		{"offset with C", `{"timing":{"repeat":{"when":["CM"],"offset":10}}}`, reasonOffset, "set the times yourself", nil, 0},
		{"timeOfDay and when", `{"timing":{"repeat":{"when":["HS"],"timeOfDay":["22:00"]}}}`, reasonTodAndWhen, "set the times yourself", nil, 0},
		{"dayOfWeek", `{"timing":{"repeat":{"dayOfWeek":["mon","wed","fri"],"timeOfDay":["09:00"]}}}`, "", "Mon, Wed, Fri at 09:00",
			[]string{"2026-03-02 09:00 -0500 2026-03-02T09:00", "2026-03-04 09:00 -0500 2026-03-04T09:00", "2026-03-06 09:00 -0500 2026-03-06T09:00"}, 26},
		{"weekly on days with freq", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"wk","dayOfWeek":["tue","thu"]}}}`, "", "Tue, Thu (07:30 is CareKeeper's time: change it)", nil, 17},
		// F417: GP systems write warfarin's days as "frequency 1 per week" on Mon, Wed, Fri at 18:00.
		{"once a week on three days at a time", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["mon","wed","fri"],"timeOfDay":["18:00:00"]}}}`, "", "Mon, Wed, Fri at 18:00",
			[]string{"2026-03-02 18:00 -0500 2026-03-02T18:00", "2026-03-04 18:00 -0500 2026-03-04T18:00", "2026-03-06 18:00 -0500 2026-03-06T18:00"}, 26},
		{"once a week on two days, no time", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["tue","thu"]}}}`, reasonTimesCount, "set the times yourself", nil, 0},
		{"weekly no day", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk"}}}`, "", "once a week on Sun (07:30 is CareKeeper's time: change it)",
			[]string{"2026-03-01 07:30 -0500 2026-03-01T07:30", "2026-03-08 07:30 -0400 2026-03-08T07:30"}, 9},
		{"every 2 weeks", `{"timing":{"repeat":{"frequency":1,"period":2,"periodUnit":"wk"}}}`, "", "every 2 weeks on Sun (07:30 is CareKeeper's time: change it)", nil, 5},
		{"3 a week no days", `{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"wk"}}}`, reasonNoDays, "set the times yourself", nil, 0},
		{"every 3 days", `{"timing":{"repeat":{"frequency":1,"period":3,"periodUnit":"d","timeOfDay":["10:00"]}}}`, "", "every 3 days at 10:00",
			[]string{"2026-03-01 10:00 -0500 2026-03-01T10:00", "2026-03-04 10:00 -0500 2026-03-04T10:00"}, 20},
		{"twice every 2 days", `{"timing":{"repeat":{"frequency":2,"period":2,"periodUnit":"d"}}}`, reasonMultiPerN, "set the times yourself", nil, 0},
		{"monthly", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"mo","timeOfDay":["08:00"]}}}`, "", "once a month on day 1 at 08:00",
			[]string{"2026-03-01 08:00 -0500 2026-03-01T08:00", "2026-04-01 08:00 -0400 2026-04-01T08:00"}, 2},
		{"twice a month", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"mo"}}}`, reasonMultiPerN, "set the times yourself", nil, 0},
		{"yearly", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"a"}}}`, "", "once a year on 1 Mar (07:30 is CareKeeper's time: change it)", nil, 1},
		{"fractional days", `{"timing":{"repeat":{"frequency":1,"period":1.5,"periodUnit":"d"}}}`, reasonFraction, "set the times yourself", nil, 0},
		{"every 36 hours", `{"timing":{"repeat":{"frequency":1,"period":36,"periodUnit":"h"}}}`, "", "every 36 hours from 1 Mar 2026 07:30 (CareKeeper's time: change it)", nil, 40},
		{"every 90 min", `{"timing":{"repeat":{"frequency":1,"period":90,"periodUnit":"min"}}}`, "", "every 90 minutes from 1 Mar 2026 07:30 (CareKeeper's time: change it)", nil, 955},
		{"every 15 min", `{"timing":{"repeat":{"frequency":1,"period":15,"periodUnit":"min"}}}`, reasonTooOften, "set the times yourself", nil, 0},
		{"3 per 24h", `{"timing":{"repeat":{"frequency":3,"period":24,"periodUnit":"h"}}}`, "", "every 8 hours from 1 Mar 2026 07:30 (CareKeeper's time: change it)", nil, 179},
		{"period range", `{"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}}}`, reasonPeriodRange, "set the times yourself", nil, 0},
		{"frequency range", `{"timing":{"repeat":{"frequency":1,"frequencyMax":2,"period":1,"periodUnit":"d"}}}`, reasonFreqRange, "set the times yourself", nil, 0},
		{"no unit", `{"timing":{"repeat":{"frequency":1,"period":1}}}`, reasonNoUnit, "set the times yourself", nil, 0},
		{"frequency only", `{"timing":{"repeat":{"frequency":2}}}`, reasonNoPeriod, "set the times yourself", nil, 0},
		{"bad unit", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"fortnight"}}}`, reasonUnit, "set the times yourself", nil, 0},
		{"count", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","count":5}}}`, "", "twice a day (07:30 and 18:30 are CareKeeper's times: change them), 5 doses",
			[]string{"2026-03-01 07:30 -0500 2026-03-01T07:30", "2026-03-01 18:30 -0500 2026-03-01T18:30", "2026-03-02 07:30 -0500 2026-03-02T07:30", "2026-03-02 18:30 -0500 2026-03-02T18:30", "2026-03-03 07:30 -0500 2026-03-03T07:30"}, 5},
		{"count range", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","count":5,"countMax":7}}}`, reasonCountRange, "set the times yourself", nil, 0},
		{"boundsDuration", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","boundsDuration":{"value":10,"unit":"days","system":"http://unitsofmeasure.org","code":"d"}}}}`, "", "once a day (07:30 is CareKeeper's time: change it), 1 Mar 2026 to 10 Mar 2026", nil, 10},
		{"boundsDuration weeks", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","boundsDuration":{"value":2,"code":"wk"}}}}`, "", "once a day (07:30 is CareKeeper's time: change it), 1 Mar 2026 to 14 Mar 2026", nil, 14},
		{"boundsRange", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","boundsRange":{"low":{"value":5,"code":"d"},"high":{"value":7,"code":"d"}}}}}`, reasonBoundsRange, "set the times yourself", nil, 0},
		// F391: a course whose times cannot be followed keeps its end in the words
		{"times not matching the frequency, with an end", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00","14:00","20:00"],"boundsPeriod":{"start":"2026-03-01","end":"2026-03-07"}}}}`, reasonTimesCount, "until 7 Mar 2026; set the times yourself", nil, 0},
		{"bounds end before start", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","boundsPeriod":{"start":"2026-03-10","end":"2026-03-01"}}}}`, reasonBoundsOrder, "set the times yourself", nil, 0},
		{"bounds dateTime", `{"timing":{"repeat":{"timeOfDay":["08:00"],"boundsPeriod":{"start":"2026-03-02T12:00:00-05:00","end":"2026-03-04T08:00:00-05:00"}}}}`, "", "once a day at 08:00, 2 Mar 2026 to 4 Mar 2026",
			[]string{"2026-03-03 08:00 -0500 2026-03-03T08:00", "2026-03-04 08:00 -0500 2026-03-04T08:00"}, 2},
		{"events", `{"timing":{"event":["2026-03-05T09:00:00-05:00","2026-03-02T21:00:00Z"]}}`, "", "on 2 dates",
			[]string{"2026-03-02 16:00 -0500 2026-03-02T21:00:00Z", "2026-03-05 09:00 -0500 2026-03-05T14:00:00Z"}, 2},
		{"floating event", `{"timing":{"event":["2026-03-08T02:30:00"]}}`, "", "once, 8 Mar 2026 02:30",
			[]string{"2026-03-08 03:00 -0400 2026-03-08T02:30"}, 1},
		{"event plus interval", `{"timing":{"event":["2026-03-01T22:00:00-05:00"],"repeat":{"frequency":1,"period":12,"periodUnit":"h"}}}`, "", "every 12 hours from 1 Mar 2026 22:00",
			[]string{"2026-03-01 22:00 -0500 2026-03-02T03:00:00Z", "2026-03-02 10:00 -0500 2026-03-02T15:00:00Z"}, 119},
		{"events plus daily", `{"timing":{"event":["2026-03-01T22:00:00-05:00","2026-03-02T22:00:00-05:00"],"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}`, reasonEvents, "set the times yourself", nil, 0},
		{"as needed boolean", `{"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},"asNeededBoolean":true}`, "", "as needed, at least 4 hours apart", nil, 0},
		{"as needed concept", `{"asNeededCodeableConcept":{"text":"x"}}`, "", "as needed for x", nil, 0},
		{"text only", `{"text":"as directed"}`, reasonNoTiming, "set the times yourself", nil, 0},
		{"modifier extension", `{"modifierExtension":[{"url":"x"}],"timing":{"repeat":{"timeOfDay":["09:00"]}}}`, reasonModifier, "set the times yourself", nil, 0},
		{"bad weekday", `{"timing":{"repeat":{"dayOfWeek":["funday"]}}}`, reasonBadWeekday, "set the times yourself", nil, 0},
		{"bad time", `{"timing":{"repeat":{"timeOfDay":["25:00"]}}}`, reasonBadClock, "set the times yourself", nil, 0},
		{"wrong type", `{"timing":{"repeat":{"frequency":"two"}}}`, reasonFieldType, "set the times yourself", nil, 0},
		{"negative", `{"timing":{"repeat":{"frequency":-1,"period":1,"periodUnit":"d"}}}`, reasonNegative, "set the times yourself", nil, 0},
	}
	r := DefaultRoutine()
	from := local(t, ny, "2026-03-01 00:00")
	to := from.AddDate(0, 0, 60)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := PlanFromResource(medReq("2026-03-01", c.dosage))
			if err != nil {
				t.Fatal(err)
			}
			if p.Unclear != c.unclear {
				t.Fatalf("Unclear = %q, want %q", p.Unclear, c.unclear)
			}
			if got := p.Describe(r); got != c.desc {
				t.Errorf("Describe = %q, want %q", got, c.desc)
			}
			occ := p.Occurrences(from, to, ny, r, time.Time{})
			got := fmtOcc(occ)
			if len(c.first) > 0 && (len(got) < len(c.first) || !slices.Equal(got[:len(c.first)], c.first)) {
				t.Errorf("first occurrences:\n got %q\nwant %q", got[:min(len(got), len(c.first))], c.first)
			}
			if c.total >= 0 && len(occ) != c.total {
				t.Errorf("%d occurrences in 60 days, want %d", len(occ), c.total)
			}
		})
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
}

// Issue 12 §3/§5: a repeated timing.event (also the same instant with two UTC offsets) is one
// dose, and the description counts distinct instants.
func TestRepeatedEvents(t *testing.T) {
	rep := make([]string, 100_000)
	for i := range rep {
		rep[i] = `"2026-03-05T09:00:00Z"`
	}
	for _, c := range []struct {
		name, events string
		n            int
		desc         string
	}{
		{"100,000 identical", strings.Join(rep, ","), 1, "once, 5 Mar 2026 09:00"},
		{"two offsets", `"2026-03-05T09:00:00Z","2026-03-05T10:00:00+01:00"`, 1, "once, 5 Mar 2026 09:00"},
		{"2 instants written 3 times", `"2026-03-05T09:00:00Z","2026-03-05T04:00:00-05:00","2026-03-06T09:00:00Z"`, 2, "on 2 dates"},
		{"2 instants on one date", `"2026-03-05T09:00:00Z","2026-03-05T21:00:00Z","2026-03-05T21:00:00Z"`, 2, "2 times on 5 Mar 2026"},
		{"floating repeated", `"2026-03-05T09:00:00","2026-03-05T09:00:00"`, 1, "once, 5 Mar 2026 09:00"},
	} {
		p, err := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","dosageInstruction":[{"timing":{"event":[` + c.events + `]}}]}`))
		if err != nil || p.Problem() != "" {
			t.Fatalf("%s: %v %q", c.name, err, p.Problem())
		}
		occ := p.Occurrences(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.UTC, DefaultRoutine(), time.Time{})
		if len(occ) != c.n {
			t.Errorf("%s: %d doses, want %d", c.name, len(occ), c.n)
		}
		if d := p.Describe(DefaultRoutine()); d != c.desc {
			t.Errorf("%s: %q, want %q", c.name, d, c.desc)
		}
	}
	// A stored plan with repeats (from before) still gives one dose per instant.
	at := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	stored := Plan{Phases: []Phase{{Timing: Timing{Events: []time.Time{at, at.In(time.FixedZone("x", 3600)), at}}}}}
	if occ := stored.Occurrences(at.Add(-time.Hour), at.Add(time.Hour), time.UTC, DefaultRoutine(), time.Time{}); len(occ) != 1 {
		t.Errorf("stored plan: %d doses", len(occ))
	}
	many := make([]string, maxEvents+1)
	for i := range many {
		many[i] = `"` + at.Add(time.Duration(i)*time.Hour).Format(time.RFC3339) + `"`
	}
	if p, _ := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","dosageInstruction":[{"timing":{"event":[` + strings.Join(many, ",") + `]}}]}`)); p.Problem() != reasonManyEvents {
		t.Errorf("too many dates: %q", p.Problem())
	}
}
