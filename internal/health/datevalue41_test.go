package health

import "testing"

// F557 item 3: Zofia's estimated due date — an Observation (LOINC 11778-8) whose value is a
// date — was the Timeline row "Przewidywany termin porodu" with no date: the one date of her
// pregnancy her records give was nowhere. A result given as a date says it.
func TestResultGivenAsADateSaysIt(t *testing.T) {
	for _, c := range []struct{ name, value, want string }{
		{"a day", `"valueDateTime":"2027-03-30"`, "Przewidywany termin porodu: 30 Mar 2027"},
		{"a time", `"valueDateTime":"2027-03-30T10:00:00+02:00"`, "Przewidywany termin porodu: 30 Mar 2027"},
		{"a month", `"valueDateTime":"2027-03"`, "Przewidywany termin porodu: March 2027"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"11778-8","display":"Delivery date Estimated"}],"text":"Przewidywany termin porodu"},"effectiveDateTime":"2026-08-20T10:00:00+02:00",` + c.value + `}`
			if got := Describe("Observation", []byte(res)); got != c.want {
				t.Errorf("Describe = %q, want %q", got, c.want)
			}
		})
	}
}
