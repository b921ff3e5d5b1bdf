package health

import (
	"fmt"
	"math"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

func day0() time.Time { return time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC) }

func series(unit string, pts ...Point) *Series {
	return (&Series{Code: LOINC + "|29463-7", Name: "Body Weight", Unit: unit}).Append(pts...)
}

func TestFlagOf(t *testing.T) {
	lo, hi := 4.0, 5.7
	r := Range{Low: &lo, High: &hi}
	typ := Range{Low: &lo, High: &hi, Typical: true}
	tests := []struct {
		v      float64
		r      Range
		interp string
		want   Flag
	}{
		{6, r, "", FlagHigh}, {3, r, "", FlagLow}, {5, r, "", FlagNone}, {5.7, r, "", FlagNone},
		{5, r, "H", FlagHigh}, {5, r, "LL", FlagLow}, {5, r, "A", FlagAbnormal}, {9, r, "N", FlagNone},
		{9, typ, "", FlagNone}, {9, Range{}, "", FlagNone}, {math.NaN(), r, "", FlagNone},
	}
	for _, tc := range tests {
		if got := FlagOf(tc.v, tc.r, tc.interp); got != tc.want {
			t.Errorf("FlagOf(%v, %+v, %q) = %q, want %q", tc.v, tc.r, tc.interp, got, tc.want)
		}
	}
}

func TestResultsFlagsFromRecord(t *testing.T) {
	obs := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}],"text":"HbA1c"},"effectiveDateTime":"2026-01-0%d","valueQuantity":{"value":%v,"unit":"%%"},"referenceRange":[{"low":{"value":4},"high":{"value":5.6}}]%s}`
	bp := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2026-01-05","component":[` +
		`{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":118,"unit":"mmHg"}},` +
		`{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":100,"unit":"mmHg"},"interpretation":[{"coding":[{"code":"H"}]}]}]}`
	recs := []Resource{
		{Key: Key{LocalSource, "Observation", "1"}, JSON: []byte(fmt.Sprintf(obs, 1, 7.1, ""))},
		{Key: Key{LocalSource, "Observation", "2"}, JSON: []byte(fmt.Sprintf(obs, 2, 5.0, ""))},
		{Key: Key{LocalSource, "Observation", "3"}, JSON: []byte(fmt.Sprintf(obs, 3, 5.0, `,"interpretation":[{"coding":[{"code":"L"}]}]`))},
		{Key: Key{LocalSource, "Observation", "4"}, JSON: []byte(fmt.Sprintf(obs, 4, 1.7e308, ""))},
		{Key: Key{LocalSource, "Observation", "5"}, JSON: []byte(bp)},
	}
	s := NewSet(recs, nil)
	var a1c, pressure *Series
	for _, se := range Results(s) {
		switch {
		case se.Pair:
			pressure = se
		case codeOnly(se.Code) == "4548-4":
			a1c = se
		}
	}
	if a1c == nil || a1c.Len() != 3 {
		t.Fatalf("HbA1c series %+v (the 1.7e308 reading must be left out)", a1c)
	}
	for i, want := range []Flag{FlagHigh, FlagNone, FlagLow} {
		if a1c.At(i).Flag != want {
			t.Errorf("point %d flag %q, want %q", i, a1c.At(i).Flag, want)
		}
	}
	if Unreadable(s) != 1 {
		t.Errorf("Unreadable = %d, want 1", Unreadable(s))
	}
	// A diastolic 100 is flagged on its own even though it would sit inside the systolic band.
	if pressure == nil || pressure.At(0).Flag != FlagNone || pressure.At(0).Flag2 != FlagHigh {
		t.Fatalf("blood pressure %+v", pressure)
	}
	c := BuildChart(pressure, PeriodAll, day0().AddDate(0, 1, 0))
	if len(c.Lines) != 2 || c.Lines[1].Name != "Diastolic" || *c.Lines[1].Band.High != 80 || *c.Lines[0].Band.High != 120 ||
		c.Lines[1].Band.Label != "Typical adult range" || !c.ValueCard || c.Latest != "118/100 mmHg" || c.LatestFlag != FlagHigh {
		t.Errorf("chart %+v", c)
	}
}

func TestChartGapsBreakTheLine(t *testing.T) {
	var pts []Point
	// Monthly readings for a year, then nothing for 17 years, then monthly again.
	for i := 0; i < 12; i++ {
		pts = append(pts, Point{T: day0().AddDate(-18, i, 0), V: 80})
	}
	for i := 0; i < 6; i++ {
		pts = append(pts, Point{T: day0().AddDate(0, i, 0), V: 82})
	}
	se := series("kg", pts...)
	c := BuildChart(se, PeriodAll, day0().AddDate(0, 6, 0))
	if len(c.Lines) != 1 || len(c.Lines[0].Segments) != 2 || len(c.Lines[0].Segments[0]) != 12 || len(c.Lines[0].Segments[1]) != 6 {
		t.Fatalf("segments %+v", c.Lines[0].Segments)
	}
	if c.ValueCard || c.Summarised != SummaryNone || c.Readings != 18 {
		t.Errorf("chart %+v", c)
	}
	// Regular readings stay one segment, even with one missed month.
	c = BuildChart(series("kg", pts[:5]...), PeriodAll, day0())
	if len(c.Lines[0].Segments) != 1 {
		t.Errorf("regular readings split: %d segments", len(c.Lines[0].Segments))
	}
	// The period window.
	if c := BuildChart(se, Period1Y, day0().AddDate(0, 6, 0)); c.Readings != 6 {
		t.Errorf("1 year: %d readings", c.Readings)
	}
	if c := BuildChart(se, Period1M, day0().AddDate(3, 0, 0)); c.Readings != 0 || c.Lines != nil || c.Latest != "" {
		t.Errorf("empty window %+v", c)
	}
}

func TestChartDenseSeriesSummarised(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		every    time.Duration
		want     Summarised
		maxDrawn int
	}{
		{"few", 30, 24 * time.Hour, SummaryNone, 30},
		{"140 readings in 35 days", 140, 6 * time.Hour, SummaryDaily, 36},
		{"140 readings in a year", 140, 62 * time.Hour, SummaryWeekly, 60},
		{"2000 readings over 5 years", 2000, 22 * time.Hour, SummaryMonthly, 61},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pts []Point
			for i := 0; i < tc.n; i++ {
				pts = append(pts, Point{T: day0().Add(time.Duration(i) * tc.every), V: float64(120 + i%7)})
			}
			c := BuildChart(series("mm[Hg]", pts...), PeriodAll, pts[len(pts)-1].T)
			if c.Summarised != tc.want {
				t.Fatalf("summarised %q, want %q", c.Summarised, tc.want)
			}
			drawn, total := 0, 0
			for _, seg := range c.Lines[0].Segments {
				for _, p := range seg {
					drawn++
					total += p.N
					if p.Min > p.V || p.Max < p.V || p.Min < 120 || p.Max > 126 {
						t.Errorf("point %+v", p)
					}
				}
			}
			if drawn > tc.maxDrawn || total != tc.n {
				t.Errorf("%d points drawn for %d readings (want at most %d, all counted)", drawn, total, tc.maxDrawn)
			}
		})
	}
}

func TestChangeWords(t *testing.T) {
	tests := []struct {
		name string
		se   *Series
		want string
	}{
		{"one reading", series("kg", Point{T: day0(), V: 80}), "first reading"},
		{"up", series("kg", Point{T: day0(), V: 80}, Point{T: day0().AddDate(0, 1, 0), V: 82.54}), "+2.5 kg since 1 Jan 2026"},
		{"down", series("kg", Point{T: day0(), V: 80}, Point{T: day0().AddDate(0, 1, 0), V: 79}), "−1 kg since 1 Jan 2026"},
		{"same", series("kg", Point{T: day0(), V: 80}, Point{T: day0().AddDate(0, 1, 0), V: 80.01}), "no change since 1 Jan 2026"},
		{"17 years", series("kg", Point{T: day0().AddDate(-17, 0, -3), V: 80}, Point{T: day0(), V: 70}), "first reading in 17 years"},
		// a yearly check 371 days after the one before is not "the first reading in 1 year"
		{"13 months", series("kg", Point{T: day0().AddDate(-1, -1, 0), V: 80}, Point{T: day0(), V: 70}), "first reading in 13 months"},
		{"371 days", series("kg", Point{T: day0().AddDate(0, 0, -371), V: 80}, Point{T: day0(), V: 70}), "first reading in over a year"},
		// a child's height 19 months after the one before, a blood pressure 23 months after (F394)
		{"19 months", series("cm", Point{T: day0().AddDate(0, -19, -6), V: 109.2}, Point{T: day0(), V: 118}), "first reading in 19 months"},
		{"23 months", series("kg", Point{T: day0().AddDate(0, -23, 0), V: 80}, Point{T: day0(), V: 70}), "first reading in 23 months"},
		{"2 years and a day", series("kg", Point{T: day0().AddDate(-2, 0, -1), V: 80}, Point{T: day0(), V: 70}), "first reading in 2 years"},
		{"pressure", (&Series{Pair: true, Unit: "mmHg"}).Append(Point{T: day0(), V: 120, V2: 80}, Point{T: day0().AddDate(0, 0, 7), V: 131, V2: 78}), "+11/−2 mmHg since 1 Jan 2026"},
		// A reading dated by its year or month is not "since 1 Jan 2026" (the app said so; verify18).
		{"since a year", series("kg", Point{T: day0(), V: 80, DateOnly: true, Precision: fhirjson.PrecisionYear}, Point{T: day0().AddDate(0, 10, 0), V: 82}), "+2 kg since 2026"},
		{"since a month", series("kg", Point{T: day0(), V: 80, DateOnly: true, Precision: fhirjson.PrecisionMonth}, Point{T: day0().AddDate(0, 3, 0), V: 82}), "+2 kg since January 2026"},
	}
	for _, tc := range tests {
		if got := ChangeWords(tc.se, tc.se.Latest().T); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := ChangeWords(series("kg"), day0()); got != "" {
		t.Errorf("no readings: %q", got)
	}
}

func TestPeriods(t *testing.T) {
	now := day0()
	want := map[ChartPeriod]string{Period1M: "1 month", Period3M: "3 months", Period1Y: "1 year", Period5Y: "5 years", PeriodAll: "All"}
	for _, p := range Periods() {
		if p.Label() != want[p] {
			t.Errorf("%s label %q", p, p.Label())
		}
		if (p == PeriodAll) != p.From(now).IsZero() || (p != PeriodAll && !p.From(now).Before(now)) {
			t.Errorf("%s from %v", p, p.From(now))
		}
	}
}

// Each blood pressure component keeps its own range from the record: a diastolic of 86
// against the record's 85 is flagged High while the systolic band is the record's 130.
func TestBloodPressureOwnRanges(t *testing.T) {
	bp := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2026-01-06","component":[` +
		`{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":118,"unit":"mmHg"},"referenceRange":[{"high":{"value":130}}]},` +
		`{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":86,"unit":"mmHg"},"referenceRange":[{"high":{"value":85}}]}]}`
	se := Results(NewSet([]Resource{{Key: Key{LocalSource, "Observation", "bp"}, JSON: []byte(bp)}}, nil))[0]
	if !se.Pair || *se.Range.High != 130 || *se.Range2.High != 85 || se.Range.Typical || se.Range2.Typical {
		t.Fatalf("ranges %+v %+v", se.Range, se.Range2)
	}
	c := BuildChart(se, PeriodAll, day0().AddDate(0, 1, 0))
	if c.Lines[0].Band.Label != "Reference range" || *c.Lines[1].Band.High != 85 || c.LatestFlag != FlagHigh || se.At(0).Flag != FlagNone {
		t.Errorf("chart %+v", c)
	}
}
