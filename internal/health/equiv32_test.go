package health

import "testing"

// F366 (the rest): calcium and magnesium in mEq/L and in mmol/L stayed two series, as they
// were left out when potassium's were joined: an ion of charge two has 2 mEq in a mmol, so
// 4.8 mEq/L of calcium is 2.4 mmol/L (9.6 mg/dL). They convert by the ion's charge and are one
// series, in the unit of the person's newest reading (of two as common), named as the
// analyte is (a record without a name read "2000-8 (mmol/L)").
func TestDivalentIonInMEqAndMmolIsOneSeries(t *testing.T) {
	for _, tc := range []struct {
		v              float64
		from, to, code string
		want           float64
		ok             bool
	}{
		{4.8, "meq/L", "mmol/L", "17861-6", 2.4, true},
		{2.4, "mmol/L", "mEq/L", "http://loinc.org|2000-8", 4.8, true},
		{4.8, "mEq/L", "mg/dL", "17861-6", 9.61872, true},
		{9.6, "mg/dL", "meq/L", "17861-6", 9.6 * 10 / 40.078 * 2, true},
		{2.5, "meq/L", "mmol/L", "1995-0", 1.25, true},   // ionized calcium
		{1.6, "meq/L", "mmol/L", "2601-3", 0.8, true},    // magnesium
		{0.8, "mmol/L", "mg/dL", "2601-3", 1.9444, true}, // magnesium's mass, as calcium's
		{1.6, "meq/L", "mg/dL", "19123-9", 1.9444, true},
		{140, "meq/L", "mmol/L", "2951-2", 140, true}, // sodium, charge one, as before
		{4.8, "meq/L", "mmol/L", "2345-7", 0, false},  // glucose is no ion
		{4.8, "meq/L", "mg/dL", "2951-2", 0, false},   // sodium's mass: no molar mass kept
	} {
		if got, ok := ConvertUnit(tc.v, UCUMOf(tc.from, tc.from), UCUMOf(tc.to, tc.to), tc.code); ok != tc.ok || ok && !near(got, tc.want) {
			t.Errorf("ConvertUnit(%v, %q, %q, %q) = %v, %v; want %v, %v", tc.v, tc.from, tc.to, tc.code, got, ok, tc.want, tc.ok)
		}
	}
	obs := func(id, code, at, v, unit, ucum, low, high string) Resource {
		return Resource{Key: Key{"clinic", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},"effectiveDateTime":"` + at + `T09:00:00Z","valueQuantity":{"value":` + v + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + ucum + `"},"referenceRange":[{"low":{"value":` + low + `,"unit":"` + unit + `"},"high":{"value":` + high + `,"unit":"` + unit + `"}}]}`)}
	}
	for _, tc := range []struct {
		name, short  string
		recs         []Resource
		unit, latest string
		flags        []Flag
	}{
		{"calcium, mEq/L then mmol/L", "Calcium", []Resource{obs("a", "17861-6", "2026-10-20", "4.8", "mEq/L", "meq/L", "4.3", "5.3"), obs("b", "2000-8", "2026-11-20", "2.8", "mmol/L", "mmol/L", "2.15", "2.6")},
			"mmol/L", "2.8 mmol/L", []Flag{FlagNone, FlagHigh}},
		{"calcium, mmol/L then mEq/L", "Calcium", []Resource{obs("a", "2000-8", "2026-10-20", "2.4", "mmol/L", "mmol/L", "2.15", "2.6"), obs("b", "17861-6", "2026-11-20", "3.9", "mEq/L", "meq/L", "4.3", "5.3")},
			"meq/L", "3.9 mEq/L", []Flag{FlagNone, FlagLow}},
		{"magnesium, mEq/L then mmol/L", "Magnesium", []Resource{obs("a", "19123-9", "2026-10-20", "1.6", "mEq/L", "meq/L", "1.3", "2.1"), obs("b", "2601-3", "2026-11-20", "0.6", "mmol/L", "mmol/L", "0.7", "1")},
			"mmol/L", "0.6 mmol/L", []Flag{FlagNone, FlagLow}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet(tc.recs, nil))
			if len(ss) != 1 || ss[0].Len() != 2 {
				for _, s := range ss {
					t.Logf("series %q unit %q: %d", s.ShortName(), s.Unit, s.Len())
				}
				t.Fatalf("%d series; want one of 2 readings", len(ss))
			}
			se := ss[0]
			if se.ShortName() != tc.short || se.Unit != tc.unit || se.ReadingWords(se.Latest()) != tc.latest || se.Apart {
				t.Errorf("series %q in %q, latest %q; want %q, %q", se.ShortName(), se.Unit, se.ReadingWords(se.Latest()), tc.unit, tc.latest)
			}
			for i, f := range tc.flags {
				if p := se.At(i); p.Flag != f {
					t.Errorf("reading %d (%v): flag %q, want %q", i, p.V, p.Flag, f)
				}
			}
			if first := se.At(0); !first.Converted {
				t.Errorf("the older reading is not converted: %+v", first)
			}
		})
	}
}
