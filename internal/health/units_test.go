package health

import (
	"math"
	"strings"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// The factors are UCUM's; mass and substance concentrations convert only where the analyte's
// molar mass is known.
func TestConvertUnit(t *testing.T) {
	for _, tc := range []struct {
		v        float64
		from, to string
		code     string
		want     float64
		ok       bool
	}{
		{172, "[lb_av]", "kg", "29463-7", 78.01788764, true},
		{80, "kg", "[lb_av]", "29463-7", 176.36980974790206, true},
		{171.5, "lbs", "kg", "", 77.791091455, true},
		{98.6, "[degF]", "Cel", "8310-5", 37, true},
		{37, "Cel", "[degF]", "8310-5", 98.6, true},
		{36.6, "°C", "°F", "", 97.88, true},
		{310.15, "K", "Cel", "", 37, true},
		{70, "[in_i]", "cm", "8302-2", 177.8, true},
		{180, "cm", "[in_i]", "8302-2", 70.86614173228347, true},
		{6, "[ft_i]", "[in_i]", "", 72, true},
		{16, "[oz_av]", "[lb_av]", "", 1, true},
		{5.5, "mmol/L", "mg/dL", "2339-0", 99.0858, true},                   // glucose, 180.156 g/mol
		{99.0858, "mg/dL", "mmol/L", "http://loinc.org|15074-8", 5.5, true}, // the molar code
		{5.2, "mmol/L", "mg/dL", "2093-3", 201.06008, true},                 // cholesterol, 386.654 g/mol
		{88.4, "umol/L", "mg/dL", "2160-0", 0.99998080, true},               // creatinine, 113.120 g/mol
		{1, "g/dL", "g/L", "718-7", 10, true},
		{1.2, "mg/dL", "umol/L", "14682-9", 106.08203677510608, true},
		{7.2, "10*3/uL", "10*9/L", "6690-2", 7.2, true},
		{60, "/min", "{beats}/min", "8867-4", 60, true},
		{120, "mm[Hg]", "kPa", "", 15.9986864898, true},
		{53, "mmol/mol", "%", "4548-4", 7.00044, true}, // HbA1c: IFCC–NGSP master equation
		{7.00044, "%", "mmol/mol", "59261-8", 53, true},
		{8.2, "mIU/L", "uIU/mL", "3016-3", 8.2, true}, // TSH: the same unit spelled two ways
		{2, "m[IU]/mL", "[IU]/L", "", 2, true},
		// never across analytes, dimensions or unknown units
		{1.7, "mmol/L", "mg/dL", "2571-8", 0, false}, // triglycerides: no single molar mass
		{5.5, "mmol/L", "mg/dL", "", 0, false},
		{7, "%", "mmol/mol", "2571-8", 0, false}, // % ↔ mmol/mol only for HbA1c
		{50, "%", "mmol/mol", "", 0, false},
		{10, "m[IU]/L", "mg/L", "3016-3", 0, false}, // international units are no mass
		{80, "kg", "cm", "", 0, false},
		{1, "mg/dL", "mmol/L", "9999-9", 0, false},
		{1, "furlong", "m", "", 0, false},
		{1, "mg", "mg/dL", "", 0, false},
	} {
		got, ok := ConvertUnit(tc.v, tc.from, tc.to, tc.code)
		if ok != tc.ok || (ok && !near(got, tc.want)) {
			t.Errorf("ConvertUnit(%v, %q, %q, %q) = %v, %v; want %v, %v", tc.v, tc.from, tc.to, tc.code, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzConvertUnit(f *testing.F) {
	for _, s := range []string{"kg", "[lb_av]", "Cel", "[degF]", "mg/dL", "mmol/L", "{beats}/min", "10*3/uL", "{a{b}c}/L", "°F"} {
		f.Add(1.5, s, "kg", "2339-0")
	}
	f.Fuzz(func(t *testing.T, v float64, from, to, code string) {
		out, ok := ConvertUnit(v, from, to, code)
		if !ok && out != 0 {
			t.Fatalf("not converted but %v", out)
		}
		if ok && from == to && out != v && !math.IsNaN(v) {
			t.Fatalf("same unit changed %v to %v", v, out)
		}
	})
}

// obsQ is an Observation of a LOINC code with a value in a unit.
func obsQ(id, code, name, at, v, unit, ucum, extra string) Resource {
	j := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}],"text":"` + name + `"},` +
		`"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + v + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + ucum + `"}` + extra + `}`
	return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(j)}
}

// Readings of one result in units that convert are one series in the unit most of them were
// taken in (of units as common, the newest reading's),
// the converted points marked with the value as written; readings in a unit that does not
// convert are a series of their own, named with their unit.
func TestResults_UnitsConverted(t *testing.T) {
	type pt struct {
		v        float64
		original string // "" when not converted
	}
	type want struct {
		name, unit string
		points     []pt
	}
	for _, tc := range []struct {
		name string
		recs []Resource
		want []want
	}{
		{"weight in lb twice, then once in kg (the unit of most readings wins)", []Resource{
			obsQ("a", "29463-7", "Body weight", "2025-03-12T14:10:00-05:00", "172", "[lb_av]", "[lb_av]", ""),
			obsQ("b", "29463-7", "Body weight", "2025-05-01T07:30:00+02:00", "171.5", "lb", "[lb_av]", ""),
			obsQ("c", "29463-7", "Body weight", "2025-05-02T07:30:00+02:00", "77.9", "kg", "kg", ""),
		}, []want{{"Body weight", "[lb_av]", []pt{{172, ""}, {171.5, ""}, {171.74010224, "77.9 kg"}}}}},
		{"weight in kg once, then twice in lb", []Resource{
			obsQ("a", "29463-7", "Body weight", "2025-03-12T14:10:00-05:00", "78", "kg", "kg", ""),
			obsQ("b", "29463-7", "Body weight", "2025-05-01T07:30:00+02:00", "172", "[lb_av]", "[lb_av]", ""),
			obsQ("c", "29463-7", "Body weight", "2025-05-02T07:30:00+02:00", "171.5", "lb", "[lb_av]", ""),
		}, []want{{"Body weight", "[lb_av]", []pt{{171.96056450, "78 kg"}, {172, ""}, {171.5, ""}}}}},
		// Issue 15: one height measured in feet, the newest, turned years of centimetres into
		// "5.9 ft". The value as written is said in feet and inches (F183).
		{"height in cm for years, the newest once in ft", []Resource{
			obsQ("a", "8302-2", "Body height", "2022-01-01", "180", "cm", "cm", ""),
			obsQ("b", "8302-2", "Body height", "2023-01-01", "180.5", "cm", "cm", ""),
			obsQ("c", "8302-2", "Body height", "2024-01-01", "179.8", "cm", "cm", ""),
			obsQ("d", "8302-2", "Body height", "2025-01-01", "5.9", "ft", "[ft_i]", ""),
		}, []want{{"Body height", "cm", []pt{{180, ""}, {180.5, ""}, {179.8, ""}, {179.832, "5 ft 11 in"}}}}},
		{"weight in kg, then lb (the newest unit wins)", []Resource{
			obsQ("a", "29463-7", "Body weight", "2025-03-12", "80", "kg", "kg", ""),
			obsQ("b", "29463-7", "Body weight", "2025-05-01", "175", "lbs", "", ""),
		}, []want{{"Body weight", "lbs", []pt{{176.36980974790206, "80 kg"}, {175, ""}}}}},
		{"temperature in °F and °C", []Resource{
			obsQ("a", "8310-5", "Body temperature", "2024-01-01", "98.6", "degF", "[degF]", ""),
			obsQ("b", "8310-5", "Body temperature", "2024-02-01", "37.5", "Cel", "Cel", ""),
		}, []want{{"Body temperature", "Cel", []pt{{37, "98.6°F"}, {37.5, ""}}}}},
		{"height in inches and cm", []Resource{
			obsQ("a", "8302-2", "Body height", "2024-01-01", "70", "in", "[in_i]", ""),
			obsQ("b", "8302-2", "Body height", "2024-02-01", "178", "cm", "cm", ""),
		}, []want{{"Body height", "cm", []pt{{177.8, "70 in"}, {178, ""}}}}},
		{"glucose, one code in mg/dL and mmol/L", []Resource{
			obsQ("a", "2339-0", "Glucose", "2024-01-01", "5.5", "mmol/L", "mmol/L", ""),
			obsQ("b", "2339-0", "Glucose", "2024-02-01", "104", "mg/dL", "mg/dL", ""),
		}, []want{{"Glucose", "mg/dL", []pt{{99.0858, "5.5 mmol/L"}, {104, ""}}}}},
		{"glucose, the mass and substance codes of one analyte", []Resource{
			obsQ("a", "2339-0", "Glucose [Mass/volume] in Blood", "2024-01-01", "99.0858", "mg/dL", "mg/dL", ""),
			obsQ("b", "15074-8", "Glucose [Moles/volume] in Blood", "2024-02-01", "6.1", "mmol/L", "mmol/L", ""),
		}, []want{{"Glucose [Mass/volume] in Blood", "mmol/L", []pt{{5.5, "99 mg/dL"}, {6.1, ""}}}}},
		{"cholesterol in mmol/L, then mg/dL", []Resource{
			obsQ("a", "2093-3", "Cholesterol", "2024-01-01", "5.2", "mmol/L", "mmol/L", ""),
			obsQ("b", "2093-3", "Cholesterol", "2024-02-01", "190", "mg/dL", "mg/dL", ""),
		}, []want{{"Cholesterol", "mg/dL", []pt{{201.06008, "5.2 mmol/L"}, {190, ""}}}}},
		// Issue 15: a C-CDA's "10+3/µl" and a portal's "10*3/uL" are one series.
		{"white cells as a document and a portal write them", []Resource{
			obsQ("a", "6690-2", "WBC", "2024-01-01", "6.1", "10+3/µl", "", ""),
			obsQ("b", "6690-2", "WBC", "2024-02-01", "5.8", "10*3/uL", "10*3/uL", ""),
		}, []want{{"WBC", "10*3/uL", []pt{{6.1, ""}, {5.8, ""}}}}},
		{"heart rate with and without the annotation", []Resource{
			obsQ("a", "8867-4", "Heart rate", "2024-01-01", "61", "beats/minute", "{beats}/min", ""),
			obsQ("b", "8867-4", "Heart rate", "2024-02-01", "64", "/min", "/min", ""),
		}, []want{{"Heart rate", "/min", []pt{{61, ""}, {64, ""}}}}},
		{"triglycerides: no molar mass, two series", []Resource{
			obsQ("a", "2571-8", "Triglycerides", "2024-01-01", "1.7", "mmol/L", "mmol/L", ""),
			obsQ("b", "2571-8", "Triglycerides", "2024-02-01", "150", "mg/dL", "mg/dL", ""),
		}, []want{{"Triglycerides (mg/dL)", "mg/dL", []pt{{150, ""}}}, {"Triglycerides (mmol/L)", "mmol/L", []pt{{1.7, ""}}}}},
		// F65: the IFCC–NGSP master equation (% = 0.09148 × mmol/mol + 2.152) makes them one.
		{"HbA1c in % and mmol/mol: one series", []Resource{
			obsQ("a", "4548-4", "Hemoglobin A1c", "2024-01-01", "7.1", "%", "%", ""),
			obsQ("b", "4548-4", "Hemoglobin A1c", "2024-02-01", "53", "mmol/mol", "mmol/mol", ""),
			obsQ("c", "4548-4", "Hemoglobin A1c", "2024-03-01", "6.9", "%", "%", ""),
		}, []want{{"Hemoglobin A1c", "%", []pt{{7.1, ""}, {7.00044, "53 mmol/mol"}, {6.9, ""}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			series := Results(NewSet(tc.recs, nil))
			if len(series) != len(tc.want) {
				t.Fatalf("%d series, want %d", len(series), len(tc.want))
			}
			for i, w := range tc.want {
				se := series[i]
				name := se.Name
				if se.Apart {
					name = se.ShortName()
				}
				if name != w.name || se.Unit != w.unit || se.Len() != len(w.points) {
					t.Fatalf("series %d: %q in %q with %d points, want %q in %q with %d", i, name, se.Unit, se.Len(), w.name, w.unit, len(w.points))
				}
				for j, p := range se.Points().All() {
					if !near(p.V, w.points[j].v) || p.OriginalWords() != w.points[j].original || p.Converted != (w.points[j].original != "") {
						t.Errorf("point %d: %v (%q), want %v (%q)", j, p.V, p.OriginalWords(), w.points[j].v, w.points[j].original)
					}
				}
			}
		})
	}
}

// A converted reading's own reference range is converted with it (its flag stands), and a
// typical adult range is given in the series' unit where no reading gives a range.
func TestResults_RangesConverted(t *testing.T) {
	rng := `,"referenceRange":[{"low":{"value":3.9,"unit":"mmol/L"},"high":{"value":5.5,"unit":"mmol/L"}}],"interpretation":[{"coding":[{"code":"H"}]}]`
	series := Results(NewSet([]Resource{
		obsQ("a", "2339-0", "Glucose", "2024-03-01", "6.2", "mmol/L", "mmol/L", rng),
		obsQ("b", "2339-0", "Glucose", "2024-04-01", "101", "mg/dL", "mg/dL", ""),
	}, nil))
	if len(series) != 1 {
		t.Fatalf("%d series", len(series))
	}
	p := series[0].At(0)
	if p.Range.Low == nil || !near(*p.Range.Low, 70.26084) || !near(*p.Range.High, 99.0858) || p.Flag != FlagHigh {
		t.Errorf("converted point's range %+v flag %q", p.Range, p.Flag)
	}
	// The newest reading gives no range, the earlier one does: the series' range is that one,
	// said as of its day, and the newest is judged by it (F510), not by a typical adult range.
	if r := series[0].Range; r.Typical || !near(*r.Low, 70.26084) || series[0].RangeFrom != "1 Mar 2024" || series[0].At(1).Flag != FlagHigh {
		t.Errorf("range %+v from %q, newest flagged %q", r, series[0].RangeFrom, series[0].At(1).Flag)
	}

	mmol := Results(NewSet([]Resource{obsQ("a", "2339-0", "Glucose", "2024-03-01", "5.1", "mmol/L", "mmol/L", "")}, nil))
	if r := mmol[0].Range; !r.Typical || !near(*r.Low, 3.8855214369768416) || !near(*r.High, 5.550744909966918) {
		t.Errorf("typical glucose range in mmol/L: %+v", r)
	}
	if strings.Contains(mmol[0].ShortName(), "(") {
		t.Errorf("a series alone is not named by its unit: %q", mmol[0].ShortName())
	}
}

// The chart's points say which reading was converted and how the record wrote it.
func TestBuildChart_ConvertedPointsMarked(t *testing.T) {
	series := Results(NewSet([]Resource{
		obsQ("a", "8310-5", "Body temperature", "2024-01-01", "98.6", "degF", "[degF]", ""),
		obsQ("b", "8310-5", "Body temperature", "2024-01-08", "37.5", "Cel", "Cel", ""),
	}, nil))
	ch := BuildChart(series[0], PeriodAll, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC))
	pts := ch.Lines[0].Segments[0]
	if len(pts) != 2 || pts[0].Original != "98.6°F" || pts[1].Original != "" || ch.Unit != "°C" {
		t.Errorf("chart %q points %+v", ch.Unit, pts)
	}
}

// A blood pressure dated by its day alone is a date-only point too (shown on its own day in
// every zone), as a panel and as two observations.
func TestResults_BloodPressureDateOnly(t *testing.T) {
	panel := `{"resourceType":"Observation","id":"bp","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2020-03-04",` +
		`"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":128,"unit":"mm[Hg]"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":82,"unit":"mm[Hg]"}}]}`
	sys := obsQ("s", "8480-6", "Systolic", "2020-03-05", "131", "mm[Hg]", "mm[Hg]", "")
	dia := obsQ("d", "8462-4", "Diastolic", "2020-03-05", "85", "mm[Hg]", "mm[Hg]", "")
	series := Results(NewSet([]Resource{{Key: Key{LocalSource, "Observation", "bp"}, Profile: "p1", JSON: []byte(panel)}, sys, dia}, nil))
	la, _ := time.LoadLocation("America/Los_Angeles")
	if len(series) != 1 || !series[0].Pair || series[0].Len() != 2 {
		t.Fatalf("series %+v", series)
	}
	for i, want := range []string{"4 Mar 2020", "5 Mar 2020"} {
		if p := series[0].At(i); !p.DateOnly || DateWords(p.In(la)) != want {
			t.Errorf("point %d: date-only %v, shown on %s in Los Angeles", i, p.DateOnly, DateWords(p.In(la)))
		}
	}
}

// A lab that gives one glucose in both units (the mass and the substance codes, one instant)
// gave one reading: it is one point, as written in the series' unit.
func TestResults_OneReadingInTwoUnitsIsOnePoint(t *testing.T) {
	series := Results(NewSet([]Resource{
		obsQ("a", "2345-7", "Glucose", "2024-03-01T08:00:00Z", "99", "mg/dL", "mg/dL", ""),
		obsQ("b", "14749-6", "Glucose", "2024-03-01T08:00:00Z", "5.5", "mmol/L", "mmol/L", ""),
		obsQ("c", "2345-7", "Glucose", "2024-04-01T08:00:00Z", "104", "mg/dL", "mg/dL", ""),
		obsQ("d", "14749-6", "Glucose", "2024-05-01T08:00:00Z", "6.5", "mmol/L", "mmol/L", ""),
	}, nil))
	if len(series) != 1 || series[0].Unit != "mmol/L" || series[0].Len() != 3 {
		t.Fatalf("series %+v", series)
	}
	p := series[0].At(0)
	if p.V != 5.5 || p.Converted {
		t.Errorf("the reading given in both units: %+v", p)
	}
}
