package intake

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
)

// A second file for the same person (a C-CDA of the same person, a FHIR file with the same
// fullUrls) giving another birth date was merged as "17 updated" without a word, and her
// Patient record said 1 May 1975 while People, the PDF and the reminders kept 1 May 1945
// (F397). The birth date here is kept, the rest is her update, and the line (and --json)
// says it; People and her record agree.
func TestAnotherBirthDateForTheSamePersonIsKeptAndSaid(t *testing.T) {
	fhirFile := func(t *testing.T, birth string) string {
		return write(t, "lily.json", []byte(fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"http://example.org/fhir/Patient/lily","resource":{"resourceType":"Patient","id":"lily","name":[{"family":"Moreno","given":["Lily","Rose"]}],"birthDate":%q}},
{"fullUrl":"http://example.org/fhir/Observation/w1","resource":{"resourceType":"Observation","id":"w1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/lily"},"effectiveDateTime":"2026-11-20","valueQuantity":{"value":20.9,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}]}`, birth)))
	}
	docs := filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents")
	for _, c := range []struct {
		name        string
		first, then func(t *testing.T) string
		want, kept  string
	}{
		{"C-CDA", func(*testing.T) string { return filepath.Join(docs, "Transfer Summary", "Transfer_Summary.xml") },
			func(*testing.T) string { return filepath.Join(docs, "Referral Note", "Referral_Note.xml") },
			"the file gives Eve Betterhalf's birth date as 1 May 1975; here it is 1 May 1945: kept 1 May 1945", "1945-05-01"},
		{"FHIR, same fullUrls", func(t *testing.T) string { return fhirFile(t, "2019-04-14") },
			func(t *testing.T) string { return fhirFile(t, "2009-04-14") },
			"the file gives Lily Rose Moreno's birth date as 14 Apr 2009; here it is 14 Apr 2019: kept 14 Apr 2019", "2019-04-14"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := newVault(t)
			if _, err := importPath(t, v, c.first(t), Options{}); err != nil {
				t.Fatal(err)
			}
			second := c.then(t)
			s, err := importPath(t, v, second, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if line := s.Describe(); !strings.Contains(line, c.want) {
				t.Errorf("the import line says %q, want it to say %q", line, c.want)
			}
			js, _ := json.Marshal(s)
			if !strings.Contains(string(js), `"birth_dates_kept":[{`) || !strings.Contains(string(js), `"keptBirthDate":"`+c.kept+`"`) {
				t.Errorf("--json says %s", js)
			}
			ps, err := v.Profiles()
			if err != nil || len(ps) != 1 {
				t.Fatalf("%d people (%v), want 1", len(ps), err)
			}
			if ps[0].BirthDate != c.kept {
				t.Errorf("People says born %s, want %s", ps[0].BirthDate, c.kept)
			}
			var patients []*storage.Record
			if err := v.Records(ctx, storage.Query{Type: "Patient"}, func(r *storage.Record) error { patients = append(patients, r); return nil }); err != nil {
				t.Fatal(err)
			}
			for _, r := range patients {
				var p struct {
					BirthDate string `json:"birthDate"`
				}
				if json.Unmarshal(r.Resource, &p); p.BirthDate != c.kept {
					t.Errorf("the Patient record says born %s, People %s", p.BirthDate, ps[0].BirthDate)
				}
			}
			// The same file again says it again and changes nothing.
			if s, err := importPath(t, v, second, Options{}); err != nil || !strings.Contains(s.Describe(), c.want) || len(s.Updated) != 0 || len(s.Added) != 0 {
				t.Errorf("the second file again: %s %v", s.Describe(), err)
			}
		})
	}
}
