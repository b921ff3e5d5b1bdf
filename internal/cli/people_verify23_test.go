package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two people of one name (a mother and her daughter) are told apart by birth year in every
// text listing that names people, as import and the app's person choices do: a caregiver
// must know whose dose is overdue.
func TestTwoPeopleOfOneNameToldApartInListings(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "two.json")
	med := func(id, patient, at string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order",
"medicationCodeableConcept":{"text":"Medicine ` + id + `"},"subject":{"reference":"Patient/` + patient + `"},"authoredOn":"2026-11-20",
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["` + at + `"]}}}]}}`
	}
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"mum","name":[{"given":["Rosa"],"family":"Quintero"}],"birthDate":"1957-06-14"}},
{"resource":{"resourceType":"Patient","id":"kid","name":[{"given":["Rosa"],"family":"Quintero"}],"birthDate":"1984-02-03"}},
`+med("a", "mum", "09:00:00")+`,`+med("b", "kid", "07:00:00")+`]}`), 0o600)
	r.run(t, "import", f).ok(t)
	for _, args := range [][]string{
		{"today", "--at", "2026-12-04T09:02:00Z"},
		{"reminders", "--from", "2026-12-04", "--to", "2026-12-05"},
		{"medicines"},
		{"schedule", "list"},
	} {
		out := r.run(t, args...).ok(t).stdout
		for _, want := range []string{"Rosa Quintero (born 1957)", "Rosa Quintero (born 1984)"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s", args[0], want, out)
			}
		}
	}
}
