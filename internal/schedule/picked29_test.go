package schedule

import (
	"strings"
	"testing"
	"time"
)

// F188: "every N hours" from a record that gives a day and no time (authoredOn 2026-12-01, no
// dose taken yet) reminded at 00:00, 08:00 and 16:00 — a midnight dose CareKeeper picked
// without saying so. The first dose is at breakfast that day (the person's routine), said as
// CareKeeper's time; a dose taken moves the next ones, as before.
func TestEveryHoursFromADayStartsAtBreakfast(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, tokyo) }
	late := DefaultRoutine()
	late.Breakfast = 9 * 60
	for _, tc := range []struct {
		name    string
		repeat  string
		routine Routine
		last    time.Time
		want    []string // the doses from 5 Dec 00:00 to 7 Dec 00:00
		words   string
	}{
		{"every 8 hours", `"frequency":1,"period":8,"periodUnit":"h"`, DefaultRoutine(), time.Time{},
			[]string{"5 Dec 07:30", "5 Dec 15:30", "5 Dec 23:30", "6 Dec 07:30", "6 Dec 15:30", "6 Dec 23:30"},
			"every 8 hours from 1 Dec 2026 07:30 (CareKeeper's time: change it)"},
		{"every 8 hours, breakfast at 09:00", `"frequency":1,"period":8,"periodUnit":"h"`, late, time.Time{},
			[]string{"5 Dec 01:00", "5 Dec 09:00", "5 Dec 17:00", "6 Dec 01:00", "6 Dec 09:00", "6 Dec 17:00"},
			"every 8 hours from 1 Dec 2026 09:00 (CareKeeper's time: change it)"},
		{"every 8 hours, a dose taken at 10:10", `"frequency":1,"period":8,"periodUnit":"h"`, DefaultRoutine(), at(5, 10, 10),
			[]string{"5 Dec 07:30", "5 Dec 18:10", "6 Dec 02:10", "6 Dec 10:10", "6 Dec 18:10"},
			"every 8 hours from 1 Dec 2026 07:30 (CareKeeper's time: change it)"},
		{"every 36 hours", `"frequency":1,"period":36,"periodUnit":"h"`, DefaultRoutine(), time.Time{},
			[]string{"5 Dec 19:30"}, // 1 Dec 07:30, 2 Dec 19:30, 4 Dec 07:30, 5 Dec 19:30
			"every 36 hours from 1 Dec 2026 07:30 (CareKeeper's time: change it)"},
		{"every 48 hours", `"frequency":1,"period":48,"periodUnit":"h"`, DefaultRoutine(), time.Time{},
			[]string{"5 Dec 07:30"},
			"every 48 hours from 1 Dec 2026 07:30 (CareKeeper's time: change it)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := `{"resourceType":"MedicationRequest","status":"active","intent":"order","authoredOn":"2026-12-01",` +
				`"dosageInstruction":[{"timing":{"repeat":{` + tc.repeat + `}}}]}`
			p, err := PlanFromResource([]byte(res))
			if err != nil || p.Problem() != "" {
				t.Fatalf("plan: %v %q", err, p.Problem())
			}
			var got []string
			for _, o := range p.Occurrences(at(5, 0, 0), at(7, 0, 0), tokyo, tc.routine, tc.last) {
				got = append(got, o.At.In(tokyo).Format("2 Jan 15:04"))
			}
			if strings.Join(got, ", ") != strings.Join(tc.want, ", ") {
				t.Errorf("doses %q, want %q", got, tc.want)
			}
			if w := p.Describe(tc.routine); w != tc.words {
				t.Errorf("said %q, want %q", w, tc.words)
			}
			if !p.PickedTimes() {
				t.Error("the times are CareKeeper's, PickedTimes says not")
			}
		})
	}
}

// An order written at 20:15 (Synthea's authoredOn) is not a first dose at 20:15, then 04:15
// at night: its day is kept, the first dose is at breakfast, said as CareKeeper's (F188).
func TestEveryHoursFromWhenTheOrderWasWritten(t *testing.T) {
	p, err := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","status":"active","intent":"order","authoredOn":"2017-03-28T20:15:35+00:00","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":8,"periodUnit":"h"}}}]}`))
	if err != nil || p.Problem() != "" {
		t.Fatalf("plan: %v %q", err, p.Problem())
	}
	utc := time.UTC
	var got []string
	for _, o := range p.Occurrences(time.Date(2017, 3, 29, 0, 0, 0, 0, utc), time.Date(2017, 3, 30, 0, 0, 0, 0, utc), utc, DefaultRoutine(), time.Time{}) {
		got = append(got, o.At.Format("15:04"))
	}
	if strings.Join(got, " ") != "07:30 15:30 23:30" {
		t.Errorf("29 Mar doses %q, want 07:30 15:30 23:30", got)
	}
	if w := p.Describe(DefaultRoutine()); w != "every 8 hours from 28 Mar 2017 07:30 (CareKeeper's time: change it)" {
		t.Errorf("said %q", w)
	}
}

// A first dose the record gives (its boundsPeriod.start with a time, a single event) or a
// start the person set ('every 8 hours' from now) is kept: only a day with no time is
// CareKeeper's to fill — and when the order was written (authoredOn 20:15) is not a dose time.
func TestEveryHoursFromAGivenTimeKeepsIt(t *testing.T) {
	utc := time.UTC
	for _, tc := range []struct{ name, res, first, words string }{
		{"a start the record gives", `{"resourceType":"MedicationRequest","status":"active","intent":"order","authoredOn":"2026-12-01","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":8,"periodUnit":"h","boundsPeriod":{"start":"2026-12-01T14:00:00Z"}}}}]}`,
			"1 Dec 14:00", "every 8 hours"},
		{"a first dose given", `{"resourceType":"MedicationRequest","status":"active","intent":"order","authoredOn":"2026-12-01","dosageInstruction":[{"timing":{"event":["2026-12-01T06:00:00"],"repeat":{"frequency":1,"period":8,"periodUnit":"h"}}}]}`,
			"1 Dec 06:00", "every 8 hours from 1 Dec 2026 06:00"},
	} {
		p, err := PlanFromResource([]byte(tc.res))
		if err != nil || p.Problem() != "" {
			t.Fatalf("%s: %v %q", tc.name, err, p.Problem())
		}
		occ := p.Occurrences(time.Date(2026, 12, 1, 0, 0, 0, 0, utc), time.Date(2026, 12, 2, 0, 0, 0, 0, utc), utc, DefaultRoutine(), time.Time{})
		if len(occ) == 0 || occ[0].At.Format("2 Jan 15:04") != tc.first {
			t.Errorf("%s: doses %v, want the first at %s", tc.name, occ, tc.first)
		}
		if w := p.Describe(DefaultRoutine()); w != tc.words {
			t.Errorf("%s: said %q, want %q", tc.name, w, tc.words)
		}
	}
	p, err := EveryHours(8, time.Date(2026, 12, 5, 21, 56, 0, 0, utc))
	if err != nil {
		t.Fatal(err)
	}
	if occ := p.Occurrences(time.Date(2026, 12, 5, 0, 0, 0, 0, utc), time.Date(2026, 12, 6, 0, 0, 0, 0, utc), utc, DefaultRoutine(), time.Time{}); len(occ) != 1 || occ[0].At.Format("15:04") != "21:56" {
		t.Errorf("set from 21:56: %v", occ)
	}
}
