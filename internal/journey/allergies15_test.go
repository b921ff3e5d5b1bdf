package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The summary lists only current allergies: one the records call inactive or resolved is
// counted as past, not listed as if current.
func TestSummaryPastAllergies(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	allergy := func(id, name, status string) string {
		return `{"resourceType":"AllergyIntolerance","id":"` + id + `","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"` + status + `"}]},"verificationStatus":{"coding":[{"code":"confirmed"}]},"code":{"text":"` + name + `"},"recordedDate":"2024-01-01"}`
	}
	for _, tc := range []struct {
		name string
		res  []string
		want string
		past int
	}{
		{"active and resolved", []string{allergy("a", "Penicillin", "active"), allergy("b", "Latex", "resolved"), allergy("c", "Peanuts", "inactive")}, "Penicillin", 2},
		{"only resolved", []string{allergy("b", "Latex", "resolved")}, "", 1},
	} {
		v, p := newPerson(t, "Allergic")
		writeAt(t, v, p, "local", now, tc.res...)
		s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range s.Allergies {
			got = append(got, a.Name)
		}
		if strings.Join(got, ",") != tc.want || s.PastAllergies != tc.past {
			t.Errorf("%s: %v and %d past, want %q and %d", tc.name, got, s.PastAllergies, tc.want, tc.past)
		}
	}
}
