package health

import "testing"

// F305: Bills and insurance said 'Insurance: Good Health Insurance · SELF · Active': the HL7
// Transfer Summary's policy is coded 'SELF' (RoleClassRelationship, no display), as the C-CDA
// converter keeps it in Coverage.type. A code is said in words or left out, never as it is.
func TestCoverageTypeInWords(t *testing.T) {
	for _, tc := range []struct{ typ, want string }{
		{`{"coding":[{"system":"urn:oid:2.16.840.1.113883.5.110","code":"SELF"}]}`, "you are the policyholder"},
		{`{"coding":[{"system":"urn:oid:2.16.840.1.113883.5.4","code":"XQZ9"}]}`, ""},
		{`{"text":"Medicare Part B"}`, "Medicare Part B"},
		{`{"coding":[{"code":"59","display":"Dental plan"}]}`, "Dental plan"},
	} {
		b := Bills(NewSet([]Resource{
			{Key: Key{LocalSource, "Organization", "o"}, JSON: []byte(`{"resourceType":"Organization","id":"o","name":"Good Health Insurance"}`)},
			{Key: Key{LocalSource, "Coverage", "c"}, JSON: []byte(`{"resourceType":"Coverage","id":"c","status":"active","type":` + tc.typ + `,"payor":[{"reference":"Organization/o"}]}`)},
		}, nil), nil)
		if len(b.Coverage) != 1 {
			t.Fatalf("%s: %d coverages", tc.typ, len(b.Coverage))
		}
		if c := b.Coverage[0]; c.Type != tc.want || c.Payor != "Good Health Insurance" {
			t.Errorf("%s: type %q payor %q, want %q", tc.typ, c.Type, c.Payor, tc.want)
		}
	}
}
