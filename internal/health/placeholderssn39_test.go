package health

import "testing"

// F488 (imp38's line): a FHIR file's Patient with a placeholder social security number
// (000-00-0000, a group of 00, 123-45-6789: numbers no one can have) counted in PatientIdentity
// and CompareIdentity as a real one — the app's record-number question took Eve Betterhalf's
// 000-00-0000 for a number she shares with another Eve, or with anyone given it. Sync's
// matching already reads such a number as nobody's (ssn.Placeholder); now the identity does too,
// and one number written with and without dashes is one.
func TestPlaceholderSSNIsNoOnesNumber(t *testing.T) {
	patient := func(name, birth, ssn string) Identity {
		js := `{"resourceType":"Patient","name":[{"given":["` + name + `"],"family":"Betterhalf"}],"birthDate":"` + birth + `"`
		if ssn != "" {
			js += `,"identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"` + ssn + `"},{"system":"urn:oid:2.16.840.1.113883.19.5","value":"MRN-` + name + birth + `"}]`
		}
		id, ok := PatientIdentity([]byte(js + `}`))
		if !ok {
			t.Fatalf("PatientIdentity(%s) not read", js)
		}
		return id
	}
	for _, tc := range []struct {
		name       string
		file, here Identity
		wantIDs    int  // identifiers of the file's Patient kept
		differs    bool // CompareIdentity asks
	}{
		// another birth date: a shared placeholder does not say they are one, so it asks
		{"000-00-0000 shared", patient("Eve", "1975-05-02", "000-00-0000"), patient("Eve", "1975-05-01", "000-00-0000"), 1, true},
		{"a group of 00 shared", patient("Eve", "1975-05-02", "111-00-2330"), patient("Eve", "1975-05-01", "111-00-2330"), 1, true},
		{"123-45-6789 shared", patient("Eve", "1975-05-02", "123-45-6789"), patient("Eve", "1975-05-01", "123-45-6789"), 1, true},
		// a real number shared is the person's, with and without dashes (a nickname aside)
		{"a real number", patient("Eve", "1975-05-02", "219-09-9999"), patient("Eve", "1975-05-01", "219099999"), 2, false},
		{"a real number, another given name", patient("Adam", "1975-05-01", "219-09-9999"), patient("Eve", "1975-05-01", "219-09-9999"), 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.file.Identifiers) != tc.wantIDs {
				t.Errorf("identifiers %q, want %d", tc.file.Identifiers, tc.wantIDs)
			}
			if got := CompareIdentity(tc.file, tc.here).Differs(); got != tc.differs {
				t.Errorf("CompareIdentity(%s, %s).Differs() = %v, want %v", tc.file.Name, tc.here.Name, got, tc.differs)
			}
		})
	}
	if SharesANumber([]string{"http://hl7.org/fhir/sid/us-ssn|000-00-0000"}, []string{"http://hl7.org/fhir/sid/us-ssn|000000000"}) {
		t.Error("a placeholder shared is a number shared")
	}
}
