package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F71: 'dose log' of an as-needed dose sooner than the record allows ("every 4–6 hours", at most
// 720 mg a day of 240 mg) says so in the app's words and asks on a terminal; without one it
// needs --yes (exit 2), and nothing is logged unless the person says yes.
func TestDoseLogAsksWhenTooSoon(t *testing.T) {
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	y := time.Now().In(lon).AddDate(0, 0, -1)
	at := func(h, m int) string {
		return time.Date(y.Year(), y.Month(), y.Day(), h, m, 0, 0, lon).Format(time.RFC3339)
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"p","name":[{"text":"Mum"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"prn","status":"active","intent":"order","medicationCodeableConcept":{"text":"Paracetamol 240 mg suppository"},` +
		`"subject":{"reference":"Patient/p"},"authoredOn":"` + y.AddDate(0, -1, 0).Format("2006-01-02") + `","dosageInstruction":[{"asNeededBoolean":true,` +
		`"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":240,"unit":"mg"}}],` +
		`"maxDosePerPeriod":{"numerator":{"value":720,"unit":"mg"},"denominator":{"value":1,"unit":"d"}}}]}}]}`
	file := filepath.Join(t.TempDir(), "prn.json")
	if err := os.WriteFile(file, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t)).with("TZ", "Europe/London")
	r.run(t, "import", file).ok(t)
	log := func(r runner, when string, extra ...string) result {
		return r.run(t, append([]string{"dose", "log", "--ref", "MedicationRequest/prn", "--when", when}, extra...)...)
	}
	terminal := func(typed string) runner {
		tr := r.with()
		tr.password, tr.stdin = [][]byte{}, typed
		return tr
	}

	log(r, at(10, 0)).ok(t)
	log(r, at(11, 0)).fails(t, 2, "The last dose was at 10:00, 1 hour ago. This medicine says at least 4 hours between doses. Nothing logged: add --yes to log it anyway.")
	if res := log(terminal("no\n"), at(11, 0)); res.code != 1 || !strings.Contains(res.stderr, "Log another dose anyway? Type yes to log it:") || !strings.Contains(res.stderr, "nothing logged") {
		t.Errorf("answered no on a terminal: exit %d, stderr %q", res.code, res.stderr)
	}
	if res := log(terminal("yes\n"), at(11, 0)); res.code != 0 || !strings.HasPrefix(res.stdout, "Recorded: 240 mg taken at ") {
		t.Errorf("answered yes on a terminal: exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
	}
	log(r, at(11, 30), "--yes").ok(t)
	// Three logged (10:00, 11:00, 11:30: the 'no' wrote nothing); a fourth is one too many.
	log(r, at(16, 0)).fails(t, 2, "3 doses were logged in the last 24 hours, the last at 11:30. This medicine says at most 3 doses a day.")
	log(r, at(16, 0), "--yes").ok(t)
	// --at, the flag of 'dose take', is refused with the flag to use, and nothing is logged
	// (F388: it was taken without a word and the dose recorded at now).
	before := r.run(t, "records", "--type", "MedicationAdministration", "--json").ok(t).stdout
	r.run(t, "dose", "log", "--ref", "MedicationRequest/prn", "--at", at(6, 0), "--yes").fails(t, 2, "say when it was taken with --when (e.g. --when "+at(6, 0)+")")
	if after := r.run(t, "records", "--type", "MedicationAdministration", "--json").ok(t).stdout; after != before {
		t.Error("dose log --at wrote a dose")
	}
}
