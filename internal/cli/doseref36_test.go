package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F476: a server's ids repeat across servers, so 'MedicationRequest/m1' may be a medicine of two
// people here: Kenji's metformin from his GP's server and Maria's levothyroxine from hers.
// 'dose take --ref MedicationRequest/m1' without --profile recorded Maria's dose taken (and his
// stayed overdue), and 'dose log' of a living child's ibuprofen was refused as "this person has
// died" because the same id was her late grandfather's. A reference held by several people is
// refused without --profile (exit 2, nothing recorded), naming the people's ids; with --profile
// it is that person's.
func TestDoseRefOfTwoPeopleNeedsProfile(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/Los_Angeles")
	tmp := t.TempDir()
	person := func(server, given, birth, medicine, dosage string) string {
		f := filepath.Join(tmp, given+".json")
		os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"https://`+server+`/r4/Patient/p1","resource":{"resourceType":"Patient","id":"p1","birthDate":"`+birth+`",
 "identifier":[{"system":"https://`+server+`/mrn","value":"p1"}],"name":[{"family":"Nakamura","given":["`+given+`"]}]}},
{"fullUrl":"https://`+server+`/r4/MedicationRequest/m1","resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order",
 "subject":{"reference":"Patient/p1"},"medicationCodeableConcept":{"text":"`+medicine+`"},"authoredOn":"2026-01-01",
 "dosageInstruction":[`+dosage+`]}}]}`), 0o600)
		r.run(t, "import", f).ok(t)
		return f
	}
	prn := `{"asNeededBoolean":true,"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}]}`
	person("gp.example", "Kenji", "1974-06-30", "Ibuprofen 100 mg/5 mL oral suspension", prn)
	person("peds.example", "Sofia", "2025-10-01", "Paracetamol 120 mg/5 mL oral suspension", prn)
	ids := profileIDs(t, r)
	when := time.Now().Add(-time.Hour).Format(time.RFC3339)

	r.run(t, "dose", "log", "--ref", "MedicationRequest/m1", "--when", when).fails(t, 2,
		"MedicationRequest/m1 is a medicine of 2 people here", ids["Kenji"], ids["Sofia"], "--profile", "nothing recorded")
	for _, id := range []string{ids["Kenji"], ids["Sofia"]} {
		if out := r.run(t, "dose", "log", "--ref", "MedicationRequest/m1", "--when", when, "--profile", id, "--json").ok(t).stdout; !strings.Contains(out, `"profile":"`+id+`"`) {
			t.Errorf("with --profile %s: %s", id, out)
		}
	}
}
