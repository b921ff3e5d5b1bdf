package health

import "testing"

// F366: Maria's potassium, 4.2 mmol/L on 20 Oct and 5.9 mEq/L (High) on 20 Nov, were two
// results, "Potassium (mEq/L)" and "Potassium (mmol/L)", each of one reading: the rise was
// never seen. For an ion of charge one (potassium, sodium, chloride, bicarbonate) 1 mEq/L is
// 1 mmol/L: one series, 2 readings. Not for an analyte that is no ion; calcium, of charge two,
// converts by its charge (TestDivalentIonInMEqAndMmolIsOneSeries).
func TestMonovalentIonInMEqAndMmolIsOneSeries(t *testing.T) {
	for _, tc := range []struct {
		v              float64
		from, to, code string
		want           float64
		ok             bool
	}{
		{5.9, "meq/L", "mmol/L", "2823-3", 5.9, true},
		{4.2, "mmol/L", "mEq/L", "http://loinc.org|2823-3", 4.2, true},
		{140, "mEq/L", "mmol/L", "2951-2", 140, true},
		{101, "meq/L", "mmol/L", "2075-0", 101, true},
		{24, "meq/L", "mmol/L", "1963-8", 24, true},
		{2.4, "meq/L", "mmol/L", "17861-6", 1.2, true}, // calcium: 2 eq a mol
		{2.4, "meq/L", "mmol/L", "", 0, false},
	} {
		if got, ok := ConvertUnit(tc.v, UCUMOf(tc.from, tc.from), UCUMOf(tc.to, tc.to), tc.code); ok != tc.ok || ok && !near(got, tc.want) {
			t.Errorf("ConvertUnit(%v, %q, %q, %q) = %v, %v; want %v, %v", tc.v, tc.from, tc.to, tc.code, got, ok, tc.want, tc.ok)
		}
	}
	k := func(id, at, v, unit, code string) Resource {
		return Resource{Key: Key{"clinic", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2823-3","display":"Potassium [Moles/volume] in Serum or Plasma"}],"text":"Potassium"},"effectiveDateTime":"` + at + `T09:00:00Z","valueQuantity":{"value":` + v + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + code + `"},"referenceRange":[{"low":{"value":3.5,"unit":"` + unit + `"},"high":{"value":5.1,"unit":"` + unit + `"}}]}`)}
	}
	ss := Results(NewSet([]Resource{k("a", "2026-10-20", "4.2", "mmol/L", "mmol/L"), k("b", "2026-11-20", "5.9", "mEq/L", "meq/L")}, nil))
	if len(ss) != 1 || ss[0].Len() != 2 {
		for _, s := range ss {
			t.Logf("series %q unit %q: %d", s.Name, s.Unit, s.Len())
		}
		t.Fatalf("%d series; want one of 2 readings", len(ss))
	}
	if p := ss[0].Latest(); p.V != 5.9 || p.Flag != FlagHigh {
		t.Errorf("latest %v %q; want 5.9 High", p.V, p.Flag)
	}
}
