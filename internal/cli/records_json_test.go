package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

var updateRecordsJSON = flag.Bool("update-records-json", false, "rewrite testdata/records-json.txt")

// TestRecordsJSONGolden: `records --json` writes the same bytes for a fixture as the build
// that made the golden file (before the listing stopped decoding metadata: storage's
// Query.ResourceOnly), in its three forms: one person (the type index with --type, the
// person's records without), a type across the vault, and the whole vault. The golden file
// holds each output's SHA-256 and length; the whole vault's lines are sorted first (the
// person's random id decides whether the shared records come before or after theirs).
func TestRecordsJSONGolden(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/New_York")
	path := testutil.Fixture(t, "synthea/Buster_Hoeger_*.json")
	l := importLines(t, r.run(t, "import", "--json", path).ok(t).stdout)
	var pid string
	if err := json.Unmarshal(l[0]["profile"], &pid); err != nil || pid == "" {
		t.Fatalf("no profile in the import line (%v)", err)
	}
	var got strings.Builder
	for _, c := range []struct {
		name   string
		args   []string
		sorted bool
	}{
		{"person", []string{"--profile", pid}, false},
		{"person observations", []string{"--profile", pid, "--type", "Observation"}, false},
		{"person immunizations", []string{"--profile", pid, "--type", "Immunization"}, false},
		{"observations", []string{"--type", "Observation"}, false},
		{"everything, lines sorted", nil, true},
	} {
		out := r.run(t, append([]string{"records", "--json"}, c.args...)...).ok(t).stdout
		if !json.Valid([]byte(out)) {
			t.Errorf("%s: not JSON", c.name)
		}
		if c.sorted {
			lines := strings.Split(strings.ReplaceAll(out, ",\n", "\n"), "\n")
			slices.Sort(lines)
			out = strings.Join(lines, "\n")
		}
		sum := sha256.Sum256([]byte(out))
		fmt.Fprintf(&got, "%s %d %s\n", hex.EncodeToString(sum[:]), len(out), c.name)
	}
	golden := filepath.Join("testdata", "records-json.txt")
	if *updateRecordsJSON {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("records --json changed:\n%s\nwant:\n%s", got.String(), want)
	}
}
