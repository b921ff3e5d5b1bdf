package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F147: a record naming its test by a long sentence (the HL7 genetics example: "Genetic analysis
// master panel-- This is the parent OBR for the panel holding all of the associated
// observations …", 180 characters) made every row of `results` that wide. The name is cut at
// 40 columns with "…", as in the other listings; --json keeps it whole.
func TestResultsCutsALongName(t *testing.T) {
	// (LOINC's "--" comment is left out of a name since F412: a long name without one)
	long := "Genetic analysis master panel, the parent OBR for the panel holding all of the associated observations that can be reported"
	file := filepath.Join(t.TempDir(), "long.json")
	body := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"p","name":[{"family":"Long","given":["Lou"]}],"birthDate":"1970-01-01"}},` +
		`{"resource":{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/p"},"effectiveDateTime":"2026-01-02",` +
		`"code":{"coding":[{"system":"http://example.org/lab","code":"GEN"}],"text":"` + long + `"},"valueQuantity":{"value":4,"unit":"U/L"}}},` +
		`{"resource":{"resourceType":"Observation","id":"o2","status":"final","subject":{"reference":"Patient/p"},"effectiveDateTime":"2026-01-02",` +
		`"code":{"text":"` + long + ` as text"},"valueString":"Positive"}}]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t))
	r.run(t, "import", file).ok(t)
	out := r.run(t, "results").ok(t).stdout
	if strings.Count(out, "Genetic analysis") != 2 {
		t.Errorf("want the series and the text result: %s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, "…")
		if len([]rune(name)) >= 40 || !strings.HasPrefix(name, "Genetic analysis master panel,") || strings.Contains(line, "parent OBR") {
			t.Errorf("row not cut at 40 columns: %q", line)
		}
	}
	if js := r.run(t, "results", "--json").ok(t).stdout; !strings.Contains(js, long) {
		t.Errorf("--json lost the whole name: %s", js)
	}
}
