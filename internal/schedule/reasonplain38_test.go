package schedule

import (
	"encoding/json"
	"testing"
)

// F512 item 1: Rafael's salbutamol read "as needed for dyspnea", SNOMED 267036007's display.
// A code's display in a clinician's word is said plainly; a record's own text as written.
func TestAsNeededReasonInPlainWords(t *testing.T) {
	for _, c := range []struct{ dosage, want string }{
		{`{"asNeededCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"267036007","display":"Dyspnea (finding)"}]},"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}}}`, "as needed for shortness of breath, at least 4 hours apart"},
		{`{"asNeededCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"386661006","display":"Fever (finding)"}]}}`, "as needed for fever"},
		{`{"asNeededCodeableConcept":{"text":"dyspnea on exertion"}}`, "as needed for dyspnea on exertion"},
		{`{"asNeededCodeableConcept":{"text":"ahogo","coding":[{"display":"Dyspnea"}]}}`, "as needed for ahogo"},
	} {
		if got := AsNeededWords(json.RawMessage(c.dosage)); got != c.want {
			t.Errorf("%s: %q, want %q", c.dosage, got, c.want)
		}
	}
}
