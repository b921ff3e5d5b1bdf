package sync_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A record deleted in the vault — a reading the person entered by mistake and deleted, or one
// its source deleted — is not in the export: exported as it was, the mistaken 100 lb came back
// as the latest weight wherever the file was imported (F416). Export and ExportFile agree.
func TestExportLeavesOutDeletedRecords(t *testing.T) {
	v, _ := newVault(t)
	s := importFixture(t, v, "synthea/Clemente_Kreiger_*.json")
	count := func(profile string) int {
		n, err := cksync.Export(ctx, v, profile, new(bytes.Buffer))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := map[string]int{s.Profile: count(s.Profile), "": count("")}
	var target *storage.Record
	if err := v.Records(ctx, storage.Query{Profile: s.Profile, Type: "Observation"}, func(r *storage.Record) error {
		if target == nil {
			c := *r
			target = &c
		}
		return nil
	}); err != nil || target == nil {
		t.Fatalf("no Observation to delete: %v", err)
	}
	if _, err := v.Write(ctx, &storage.Batch{Deleted: []storage.ID{target.ID}, Now: time.Now(), Durable: true}); err != nil {
		t.Fatal(err)
	}
	for _, profile := range []string{s.Profile, ""} {
		after := export(t, v, profile)
		if n := count(profile); n != before[profile]-1 {
			t.Errorf("export (profile %q): %d entries, %d before the deletion; want the deleted %s left out", profile, n, before[profile], target.ID.ID)
		}
		out := filepath.Join(t.TempDir(), "export.json")
		if _, err := cksync.ExportFile(ctx, v, profile, out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(testutil.ReadFile(t, out), after) {
			t.Errorf("ExportFile and Export differ (profile %q)", profile)
		}
		os.Remove(out)
	}
}
