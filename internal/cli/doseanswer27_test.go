package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F124: a dose already answered is not answered again ('dose skip' after 'dose take' said
// 'Recorded: skipped' while it stayed taken), and the line names the dose answered. F125: no
// dose is recorded for a person who died.
func TestDoseAnsweredOnceAndNotAfterDeath(t *testing.T) {
	y := time.Now().UTC().AddDate(0, 0, -1)
	at := func(h, m int) string {
		return time.Date(y.Year(), y.Month(), y.Day(), h, m, 0, 0, time.UTC).Format(time.RFC3339)
	}
	person := func(id, extra string) string {
		return `{"resourceType":"Bundle","type":"collection","entry":[` +
			`{"resource":{"resourceType":"Patient","id":"` + id + `","name":[{"text":"Mary ` + id + `"}],"birthDate":"1950-01-01"` + extra + `}},` +
			`{"resource":{"resourceType":"MedicationRequest","id":"rx-` + id + `","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
			`"subject":{"reference":"Patient/` + id + `"},"authoredOn":"` + y.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}}}]}}]}`
	}
	dir := t.TempDir()
	alive, dead := filepath.Join(dir, "alive.json"), filepath.Join(dir, "dead.json")
	os.WriteFile(alive, []byte(person("a", "")), 0o600)
	os.WriteFile(dead, []byte(person("d", `,"deceasedDateTime":"`+y.AddDate(0, 0, -3).Format("2006-01-02")+`"`)), 0o600)
	r := in(newVault(t)).with("TZ", "UTC")
	r.run(t, "import", alive).ok(t)
	r.run(t, "import", dead).ok(t)

	out := r.run(t, "dose", "take", "--ref", "MedicationRequest/rx-a", "--at", at(20, 0), "--when", at(20, 5)).ok(t).stdout
	if !strings.HasPrefix(out, "Recorded: the 20:00 dose, taken at ") {
		t.Errorf("take: %q", out)
	}
	r.run(t, "dose", "skip", "--ref", "MedicationRequest/rx-a", "--at", at(20, 0)).fails(t, 1, "this dose is already recorded as taken: nothing recorded")
	r.run(t, "dose", "take", "--ref", "MedicationRequest/rx-a", "--at", at(20, 0)).fails(t, 1, "this dose is already recorded as taken: nothing recorded")
	out = r.run(t, "dose", "skip", "--ref", "MedicationRequest/rx-a", "--at", at(8, 0)).ok(t).stdout
	if !strings.HasPrefix(out, "Recorded: the 08:00 dose, skipped at ") {
		t.Errorf("skip: %q", out)
	}
	out = r.run(t, "dose", "take", "--ref", "MedicationRequest/rx-a", "--at", at(13, 0)).ok(t).stdout
	if !strings.HasPrefix(out, "Recorded: a dose at 13:00, when none is scheduled, taken at ") {
		t.Errorf("off-schedule take: %q", out)
	}
	for _, sub := range []string{"take", "skip", "log"} {
		args := []string{"dose", sub, "--ref", "MedicationRequest/rx-d"}
		if sub != "log" {
			args = append(args, "--at", at(8, 0))
		}
		res := r.run(t, args...)
		if res.code == 0 || !strings.Contains(res.stderr, "the records say this person has died: no dose was recorded") {
			t.Errorf("dose %s for a person who died: exit %d, stderr %q, stdout %q", sub, res.code, res.stderr, res.stdout)
		}
	}
}
