package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// Files are read one ahead of the one being written: what the command says is still in the
// order the files were named, good and bad files interleaved, each bad file one line, and
// every good file imported (a file read ahead is not lost when the one before it fails).
func TestImportReadAheadKeepsOrder(t *testing.T) {
	r := in(newVault(t))
	tmp := t.TempDir()
	bad := func(name string) string {
		p := filepath.Join(tmp, name)
		os.WriteFile(p, []byte("not json"), 0o600)
		return p
	}
	goods := []string{
		testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"),
		testutil.Fixture(t, "synthea/Buster_Hoeger_*.json"),
		testutil.Fixture(t, "synthea/Ned_Hintz_*.json"),
	}
	bads := []string{bad("first.json"), bad("second.json"), bad("third.json")}
	args := []string{"import", "--json", bads[0], goods[0], goods[1], bads[1], goods[2], bads[2]}
	res := r.run(t, args...)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %q)", res.code, res.stderr)
	}
	errs := strings.Split(strings.TrimSuffix(res.stderr, "\n"), "\n")
	if len(errs) != len(bads) { // one line each
		t.Fatalf("stderr %q", res.stderr)
	}
	for i, b := range bads {
		if !strings.Contains(errs[i], b) {
			t.Errorf("stderr line %d %q, want %s", i+1, errs[i], b)
		}
	}
	linesForFiles(t, res.stdout, goods)
	if out := r.run(t, "records", "--json", "--type", "Patient").ok(t).stdout; strings.Count(out, `"resourceType":"Patient"`) != 3 {
		t.Errorf("not every good file was imported: %s", out)
	}
}

// A large file among small ones (read without read-ahead before and after it): still one line
// per file in the order named, the good files imported.
func TestImportLargeFileAmongSmallOnes(t *testing.T) {
	r := in(newVault(t))
	big := filepath.Join(t.TempDir(), "big.ndjson")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(17 << 20); err != nil { // 17 MiB of zero bytes: not FHIR
		t.Fatal(err)
	}
	f.Close()
	goods := []string{
		testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"),
		testutil.Fixture(t, "synthea/Buster_Hoeger_*.json"),
	}
	res := r.run(t, "import", "--json", goods[0], big, goods[1])
	if res.code != 1 || strings.Count(res.stderr, "\n") != 1 || !strings.Contains(res.stderr, big) {
		t.Fatalf("exit %d, stderr %q: want one line naming %s", res.code, res.stderr, big)
	}
	linesForFiles(t, res.stdout, goods)
}

// linesForFiles checks that the import's JSON lines are one per good file, in their order.
func linesForFiles(t *testing.T, stdout string, goods []string) {
	t.Helper()
	lines := importLines(t, stdout)
	if len(lines) != len(goods) {
		t.Fatalf("%d lines for %d good files: %s", len(lines), len(goods), stdout)
	}
	for i, g := range goods {
		var file string
		json.Unmarshal(lines[i]["file"], &file)
		if file != g {
			t.Errorf("line %d is for %s, want %s", i+1, file, g)
		}
	}
}
