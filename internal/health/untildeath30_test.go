package health

import (
	"strings"
	"testing"
	"time"
)

// F325: a man who died on 21 Jan 1996 had Cisplatin orders dated every month until 6 Sep 1996
// (Synthea writes orders after a death): Medicines said '5 Oct 1993 – 6 Sep 1996'. A
// medicine's days end at the death: its courses, its last day and how it ended.
func TestMedicineDaysEndAtTheDeath(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		dates    []string
		courses  string
		lastDay  string
		endWords string
	}{
		{"orders after the death", []string{"1995-10-13", "1995-11-13", "1995-12-14", "1996-01-15", "1996-02-16", "1996-09-06"},
			"13 Oct 1995 – 21 Jan 1996", "1996-01-21", "until death, 21 Jan 1996"},
		{"a course years after the death", []string{"1990-01-01", "1990-02-01", "1999-01-01"},
			"1 Jan 1990 – 1 Feb 1990", "1990-02-01", "until death, 21 Jan 1996"},
		{"all before the death", []string{"1990-01-01", "1990-02-01"},
			"1 Jan 1990 – 1 Feb 1990", "1990-02-01", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := []Resource{{Key: Key{"f", "Patient", "pt"}, Profile: "p",
				JSON: []byte(`{"resourceType":"Patient","id":"pt","deceasedDateTime":"1996-01-21T19:20:06+00:00"}`)}}
			for i, d := range tc.dates {
				id := string(rune('a' + i))
				res := `{"resourceType":"MedicationRequest","id":"` + id + `","status":"stopped","intent":"order","authoredOn":"` + d + `T19:20:06+00:00","medicationCodeableConcept":{"text":"Cisplatin 50 mg injection"}}`
				rs = append(rs, Resource{Key: Key{"f", "MedicationRequest", id}, Profile: "p", JSON: []byte(res)})
			}
			meds := Medicines(NewSet(rs, nil), MedOptions{Now: now, Loc: time.UTC})
			if len(meds) != 1 {
				t.Fatalf("%d medicines", len(meds))
			}
			m := meds[0]
			var got []string
			for _, c := range m.Courses() {
				got = append(got, c.Words())
			}
			if g := strings.Join(got, " | "); g != tc.courses {
				t.Errorf("courses %q, want %q", g, tc.courses)
			}
			if g := m.LastDay(); g != tc.lastDay {
				t.Errorf("last day %q, want %q", g, tc.lastDay)
			}
			if g := m.EndWords(); g != tc.endWords {
				t.Errorf("end words %q, want %q", g, tc.endWords)
			}
		})
	}
}
