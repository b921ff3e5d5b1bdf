package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F508: Mateo's paracetamol is 15 mg/kg as needed, of a 100 mg/mL solution. 'dose log' without
// --dose recorded "taken" with no amount: the Timeline on both devices said "Dose taken:
// Paracetamol …", and nobody could tell how much the baby had. It is refused, nothing
// recorded, as the app asks how much; a rule given as --dose is refused too; an amount is
// recorded and said.
func TestDoseLogOfADoseByWeightNeedsTheAmount(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"mateo","name":[{"given":["Mateo"],"family":"Herrera"}],"birthDate":"2026-10-02"}},` +
		`{"resource":{"resourceType":"Observation","id":"w1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/mateo"},"effectiveDateTime":"2026-12-02T11:00:00Z",` +
		`"valueQuantity":{"value":5120,"unit":"g","system":"http://unitsofmeasure.org","code":"g"}}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"m-para","status":"active","intent":"order","medicationCodeableConcept":{"text":"Paracetamol 100 mg/mL solución oral"},` +
		`"subject":{"reference":"Patient/mateo"},"authoredOn":"2026-12-01","dosageInstruction":[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},` +
		`"doseAndRate":[{"doseQuantity":{"value":15,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]}}]}`
	f := filepath.Join(t.TempDir(), "mateo.json")
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	when := "2026-12-03T08:44:00Z"
	log := func(extra ...string) result {
		return r.run(t, append([]string{"dose", "log", "--profile", id, "--ref", "MedicationRequest/m-para", "--when", when}, extra...)...)
	}
	log().fails(t, 2, "gives its dose by body weight or size, not an amount: say how much was given with --dose", "nothing logged")
	log("--dose", "15 mg/kg").fails(t, 2, "--dose 15 mg/kg is a rule by body weight, not an amount", "nothing recorded")
	if out := r.run(t, "records", "--type", "MedicationAdministration", "--json").ok(t).stdout; strings.Contains(out, "MedicationAdministration") {
		t.Fatalf("a refused dose was recorded: %s", out)
	}
	log("--dose", "0.77 mL").ok(t)
	if out := r.run(t, "timeline", "--profile", id).ok(t).stdout; !strings.Contains(out, "Dose taken: Paracetamol 100 mg/mL solución oral (0.77 mL)") {
		t.Errorf("the Timeline does not say the 0.77 mL given:\n%s", out)
	}
}
