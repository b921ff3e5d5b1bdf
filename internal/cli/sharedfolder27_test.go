package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// F163: a plaintext output (export, summary, appointment export) inside the household's shared
// folder — which Syncthing or a cloud drive copies to every device and the cloud — is refused
// in one line, nothing written; the same outputs elsewhere are written, and a backup (sealed)
// may go there.
func TestPlaintextNotIntoTheSharedFolder(t *testing.T) {
	folder := t.TempDir()
	r := in(newVault(t))
	r.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Laptop").ok(t)
	r.run(t, "import", testutil.Fixture(t, "synthea/Lola232_*.json")).ok(t)
	pid := profileIDs(t, r)["Lola232"]
	sub := filepath.Join(folder, "exports")
	if err := os.MkdirAll(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][]string{
		{"export", "--out", filepath.Join(folder, "lola.json")},
		{"export", "--out", filepath.Join(sub, "lola.json")},
		{"summary", "--profile", pid, "--from", "2020-01-01", "--to", "2025-12-31", "--out", filepath.Join(folder, "lola.pdf")},
		{"summary", "--profile", pid, "--from", "2020-01-01", "--to", "2025-12-31", "--out", filepath.Join(t.TempDir(), "lola.pdf"), "--fhir", filepath.Join(folder, "lola-ips.json")},
		{"appointment", "export", "--profile", pid, "--out", filepath.Join(folder, "visits.ics")},
	} {
		r.run(t, c...).fails(t, 1, "that is in the household's shared folder, which copies it to every device of the household")
	}
	entries, _ := os.ReadDir(folder)
	for _, e := range entries {
		if e.Name() == "lola.json" || e.Name() == "lola.pdf" || e.Name() == "lola-ips.json" || e.Name() == "visits.ics" {
			t.Errorf("%s was written into the shared folder", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(sub, "lola.json")); err == nil {
		t.Error("lola.json was written into the shared folder's subfolder")
	}
	r.run(t, "export", "--out", filepath.Join(t.TempDir(), "lola.json")).ok(t)
	r.run(t, "backup", "--out", filepath.Join(folder, "sealed.ckbackup")).ok(t)
}
