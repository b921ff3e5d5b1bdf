package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F235: an Epic lab result of John Doe's alone in its file (no Patient record: subject
// {"reference":"Patient/1234","display":"Doe, John"}), imported into Frank Miller, was filed
// under him without a word: 'broken.json: 1 added; for Frank Miller', and his Results listed
// another man's hepatitis B test. The name its records give is compared like a Patient's: the
// import is refused (--force imports it anyway); a file naming Frank is imported.
func TestImportNoPatientNamesSomeoneElse(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	out := r.run(t, "profile", "add", "--name", "Frank Miller", "--birth-date", "1950-02-03", "--json").ok(t).stdout
	var p struct{ ID string }
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.ID == "" {
		t.Fatalf("profile add: %q %v", out, err)
	}
	src := filepath.Join(testutil.FixturesDir(t), "vendor", "fasten-sources", "static-fixtures", "observation_broken_parse.json")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	john, frank := filepath.Join(tmp, "broken.json"), filepath.Join(tmp, "franks.json")
	os.WriteFile(john, data, 0o600)
	os.WriteFile(frank, []byte(strings.Replace(string(data), `"Doe, John"`, `"Miller, Frank"`, 1)), 0o600)

	r.run(t, "import", "--profile", p.ID, john).fails(t, 1, "broken.json: not imported: the person in this file has a different name", "add --force")
	if out := r.run(t, "records", "--profile", p.ID, "--type", "Observation").ok(t).stdout; !strings.Contains(out, "No Observation records for Frank Miller") {
		t.Errorf("refused, yet Frank has the result: %s", out)
	}
	if out := r.run(t, "import", "--profile", p.ID, frank).ok(t).stdout; !strings.Contains(out, "franks.json: 1 added; for Frank Miller") {
		t.Errorf("a result naming Frank: %q", out)
	}
	if out := r.run(t, "import", "--profile", p.ID, "--force", john).ok(t).stdout; !strings.Contains(out, "for Frank Miller") {
		t.Errorf("--force: %q", out)
	}
}
