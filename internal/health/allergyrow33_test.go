package health

import "testing"

// F403: the Timeline row of a child's peanut allergy said "Peanut" alone, while Conditions says
// "Peanut — anaphylaxis; high risk": the row says the reaction and the risk in the same words.
func TestTimelineAllergyRowSaysReactionAndRisk(t *testing.T) {
	for _, tt := range []struct{ js, want string }{
		{`{"resourceType":"AllergyIntolerance","code":{"coding":[{"system":"http://snomed.info/sct","code":"91935009","display":"Peanut"}]},"criticality":"high","verificationStatus":{"coding":[{"code":"confirmed"}]},"reaction":[{"manifestation":[{"coding":[{"display":"Anaphylaxis"}]}],"severity":"severe"}]}`,
			"Peanut — anaphylaxis; high risk"},
		{`{"resourceType":"AllergyIntolerance","code":{"text":"Penicillin"},"criticality":"low","reaction":[{"manifestation":[{"text":"Hives"},{"text":"Hives"}]}]}`, "Penicillin — hives; low risk"},
		{`{"resourceType":"AllergyIntolerance","code":{"text":"Cat dander"},"reaction":[{"manifestation":[{"text":"Sneezing"}]}],"clinicalStatus":{"coding":[{"code":"resolved"}]}}`, "Cat dander — sneezing (no longer active)"},
		{`{"resourceType":"AllergyIntolerance","code":{"text":"Latex"}}`, "Latex"},
		{`{"resourceType":"AllergyIntolerance","code":{"text":"Egg"},"criticality":"high","verificationStatus":{"coding":[{"code":"refuted"}]}}`, "Not allergic to Egg"},
		{`{"resourceType":"AllergyIntolerance","code":{"coding":[{"system":"http://snomed.info/sct","code":"409137002"}]},"criticality":"low"}`, "No known medicine allergies"},
	} {
		if got := Describe("AllergyIntolerance", []byte(tt.js)); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
