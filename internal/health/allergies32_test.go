package health

import (
	"testing"
	"time"
)

// F403: a child's confirmed peanut allergy with anaphylaxis, of high risk, is said with its
// reaction and risk, first; one no longer there after the current ones; one entered in error
// and "no known allergy" not at all.
func TestAllergiesInWords(t *testing.T) {
	res := func(id, js string) Resource {
		return Resource{Key: Key{Source: "local", Type: "AllergyIntolerance", ID: id}, Profile: "lily", JSON: []byte(js)}
	}
	s := NewSet([]Resource{
		res("a", `{"resourceType":"AllergyIntolerance","code":{"text":"Penicillin"},"criticality":"low","clinicalStatus":{"coding":[{"code":"active"}]},"reaction":[{"manifestation":[{"text":"Hives"},{"text":"Hives"}]}]}`),
		res("b", `{"resourceType":"AllergyIntolerance","code":{"coding":[{"system":"http://snomed.info/sct","code":"91935009","display":"Peanut"}]},"criticality":"high","verificationStatus":{"coding":[{"code":"confirmed"}]},"onsetDateTime":"2021-06-01","reaction":[{"manifestation":[{"coding":[{"display":"Anaphylaxis"}]}],"severity":"severe"}]}`),
		res("c", `{"resourceType":"AllergyIntolerance","code":{"text":"Cat dander"},"clinicalStatus":{"coding":[{"code":"resolved"}]}}`),
		res("d", `{"resourceType":"AllergyIntolerance","code":{"text":"Latex"},"verificationStatus":{"coding":[{"code":"entered-in-error"}]}}`),
		res("e", `{"resourceType":"AllergyIntolerance","code":{"coding":[{"system":"http://snomed.info/sct","code":"716186003","display":"No known allergy"}]}}`),
		res("f", `{"resourceType":"AllergyIntolerance","code":{"text":"Egg"},"verificationStatus":{"coding":[{"code":"unconfirmed"}]},"criticality":"unable-to-assess"}`),
	}, nil)
	got := AllergiesIn(s, time.UTC)
	want := []struct{ line, status string }{
		{"Peanut — anaphylaxis; high risk", "Current · since 1 Jun 2021"},
		{"Egg — risk not assessed", "Suspected, not confirmed"},
		{"Penicillin — hives; low risk", "Current"},
		{"Cat dander", "Past"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d allergies, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Line() != w.line || got[i].Status(Death{}) != w.status {
			t.Errorf("%d: %q / %q, want %q / %q", i, got[i].Line(), got[i].Status(Death{}), w.line, w.status)
		}
	}
	if !got[0].High || got[2].High {
		t.Errorf("high risk marked on %v, %v", got[0].High, got[2].High)
	}
	if st := got[0].Status(Death{Deceased: true}); st != "Until death · since 1 Jun 2021" {
		t.Errorf("for a person who died: %q", st)
	}
	if c := AllergyCounts(got); c != "3 allergies, 1 of high risk, 1 past" {
		t.Errorf("counts %q", c)
	}
	if c := AllergyCounts(got[:1]); c != "1 allergy, of high risk" {
		t.Errorf("counts %q", c)
	}
}
