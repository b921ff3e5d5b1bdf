package health

import "testing"

// F454: a meter's glucose reading gives no range, and Rose's 48 mg/dL was flagged nothing. A
// glucose under 70 mg/dL (3.9 mmol/L) is low, under 54 mg/dL (3.0 mmol/L) very low, in either
// unit; the record's own range or interpretation still decides when it gives one.
func TestLowGlucose(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		code string
		q    Quantity
		want string
	}{
		{"41653-7", Quantity{Value: v(48), Unit: "mg/dL", Code: "mg/dL"}, "very low"},
		{"41653-7", Quantity{Value: v(61), Unit: "mg/dL"}, "low"},
		{"41653-7", Quantity{Value: v(54), Unit: "mg/dL"}, "low"},
		{"41653-7", Quantity{Value: v(70), Unit: "mg/dL"}, ""},
		{"http://loinc.org|14743-9", Quantity{Value: v(3.5), Unit: "mmol/L"}, "low"},
		{"14743-9", Quantity{Value: v(2.8), Unit: "mmol/L"}, "very low"},
		{"14743-9", Quantity{Value: v(3.9), Unit: "mmol/L"}, ""},
		{"14743-9", Quantity{Value: v(3.0), Unit: "mmol/L"}, "low"},
		{"2339-0", Quantity{Value: v(65), Unit: "mg/dL"}, "low"},
		{"2339-0", Quantity{Value: v(40), Unit: "mg/dL", Comparator: ">"}, ""},
		{"2339-0", Quantity{Value: v(40), Unit: "mg/dL", Comparator: "<"}, "very low"},
		{"2339-0", Quantity{Value: v(65), Unit: "g/L"}, ""},                   // 65 g/L: not low
		{"2339-0", Quantity{Value: v(65), Unit: "furlongs"}, ""},              // a unit not known
		{"2093-3", Quantity{Value: v(50), Unit: "mg/dL"}, ""},                 // cholesterol
		{"41653-7", Quantity{Value: v(0.6), Unit: "g/L", Code: "g/L"}, "low"}, // 60 mg/dL
	} {
		if got := LowGlucose(tc.code, tc.q); got != tc.want {
			t.Errorf("%s %v %s%s: %q, want %q", tc.code, *tc.q.Value, tc.q.Comparator, tc.q.Unit, got, tc.want)
		}
	}
}

func TestLowMeterGlucoseIsFlaggedWithoutARange(t *testing.T) {
	obs := func(id, code, unit string, value float64, extra string) Resource {
		return Resource{Key: Key{Source: "clinic", Type: "Observation", ID: id}, Profile: "p", Date: "2026-12-06T18:40:00Z",
			JSON: []byte(`{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code +
				`"}]},"effectiveDateTime":"2026-12-06T12:40:00-06:00","valueQuantity":{"value":` + FormatNumber(value) + `,"unit":"` + unit + `"}` + extra + `}`)}
	}
	for _, tc := range []struct {
		name string
		r    Resource
		want Flag
	}{
		{"48 mg/dL from a meter", obs("g1", "41653-7", "mg/dL", 48, ""), FlagLow},
		{"3.5 mmol/L from a meter", obs("g2", "14743-9", "mmol/L", 3.5, ""), FlagLow},
		{"95 mg/dL", obs("g3", "41653-7", "mg/dL", 95, ""), FlagNone},
		{"the lab says normal", obs("g4", "2339-0", "mg/dL", 65, `,"interpretation":[{"coding":[{"code":"N"}]}]`), FlagNone},
		{"the record's range", obs("g5", "2339-0", "mg/dL", 65, `,"referenceRange":[{"low":{"value":60},"high":{"value":100}}]`), FlagNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet([]Resource{tc.r}, nil))
			if len(ss) != 1 || ss[0].Len() != 1 {
				t.Fatalf("series %+v", ss)
			}
			if got := ss[0].At(0).Flag; got != tc.want {
				t.Errorf("flag %q, want %q", got, tc.want)
			}
		})
	}
}
