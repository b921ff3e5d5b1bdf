package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// The summary, checkin and insights commands: their flags, JSON and exit codes.
func TestSummaryAndCheckinCommands(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	carl := testutil.Fixture(t, "synthea/synthea_Carl856_*.json")
	var imp struct{ Profile string }
	if err := json.Unmarshal([]byte(r.run(t, "import", "--json", carl).ok(t).stdout), &imp); err != nil || imp.Profile == "" {
		t.Fatalf("import: %v", err)
	}
	p := imp.Profile

	// Usage errors: exit 2, one line.
	r.run(t, "summary", "--profile", p, "--from", "2017-01-01").fails(t, 2, "--out")
	r.run(t, "summary", "--profile", p, "--from", "2017-05-01", "--to", "2017-01-01", "--out", "x.pdf").fails(t, 2, "before")
	r.run(t, "checkin", "add", "--profile", p, "--condition", "prediabetes").fails(t, 2, "--severity")
	r.run(t, "checkin", "add", "--profile", p, "--condition", "prediabetes", "--severity", "11").fails(t, 2, "between 0 and 10")
	r.run(t, "checkin", "frobnicate", "--profile", p).fails(t, 2)
	// Failures: exit 1, no health data in the message.
	r.run(t, "checkin", "add", "--profile", p, "--condition", "no-such-guide", "--severity", "3").fails(t, 1, "no guide")
	r.run(t, "checkin", "add", "--profile", p, "--condition", "prediabetes", "--severity", "3", "--symptoms", "nonsense").fails(t, 1, "no symptom")

	res := r.run(t, "checkin", "add", "--json", "--profile", p, "--condition", "prediabetes", "--symptoms", "thirst,tired",
		"--severity", "3", "--note", "after the holidays", "--at", "2017-05-10T19:00:00Z").ok(t)
	var ci struct {
		ID, Condition, At, Note string
		Symptoms                []string
		Severity                int
	}
	if err := json.Unmarshal([]byte(res.stdout), &ci); err != nil || ci.Condition != "prediabetes" || ci.Severity != 3 ||
		strings.Join(ci.Symptoms, ",") != "thirst,tired" || !strings.HasPrefix(ci.ID, "QuestionnaireResponse/") {
		t.Fatalf("checkin add: %s (%v)", res.stdout, err)
	}
	r.run(t, "checkin", "add", "--profile", p, "--condition", "anemia", "--severity", "1", "--at", "2017-05-12").ok(t)
	res = r.run(t, "checkin", "list", "--json", "--profile", p).ok(t)
	var list []map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &list); err != nil || len(list) != 2 || list[0]["condition"] != "prediabetes" {
		t.Fatalf("checkin list: %s", res.stdout)
	}
	res = r.run(t, "checkin", "list", "--json", "--profile", p, "--condition", "anemia").ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &list); err != nil || len(list) != 1 {
		t.Fatalf("checkin list --condition: %s", res.stdout)
	}
	if out := r.run(t, "checkin", "conditions").ok(t).stdout; !strings.Contains(out, "type-2-diabetes") || !strings.Contains(out, "thirst") {
		t.Errorf("checkin conditions: %s", out)
	}

	res = r.run(t, "insights", "--json", "--profile", p, "--at", "2017-05-16T12:00:00Z").ok(t)
	var cards []struct{ ID, Kind, Title string }
	if err := json.Unmarshal([]byte(res.stdout), &cards); err != nil || len(cards) == 0 {
		t.Fatalf("insights: %s", res.stdout)
	}

	out := t.TempDir()
	pdf, fhir := filepath.Join(out, "s.pdf"), filepath.Join(out, "s.json")
	for _, f := range []string{pdf, fhir} { // existing files of mode 0644 become 0600
		if err := os.WriteFile(f, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(f, 0o644)
	}
	res = r.run(t, "summary", "--json", "--profile", p, "--from", "2014-01-01", "--to", "2017-05-16", "--out", pdf, "--fhir", fhir).ok(t)
	for _, f := range []string{pdf, fhir} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", f, st.Mode().Perm())
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		b, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(b)), " ")
		for _, want := range []string{"Health summary", "Prediabetes", "Check-ins", "severity 3", "Feeling thirstier than usual", "after the holidays"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
	}
	// The FHIR summary imports into another vault.
	other := in(newVault(t))
	res = other.run(t, "import", "--json", fhir).ok(t)
	if !strings.Contains(res.stdout, `"Composition":1`) || !strings.Contains(res.stdout, `"QuestionnaireResponse":2`) {
		t.Errorf("re-import: %s", res.stdout)
	}
}
