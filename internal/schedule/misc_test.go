package schedule

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

func TestParseClock(t *testing.T) {
	cases := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"08:00", 480, true}, {"8:00", 480, true}, {"08:00:00", 480, true}, {"23:59:59.999", 1439, true},
		{"00:00", 0, true}, {"24:00", 0, false}, {"08:60", 0, false}, {"8", 0, false}, {"08:00:00:00", 0, false},
		{"ab:cd", 0, false}, {"08:0", 0, false}, {"08:00:61", 0, false}, {"08:00:00.", 0, false}, {"", 0, false},
	}
	for _, c := range cases {
		got, err := ParseClock(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseClock(%q) = %v, %v", c.in, got, err)
		}
	}
	if Clock(485).String() != "08:05" || Clock(-1).String() != "invalid" {
		t.Error("String")
	}
}

// TestPlanJSONRoundTrip: plans (with floating and absolute times) survive encoding/json.
func TestPlanJSONRoundTrip(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	p := Plan{Phases: []Phase{
		{Sequence: 1, Text: "t", Dose: "1 TAB", Timing: Timing{
			Events: []time.Time{time.Date(2026, 3, 8, 2, 30, 0, 0, Floating), time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)},
			Code:   "BID", Frequency: 2, Period: 1, PeriodUnit: "d", TimeOfDay: []Clock{480, 1200},
			DayOfWeek: []time.Weekday{1, 3}, When: []string{"ACM"}, Offset: 15,
			BoundsStart: time.Date(2026, 3, 1, 0, 0, 0, 0, Floating), BoundsEnd: time.Date(2026, 4, 1, 8, 0, 0, 0, time.FixedZone("", -5*3600)),
			BoundsDuration: 10, BoundsDurationUnit: "d", Count: 4, CountMax: 4}},
		{Sequence: 2, AsNeeded: true},
	}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"boundsStart":"2026-03-01T00:00:00"`) || !strings.Contains(string(b), `"timeOfDay":["08:00","20:00"]`) {
		t.Errorf("JSON: %s", b)
	}
	var q Plan
	if err := json.Unmarshal(b, &q); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(q)
	if string(b) != string(b2) {
		t.Errorf("round trip:\n%s\n%s", b, b2)
	}
	if !IsFloating(q.Phases[0].Timing.BoundsStart) || IsFloating(q.Phases[0].Timing.Events[1]) {
		t.Error("floating lost")
	}
	// A real plan gives the same doses after the round trip.
	p2, _ := PlanFromResource(medReq("2026-03-01", `{"timing":{"repeat":{"when":["ACM","HS"],"offset":20,"boundsDuration":{"value":5,"code":"d"}}}}`))
	b, _ = json.Marshal(p2)
	var p3 Plan
	if err := json.Unmarshal(b, &p3); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, ny), time.Date(2026, 4, 1, 0, 0, 0, 0, ny)
	a, c := p2.Occurrences(from, to, ny, DefaultRoutine(), time.Time{}), p3.Occurrences(from, to, ny, DefaultRoutine(), time.Time{})
	if !reflect.DeepEqual(fmtOcc(a), fmtOcc(c)) || len(a) != 10 {
		t.Errorf("after round trip: %q vs %q", fmtOcc(a), fmtOcc(c))
	}
	var r Routine
	if err := json.Unmarshal([]byte(`{"wake":"06:15","breakfast":420,"lunch":"12:00","dinner":"18:00","bed":"23:00:00"}`), &r); err != nil || r.Wake != 375 || r.Breakfast != 420 || r.Bed != 1380 {
		t.Errorf("routine: %+v %v", r, err)
	}
}

func TestPlanFromResourceErrors(t *testing.T) {
	cases := []struct {
		in  string
		err bool
	}{
		{`not json`, true},
		{`[]`, true},
		{`{"resourceType":"Patient"}`, true},
		{`{"resourceType":"MedicationRequest","authoredOn":12}`, true},
		{`{"resourceType":"MedicationRequest","authoredOn":"yesterday","dosageInstruction":[{"timing":{"code":{"coding":[{"code":"BID"}]}}}]}`, false},
		{`{"resourceType":"MedicationRequest","dosageInstruction":[{"sequence":1,"timing":{"code":{"coding":[{"code":"BID"}]}}},{"timing":{"code":{"coding":[{"code":"QD"}]}}}]}`, false},
	}
	for _, c := range cases {
		p, err := PlanFromResource([]byte(c.in))
		if (err != nil) != c.err {
			t.Errorf("%s: err %v", c.in, err)
		}
		if err == nil && p.Unclear == "" {
			t.Errorf("%s: want Unclear", c.in)
		}
		if err != nil && (strings.Contains(err.Error(), "Patient") || strings.Contains(err.Error(), "yesterday")) {
			t.Errorf("error quotes the input: %v", err)
		}
	}
	if _, err := PlanFromResource([]byte(`{"resourceType":"Observation"}`)); !errors.Is(err, ErrNotMedication) {
		t.Errorf("want ErrNotMedication, got %v", err)
	}
	// No start date and a rule that needs one.
	p, _ := PlanFromResource(medReq("", `{"timing":{"code":{"coding":[{"code":"QOD"}]}}}`))
	if p.Unclear != reasonNoStart {
		t.Errorf("QOD without start: %q", p.Unclear)
	}
	// Daily without start is fine (every day).
	p, _ = PlanFromResource(medReq("", `{"timing":{"code":{"coding":[{"code":"BID"}]}}}`))
	if p.Unclear != "" || len(p.Occurrences(time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 5, 2, 0, 0, 0, 0, time.UTC), time.UTC, DefaultRoutine(), time.Time{})) != 2 {
		t.Errorf("BID without start: %q", p.Unclear)
	}
	// MedicationDispense: dosageInstruction from whenHandedOver.
	p, err := PlanFromResource([]byte(`{"resourceType":"MedicationDispense","whenHandedOver":"2026-05-01T10:00:00Z","dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["09:00"]}}}]}`))
	if err != nil || p.Unclear != "" || !p.Phases[0].Timing.BoundsStart.Equal(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("dispense: %+v %v", p, err)
	}
}

func TestRoutineChangesTimes(t *testing.T) {
	p, _ := PlanFromResource(medReq("2026-03-01", `{"timing":{"repeat":{"when":["ACM","ACV"],"offset":30}}}`))
	r := Routine{Wake: 5 * 60, Breakfast: 6 * 60, Lunch: 11 * 60, Dinner: 17 * 60, Bed: 21 * 60}
	if got := p.Describe(r); got != "twice a day 30 minutes before breakfast and 30 minutes before dinner (05:30 and 16:30 are CareKeeper's times: change them)" {
		t.Errorf("Describe = %q", got)
	}
	// A routine that goes past midnight: bed at 01:00.
	night := Routine{Wake: 10 * 60, Breakfast: 10*60 + 30, Lunch: 14 * 60, Dinner: 20 * 60, Bed: 60}
	p, _ = PlanFromResource(medReq("2026-03-01", `{"timing":{"repeat":{"frequency":6,"period":1,"periodUnit":"d"}}}`))
	if got := p.Describe(night); got != "six times a day (01:00, 10:00, 13:00, 16:00, 19:00 and 22:00 are CareKeeper's times: change them)" {
		t.Errorf("Describe = %q", got)
	}
}

// FuzzPlanFromResource: never panics; junk gives an error or Unclear; an understood plan
// describes itself and gives doses without panicking.
func FuzzPlanFromResource(f *testing.F) {
	// Seeds: the HL7 medication examples when the shared fixtures are there (the fuzz test
	// itself needs none).
	dir, _ := testutil.FindFixtures()
	files, _ := filepath.Glob(filepath.Join(dir, "hl7-examples", "Medication*.json"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add(medReq("2026-03-01", `{"timing":{"repeat":{"when":["ACM"],"offset":10,"count":3}}}`))
	f.Add(medReq("2026-03-01T10:00:00+11:00", `{"sequence":1,"timing":{"code":{"coding":[{"code":"TID"}]},"repeat":{"boundsDuration":{"value":3,"code":"d"}}}}`, `{"sequence":2,"timing":{"event":["2026-03-10"]}}`))
	f.Add([]byte(`{"resourceType":"MedicationStatement","effectivePeriod":{"start":"2028-02-29"},"dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"a"}}}]}`))
	f.Add([]byte(`{}`))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, ny)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := PlanFromResource(b)
		if err != nil {
			return
		}
		r := DefaultRoutine()
		_ = p.Describe(r)
		_, _ = p.Span(ny, r)
		occ := p.Occurrences(from, from.AddDate(0, 0, 10), ny, r, time.Time{})
		if p.Unclear != "" && len(occ) != 0 {
			t.Fatal("unclear plan gave doses")
		}
		for i := 1; i < len(occ); i++ {
			if occ[i].At.Before(occ[i-1].At) {
				t.Fatal("not sorted")
			}
		}
		if _, err := json.Marshal(p); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFarDates: a start in year 1 or a huge count must neither hang nor overflow.
func TestFarDates(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, ny)
	for _, d := range []string{
		`{"timing":{"code":{"coding":[{"code":"Q8H"}]}}}`,
		`{"timing":{"repeat":{"frequency":1,"period":366,"periodUnit":"d","count":1000000}}}`,
		`{"timing":{"repeat":{"frequency":1,"period":8784,"periodUnit":"h","count":1000000}}}`,
		`{"timing":{"repeat":{"frequency":1,"period":10,"periodUnit":"a","count":999999}}}`,
	} {
		for _, authored := range []string{"0001-01-01", "0001-01-02", "9999-12-31", "2026-02-28"} {
			p, err := PlanFromResource(medReq(authored, d))
			if err != nil {
				t.Fatal(err)
			}
			occ := p.Occurrences(from, from.AddDate(1, 0, 0), ny, DefaultRoutine(), time.Time{})
			for i := 1; i < len(occ); i++ {
				if !occ[i].At.After(occ[i-1].At) {
					t.Fatalf("%s from %s: not increasing", d, authored)
				}
			}
			_, _ = p.Span(ny, DefaultRoutine())
		}
	}
	p, _ := PlanFromResource(medReq("0001-01-02", `{"timing":{"code":{"coding":[{"code":"Q8H"}]}}}`))
	if occ := p.Occurrences(from, from.AddDate(0, 0, 1), ny, DefaultRoutine(), time.Time{}); len(occ) != 3 {
		t.Errorf("Q8H from year 1: %d doses in a day", len(occ))
	}
}

// Issue 12 §4: one interval validator. Whatever EveryHours (the app and the CLI) accepts, the
// scheduler turns into doses; whatever it refuses, the scheduler would have dropped.
func TestIntervalValidatorShared(t *testing.T) {
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, h := range []float64{0.25, 0.5, 0.99, 1, 1.5, 8, 24, 36, 168, 168.01, 200, -1, 0, math.NaN(), math.Inf(1)} {
		p, err := EveryHours(h, start)
		accepted := err == nil
		raw := Plan{Phases: []Phase{{Timing: Timing{Frequency: 1, Period: h, PeriodUnit: "h", BoundsStart: start}}}}
		schedulable := raw.Problem() == "" && len(raw.Occurrences(start, start.AddDate(0, 0, 15), time.UTC, DefaultRoutine(), time.Time{})) > 0
		if accepted != schedulable {
			t.Errorf("every %v h: the person's entry accepted %v, the scheduler %v", h, accepted, schedulable)
		}
		if accepted && (p.Problem() != "" || len(p.Occurrences(start, start.AddDate(0, 0, 15), time.UTC, DefaultRoutine(), time.Time{})) == 0) {
			t.Errorf("every %v h: accepted but gives no doses", h)
		}
		if !accepted && err != ErrInterval {
			t.Errorf("every %v h: %v", h, err)
		}
	}
	for text, ok := range map[string]bool{"8": true, " 1,5 ": true, "0.5": false, "eight": false, "": false} {
		if _, err := ParseEveryHours(text, start); (err == nil) != ok {
			t.Errorf("%q: %v", text, err)
		}
	}
}

// ParseEveryHours never accepts what the scheduler cannot follow.
func FuzzParseEveryHours(f *testing.F) {
	for _, s := range []string{"8", "1,5", "0.5", "168", "168.0001", "1e3", "NaN", "-inf", " 24 ", "0x10"} {
		f.Add(s)
	}
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseEveryHours(s, start)
		if err != nil {
			if err != ErrInterval {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if p.Problem() != "" || len(p.Occurrences(start, start.AddDate(0, 0, 8), time.UTC, DefaultRoutine(), time.Time{})) == 0 {
			t.Fatalf("%q accepted but the scheduler gives no doses (%q)", s, p.Problem())
		}
	})
}
