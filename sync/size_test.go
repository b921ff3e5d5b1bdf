package sync_test

import (
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// TestStoredSize: two small patients' records take at most 14 % of their JSON in the
// database's tables (issue 13's disk goals with their files' overhead: ≤ 0.25 for one small
// patient, ≤ 0.18 at 100,000 resources; `carekeeper bench` measures those). The tables'
// bytes, not allocated blocks, so the figure does not depend on the filesystem. It was 15.6 %
// while each envelope entropy-coded its own literals and Badger's block compression coded
// them again (now 12.6 %).
func TestStoredSize(t *testing.T) {
	v, dir := newVault(t)
	var input int64
	for _, pattern := range []string{"synthea/Clemente_Kreiger_*.json", "synthea/Buster_Hoeger_*.json"} {
		importFixture(t, v, pattern)
		info, err := os.Stat(testutil.Fixture(t, pattern))
		if err != nil {
			t.Fatal(err)
		}
		input += info.Size()
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	tables, err := filepath.Glob(filepath.Join(dir, "db", "*.sst"))
	if err != nil || len(tables) == 0 {
		t.Fatalf("no tables in the vault (%v)", err)
	}
	var stored int64
	for _, p := range tables {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		stored += info.Size()
	}
	if ratio := float64(stored) / float64(input); ratio > 0.14 {
		t.Errorf("the tables hold %d bytes for %d bytes of JSON (%.3f; at most 0.14)", stored, input, ratio)
	}
}
