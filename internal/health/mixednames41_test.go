package health

import (
	"fmt"
	"testing"
)

// F547: Zofia's meter readings, one LOINC code (41653-7) named by each record in its own words
// — "Glikemia na czczo" (fasting), "Glikemia 1 h po śniadaniu" (after breakfast) — were one
// series named "Glikemia na czczo", so an after-dinner 147 mg/dL read as a fasting glucose in
// Results, the cards and the visit summary. A series whose readings' records name it in
// different words is named by its code; one all its records name alike keeps their name.
func TestSeriesOfOneCodeNamedInSeveralWaysIsNamedByTheCode(t *testing.T) {
	const display = "Glucose [Mass/volume] in Capillary blood by Glucometer"
	obs := func(i int, text string) Resource {
		return Resource{Key: Key{"https://poz.example.pl/fhir", "Observation", fmt.Sprintf("g%d", i)}, Profile: "p", JSON: []byte(fmt.Sprintf(
			`{"resourceType":"Observation","id":"g%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"41653-7","display":%q}],"text":%q},`+
				`"effectiveDateTime":"2026-12-0%dT06:50:00+01:00","valueQuantity":{"value":%d,"unit":"mg/dl","system":"http://unitsofmeasure.org","code":"mg/dL"}}`,
			i, display, text, i+1, 90+10*i))}
	}
	for _, c := range []struct {
		name  string
		texts []string
		want  string
	}{
		{"fasting and after meals", []string{"Glikemia na czczo", "Glikemia 1 h po śniadaniu", "Glikemia 1 h po kolacji"}, "Glucose"},
		{"after a meal first", []string{"Glikemia 1 h po obiedzie", "Glikemia na czczo"}, "Glucose"},
		{"one name, in two cases", []string{"Glikemia na czczo", "glikemia  na czczo"}, "Glikemia na czczo"},
		{"one name", []string{"Glikemia", "Glikemia"}, "Glikemia"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rs []Resource
			for i, x := range c.texts {
				rs = append(rs, obs(i, x))
			}
			ss := Results(NewSet(rs, nil))
			if len(ss) != 1 {
				t.Fatalf("%d series, want 1", len(ss))
			}
			if got := ss[0].PlainName(); got != c.want {
				t.Errorf("named %q, want %q", got, c.want)
			}
		})
	}
}
