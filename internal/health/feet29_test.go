package health

import (
	"strings"
	"testing"
)

// F183: a height Apple Health writes in feet read "5.58 ft" (five feet fifty-eight?) and 5.5 ft
// "5.5 ft" (5 ft 6 in): a length in feet is said in feet and inches, as people say a height.
func TestHeightInFeetReadsFeetAndInches(t *testing.T) {
	height := func(id, at, v, unit, code string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8302-2","display":"Body height"}]},"effectiveDateTime":"` + at +
			`","valueQuantity":{"value":` + v + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + code + `"}}`)}
	}
	for _, tc := range []struct {
		name, v, unit, code, want string
	}{
		{"Apple Health's 5.58333 ft", "5.58333", "ft", "[ft_i]", "5 ft 7 in"},
		{"5.5 ft", "5.5", "ft", "[ft_i]", "5 ft 6 in"},
		{"a whole number of feet", "6", "ft", "[ft_i]", "6 ft"},
		{"just under six feet", "5.99", "ft", "[ft_i]", "6 ft"},
		{"unit written alone", "5.75", "ft", "", "5 ft 9 in"},
		{"under a foot", "0.625", "ft", "[ft_i]", "7.5 in"},
		{"inches stay inches", "67", "in", "[in_i]", "67 in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := Results(NewSet([]Resource{height("h", "2026-01-01", tc.v, tc.unit, tc.code)}, nil))
			if len(rs) != 1 {
				t.Fatalf("%d series", len(rs))
			}
			if got := rs[0].ReadingWords(rs[0].Latest()); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
	// the change between two heights in feet is in inches too
	rs := Results(NewSet([]Resource{height("a", "2025-01-01", "5.5", "ft", "[ft_i]"), height("b", "2026-01-01", "5.58333", "ft", "[ft_i]")}, nil))
	if got := ChangeWords(rs[0], rs[0].Latest().T); got != "+1 in since 1 Jan 2025" {
		t.Errorf("change %q, want +1 in since 1 Jan 2025", got)
	}
}

// A glucose coded by LOINC 2345-7 (serum or plasma, the lab's usual code) with no display or
// text read '2345-7' in Results, a code where a name belongs: it is "Glucose".
func TestGlucoseByItsCodeAloneIsNamed(t *testing.T) {
	rs := Results(NewSet([]Resource{{Key: Key{LocalSource, "Observation", "g"}, JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},"effectiveDateTime":"2026-09-02","valueQuantity":{"value":131,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`)}}, nil))
	if len(rs) != 1 || rs[0].ShortName() != "Glucose" || rs[0].PlainName() != "Glucose" {
		t.Errorf("series %q", rs[0].ShortName())
	}
	if d := Describe("Observation", []byte(`{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},"valueQuantity":{"value":131,"unit":"mg/dL"}}`)); !strings.HasPrefix(d, "Glucose") {
		t.Errorf("Describe: %q", d)
	}
}
