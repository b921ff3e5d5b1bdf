package health

import (
	"fmt"
	"testing"
)

// F340: an eGFR written ">60" against a low of 90 was "Low", and a white cell count ">2"
// against 4–11 "Low": the true value may be normal. A value given as a limit is flagged only
// when the limit decides it.
func TestValueGivenAsALimitIsFlaggedOnlyWhenItDecides(t *testing.T) {
	obs := func(v float64, cmp, low, high, interp string) Resource {
		rr := `{`
		if low != "" {
			rr += `"low":{"value":` + low + `}`
		}
		if high != "" {
			if low != "" {
				rr += ","
			}
			rr += `"high":{"value":` + high + `}`
		}
		rr += `}`
		in := ""
		if interp != "" {
			in = `,"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"` + interp + `"}]}]`
		}
		return Resource{Key: Key{LocalSource, "Observation", "o"}, JSON: []byte(fmt.Sprintf(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"33914-3"}]},"effectiveDateTime":"2026-10-01","valueQuantity":{"value":%v,"comparator":%q,"unit":"mL/min"},"referenceRange":[%s]%s}`, v, cmp, rr, in))}
	}
	for _, tc := range []struct {
		name string
		rec  Resource
		want Flag
	}{
		{">60 against a low of 90", obs(60, ">", "90", "", ""), FlagNone},
		{">2 against 4–11", obs(2, ">", "4", "11", ""), FlagNone},
		{">20 against 0.6–1.2", obs(20, ">", "0.6", "1.2", ""), FlagHigh},
		{">1.2 against 0.6–1.2", obs(1.2, ">", "0.6", "1.2", ""), FlagHigh},
		{">=1.2 against 0.6–1.2", obs(1.2, ">=", "0.6", "1.2", ""), FlagNone},
		{"<0.5 against a low of 1", obs(0.5, "<", "1", "", ""), FlagLow},
		{"<5 against 1–3", obs(5, "<", "1", "3", ""), FlagNone},
		{"<=1 against a low of 1", obs(1, "<=", "1", "", ""), FlagNone},
		{">=60 against a low of 60", obs(60, ">=", "60", "", ""), FlagNone},
		{"the record's interpretation decides", obs(60, ">", "90", "", "L"), FlagLow},
		{"no comparator", obs(60, "", "90", "", ""), FlagLow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet([]Resource{tc.rec}, nil))
			if len(ss) != 1 || ss[0].Len() != 1 {
				t.Fatalf("%d series", len(ss))
			}
			if f := ss[0].Latest().Flag; f != tc.want {
				t.Errorf("flag %q, want %q", f, tc.want)
			}
		})
	}
}
