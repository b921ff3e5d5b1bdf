package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F297: the visit summary listed 'Allergy to wheat — criticality: low' (FHIR's word, as
// Donnette's Synthea record gives it). The criticality is said in words. F403: in the words
// Conditions and the Timeline say ("Peanut — anaphylaxis; high risk"), not its own.
func TestSummaryAllergyRiskInWords(t *testing.T) {
	r := richPerson(t)
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		`{"resourceType":"AllergyIntolerance","id":"wheat","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},"type":"allergy","category":["food"],"criticality":"low","code":{"coding":[{"system":"http://snomed.info/sct","code":"420174000","display":"Allergy to wheat"}]},"recordedDate":"2026-01-10"}`,
		`{"resourceType":"AllergyIntolerance","id":"peanut","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},"criticality":"unable-to-assess","code":{"text":"Peanut allergy"},"recordedDate":"2026-01-10"}`,
		`{"resourceType":"AllergyIntolerance","id":"pn","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},"criticality":"high","code":{"coding":[{"system":"http://snomed.info/sct","code":"91935009","display":"Peanut"}]},"reaction":[{"manifestation":[{"coding":[{"display":"Anaphylaxis"}]}],"severity":"severe"}],"onsetDateTime":"2021-06-01"}`)
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range s.Allergies {
		got[a.Name] = a.Detail
	}
	for name, want := range map[string]string{"Allergy to wheat": "low risk", "Peanut allergy": "risk not assessed", "Peanut": "anaphylaxis; high risk"} {
		if d, ok := got[name]; !ok || d != want || strings.Contains(d, "criticality") {
			t.Errorf("%s: %q (of %v), want %q", name, d, got, want)
		}
	}
}
