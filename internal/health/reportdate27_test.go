package health

import (
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// F111: results with a value but no effective[x] are dated by the DiagnosticReport (or the
// panel Observation, hasMember) that lists them, as FHIR puts the time on the report; they
// were counted as 'could not be read' and hidden (HL7's Bundle-101 haemoglobin 176 g/L,
// Bundle-lipids cholesterol 6.3 mmol/L; a SMART Health Card's CBC).
func TestResultsDatedByTheirReport(t *testing.T) {
	hl7 := func(name string) *Set {
		return loadBundle(t, filepath.Join(testutil.FixturesDir(t), "hl7-examples", name))
	}
	obs := func(id, extra string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","id":"` + id + `","status":"final",` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"718-7","display":"Hemoglobin"}]},"valueQuantity":{"value":14.1,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"}` + extra + `}`)}
	}
	panel := func(id, at, member string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","id":"` + id + `","status":"final",` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"58410-2","display":"CBC panel"}]},"effectiveDateTime":"` + at + `","hasMember":[{"reference":"` + member + `"}]}`)}
	}
	report := func(id, at, result string) Resource {
		return Resource{Key: Key{LocalSource, "DiagnosticReport", id}, Profile: "p1", JSON: []byte(`{"resourceType":"DiagnosticReport","id":"` + id + `","status":"final",` +
			`"code":{"text":"CBC"},"effectiveDateTime":"` + at + `","result":[{"reference":"` + result + `"}]}`)}
	}
	for _, tc := range []struct {
		name       string
		set        *Set
		code       string // a series expected
		day        string // its newest reading's day
		value      string
		unreadable int
	}{
		{"Bundle-101 (CBC)", hl7("Bundle-101.json"), "718-7", "2011-03-04", "176 g/L", 0},
		{"Bundle-lipids", hl7("Bundle-lipids.json"), "35200-5", "2011-03-04", "6.3 mmol/L", 0},
		{"the report after the result", NewSet([]Resource{obs("h", ""), report("r", "2015-08-16", "Observation/h")}, nil), "718-7", "2015-08-16", "14.1 g/dL", 0},
		{"a panel lists it", NewSet([]Resource{obs("h", ""), panel("cbc", "2015-08-16T10:00:00Z", "Observation/h")}, nil), "718-7", "2015-08-16", "14.1 g/dL", 0},
		{"a urn:uuid reference", NewSet([]Resource{report("r", "2015-08-16", "urn:uuid:h"), obs("h", "")}, nil), "718-7", "2015-08-16", "14.1 g/dL", 0},
		{"its own date first", NewSet([]Resource{obs("h", `,"effectiveDateTime":"2015-08-14"`), report("r", "2015-08-16", "Observation/h")}, nil), "718-7", "2015-08-14", "14.1 g/dL", 0},
		{"listed by nothing", NewSet([]Resource{obs("h", ""), report("r", "2015-08-16", "Observation/other")}, nil), "", "", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Unreadable(tc.set); got != tc.unreadable {
				t.Errorf("Unreadable %d, want %d", got, tc.unreadable)
			}
			if tc.code == "" {
				if se := Results(tc.set); len(se) != 0 {
					t.Errorf("%d series, want none", len(se))
				}
				return
			}
			var found *Series
			for _, s := range Results(tc.set) {
				if s.Code == LOINC+"|"+tc.code {
					found = s
				}
			}
			if found == nil {
				t.Fatalf("no series of %s", tc.code)
			}
			p := found.Latest()
			if got := p.T.Format("2006-01-02"); got != tc.day {
				t.Errorf("dated %s, want %s", got, tc.day)
			}
			if got := found.ReadingWords(p); got != tc.value {
				t.Errorf("value %q, want %q", got, tc.value)
			}
		})
	}
}
