package health

import (
	"testing"
	"time"
)

// F112: a child's readings are not drawn on CareKeeper's typical adult band (a 3-year-old's
// heart rate of 63 sat 'in range' on 60–100); a range the record gives still is, and an
// adult's readings keep the typical band.
func TestTypicalAdultRangeNotForChildren(t *testing.T) {
	patient := func(born string) Resource {
		return Resource{Key: Key{LocalSource, "Patient", "p"}, Profile: "p1", JSON: []byte(`{"resourceType":"Patient","birthDate":"` + born + `"}`)}
	}
	hr := func(id, at, extra string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","status":"final",` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"effectiveDateTime":"` + at + `",` +
			`"valueQuantity":{"value":63,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}` + extra + `}`)}
	}
	for _, tc := range []struct {
		name       string
		recs       []Resource
		child      bool
		low, high  float64 // 0, 0: no range
		typicalSet bool
	}{
		{"a 3-year-old", []Resource{patient("2012-01-12"), hr("a", "2015-03-01T10:00:00Z", "")}, true, 0, 0, false},
		{"the day before 18", []Resource{patient("2000-06-15"), hr("a", "2018-06-14T10:00:00Z", "")}, true, 0, 0, false},
		{"on the 18th birthday", []Resource{patient("2000-06-15"), hr("a", "2018-06-15T10:00:00Z", "")}, false, 60, 100, true},
		{"born in a year only, readings that year's 18th", []Resource{patient("2000"), hr("a", "2018-07-01T10:00:00Z", "")}, true, 0, 0, false},
		{"an adult with childhood readings", []Resource{patient("1990-01-01"), hr("a", "2000-01-01T10:00:00Z", ""), hr("b", "2020-01-01T10:00:00Z", "")}, false, 60, 100, true},
		{"a child, the lab's own range", []Resource{patient("2012-01-12"), hr("a", "2015-03-01T10:00:00Z", `,"referenceRange":[{"low":{"value":80},"high":{"value":130}}]`)}, true, 80, 130, false},
		{"no birth date", []Resource{hr("a", "2015-03-01T10:00:00Z", "")}, false, 60, 100, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			se := Results(NewSet(tc.recs, nil))
			if len(se) != 1 {
				t.Fatalf("%d series", len(se))
			}
			s := se[0]
			low, high := 0.0, 0.0
			if s.Range.Low != nil {
				low = *s.Range.Low
			}
			if s.Range.High != nil {
				high = *s.Range.High
			}
			if s.Child != tc.child || low != tc.low || high != tc.high || s.Range.Typical != tc.typicalSet {
				t.Errorf("child %v, range %v–%v typical %v; want child %v, %v–%v typical %v", s.Child, low, high, s.Range.Typical, tc.child, tc.low, tc.high, tc.typicalSet)
			}
		})
	}
}

func TestAdultFrom(t *testing.T) {
	for in, want := range map[string]string{"2000-06-15": "2018-06-15", "2000": "2018-12-31", "2000-02": "2018-03-01", "2000-02-29": "2018-03-01", "": "", "20": "", "x000-01-01": ""} {
		got := AdultFrom(in)
		s := ""
		if !got.IsZero() {
			s = got.Format(time.DateOnly)
		}
		if s != want {
			t.Errorf("AdultFrom(%q) = %q, want %q", in, s, want)
		}
	}
}
