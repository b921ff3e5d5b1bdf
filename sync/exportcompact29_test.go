package sync_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// ExportFile (one pass in the vault's order, each entry written at its offset, the records
// kept compactly: exportEntries) writes the bytes Export writes, for each person — one whose
// records refer to shared ones (Buster Hoeger's medications' makers) among them — and for the
// whole vault.
func TestExportFileAsExportWithSharedRecords(t *testing.T) {
	v, _ := newVault(t)
	var profiles []string
	for _, pat := range []string{"synthea/Buster_Hoeger_*.json", "synthea/Bob965_Keeling57_*.json", "synthea/Clemente_Kreiger_*.json"} {
		profiles = append(profiles, importFixture(t, v, pat).Profile)
	}
	dir := t.TempDir()
	sharedSeen := false
	for _, p := range append(profiles, "") {
		out := filepath.Join(dir, "export-"+p+".json")
		n, err := cksync.ExportFile(ctx, v, p, out)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		m, err := cksync.Export(ctx, v, p, &want)
		if err != nil {
			t.Fatal(err)
		}
		got := testutil.ReadFile(t, out)
		if n != m || !bytes.Equal(got, want.Bytes()) {
			t.Errorf("profile %q: ExportFile wrote %d entries (%d bytes), Export %d (%d bytes)", p, n, len(got), m, want.Len())
		}
		sharedSeen = sharedSeen || p != "" && (bytes.Contains(got, []byte(`"resourceType":"Organization"`)) || bytes.Contains(got, []byte(`"resourceType":"Practitioner"`)) || bytes.Contains(got, []byte(`"resourceType":"Medication"`)))
		os.Remove(out)
	}
	if !sharedSeen {
		t.Error("no person's export held a shared record: the fixture no longer tests them")
	}
}
