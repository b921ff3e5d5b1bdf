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

// TestRecordsTableSaysDeleted: a record its source deleted is kept and marked; the table says
// so in a STATUS column ("deleted at the source"), as the app does, where it listed it like a
// live one (F76). A listing without such a record has no STATUS column (TestRecordsTableGolden).
func TestRecordsTableSaysDeleted(t *testing.T) {
	r := in(newVault(t))
	dir := filepath.Join("..", "..", "sync", "testdata", "deletes")
	r.run(t, "import", filepath.Join(dir, "first.json")).ok(t)
	r.run(t, "import", filepath.Join(dir, "history.json")).ok(t)
	out := r.run(t, "records", "--type", "Observation").ok(t).stdout
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if f := strings.Fields(lines[0]); f[len(f)-1] != "STATUS" {
		t.Errorf("heading %q: no STATUS column", lines[0])
	}
	for id, deleted := range map[string]bool{"o1": true, "o2": true, "o3": false} {
		var line string
		for _, l := range lines[1:] {
			if f := strings.Fields(l); len(f) > 1 && f[1] == id {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("no row for Observation %s in\n%s", id, out)
		}
		if got := strings.HasSuffix(line, "  deleted at the source"); got != deleted {
			t.Errorf("Observation %s: row %q says deleted %v, want %v", id, line, got, deleted)
		}
		if !deleted && strings.HasSuffix(line, " ") {
			t.Errorf("Observation %s: row %q ends in spaces", id, line)
		}
	}
}
