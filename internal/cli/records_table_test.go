package cli_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

var updateRecordsTable = flag.Bool("update-records-table", false, "rewrite testdata/records-table.txt")

// TestRecordsTableGolden: `records` (the aligned text table, no flags) writes the same bytes
// for a fixture as when the golden file was made, so a change to how the table keeps or
// aligns its rows cannot change what it shows. The person's id is random: replaced, and the
// rows compared in sorted order (the vault lists the shared records before or after the
// person's by that id).
func TestRecordsTableGolden(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/New_York")
	path := testutil.Fixture(t, "synthea/Buster_Hoeger_*.json")
	l := importLines(t, r.run(t, "import", "--json", path).ok(t).stdout)
	var pid string
	if err := json.Unmarshal(l[0]["profile"], &pid); err != nil || pid == "" {
		t.Fatalf("no profile in the import line (%v)", err)
	}
	got := strings.ReplaceAll(r.run(t, "records").ok(t).stdout, pid, strings.Repeat("P", len(pid)))
	lines := strings.SplitAfter(got, "\n")
	slices.Sort(lines[1:])
	got = strings.Join(lines, "")
	golden := filepath.Join("testdata", "records-table.txt")
	if *updateRecordsTable {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("records table changed:\n%s\nwant:\n%s", got, want)
	}
}
