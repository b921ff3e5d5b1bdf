package health

import (
	"strings"
	"testing"
	"time"
)

// F177: a medicine no longer taken is said course by course where its records lie more than
// CourseGap apart (two antibiotic courses 2½ years apart), and as one course when renewed
// every year (Simvastatin each May) or given by two sources the same day.
func TestCoursesOfAMedicine(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		dates []string
		want  string
	}{
		{"two courses 2½ years apart", []string{"2017-03-28", "2019-10-26"}, "26 Oct 2019 | 28 Mar 2017"},
		{"renewed every year", []string{"2014-05-18", "2015-05-18", "2016-05-17"}, "18 May 2014 – 17 May 2016"},
		{"one record", []string{"2017-03-28"}, "28 Mar 2017"},
		{"two then one", []string{"2010-01-05", "2010-06-01", "2019-10-26"}, "26 Oct 2019 | 5 Jan 2010 – 1 Jun 2010"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []Resource
			for i, d := range tc.dates {
				id := string(rune('a' + i))
				res := `{"resourceType":"MedicationRequest","id":"` + id + `","status":"stopped","intent":"order","authoredOn":"` + d + `","medicationCodeableConcept":{"text":"Amoxicillin 250 mg"}}`
				rs = append(rs, Resource{Key: Key{"https://m.example/fhir", "MedicationRequest", id}, Profile: "p", JSON: []byte(res)})
			}
			meds := Medicines(NewSet(rs, nil), MedOptions{Now: now})
			if len(meds) != 1 {
				t.Fatalf("%d medicines", len(meds))
			}
			var got []string
			for _, c := range meds[0].Courses() {
				got = append(got, c.Words())
			}
			if g := strings.Join(got, " | "); g != tc.want {
				t.Errorf("courses %q, want %q", g, tc.want)
			}
		})
	}
}
