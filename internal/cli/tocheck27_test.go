package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F151: two current records of one ingredient (amoxicillin 250 mg/5 mL three times a day and
// 80 mg/mL twice a day) remind neither until the person says which is taken; the app's Today
// lists them under "Medicines to check", `today` said "Nothing planned today." and nothing in
// --json. It now says them in the app's words, and --json has "check"; once answered, gone.
func TestTodaySaysMedicinesToCheck(t *testing.T) {
	authored := time.Now().AddDate(0, 0, -4).Format("2006-01-02")
	med := func(id, text, code string, freq int) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","subject":{"reference":"Patient/k"},` +
			`"authoredOn":"` + authored + `","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"` + code +
			`","display":"` + text + `"}],"text":"` + text + `"},"dosageInstruction":[{"timing":{"repeat":{"frequency":` + string(rune('0'+freq)) +
			`,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}]}]}}`
	}
	file := filepath.Join(t.TempDir(), "amox.json")
	body := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"k","name":[{"family":"Kid","given":["Kit"]}],"gender":"male","birthDate":"2020-02-02"}},` +
		med("a1", "Amoxicillin 250 MG in 5 mL Oral Suspension", "308182", 3) + "," + med("a2", "Amoxicillin 80 MG/ML Oral Suspension", "313797", 2) + `]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t))
	r.run(t, "import", file).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %+v", people)
	}
	pid := people[0].ID
	out := r.run(t, "today", "--profile", pid).ok(t).stdout
	for _, want := range []string{"Medicines to check: two records give the same medicine.",
		"To check: Amoxicillin 250 mg in 5 mL oral suspension — Another record also gives Amoxicillin 80 mg/mL",
		"To check: Amoxicillin 80 mg/mL oral suspension — Another record also gives"} {
		if !strings.Contains(out, want) {
			t.Errorf("today: no %q in\n%s", want, out)
		}
	}
	var views []struct {
		Check []struct{ Ref, Name, Question string }
	}
	json.Unmarshal([]byte(r.run(t, "today", "--json", "--profile", pid).ok(t).stdout), &views)
	if len(views) != 1 || len(views[0].Check) != 2 || views[0].Check[0].Question == "" {
		t.Fatalf("--json check: %+v", views)
	}
	r.run(t, "medicines", "confirm", "--profile", pid, "--ref", "MedicationRequest/a2").ok(t)
	r.run(t, "medicines", "stop", "--profile", pid, "--ref", "MedicationRequest/a1").ok(t)
	if out := r.run(t, "today", "--profile", pid).ok(t).stdout; strings.Contains(out, "To check") {
		t.Errorf("still to check after the answer:\n%s", out)
	}
}
