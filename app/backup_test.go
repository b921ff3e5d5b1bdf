package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestBackup_RestoreRoundTripAndExport(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Ned_Hintz_*.json")
	s := u.shell
	records := len(s.set.Records)
	out := t.TempDir()

	// Export: plaintext FHIR, 0600.
	exp := filepath.Join(out, "export.json")
	s.export(exp)
	u.idle()
	if s.lastExport.err != nil || s.lastExport.n < records {
		t.Fatalf("export: %+v (records %d)", s.lastExport, records)
	}
	if st, err := os.Stat(exp); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("export file: %v %v", st, err)
	}

	// Backup with the wrong passphrase fails and leaves no file; with the right one it is written.
	bad := filepath.Join(out, "bad.ckbackup")
	s.backup(bad, []byte("not it"))
	u.idle()
	if s.lastBackup.err == nil {
		t.Error("a backup with the wrong passphrase was written")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a failed backup left a file: %v", err)
	}
	bk := filepath.Join(out, "vault.ckbackup")
	s.backup(bk, []byte(testPass))
	u.idle()
	if s.lastBackup.err != nil {
		t.Fatalf("backup: %v", s.lastBackup.err)
	}
	raw, _ := os.ReadFile(bk)
	if strings.Contains(string(raw), "Hintz") {
		t.Error("the backup holds plaintext")
	}

	// Restore into a new, empty CareKeeper from its first screen.
	u2 := newTestUI(t, filepath.Join(t.TempDir(), "fresh"))
	if u2.create == nil {
		t.Fatal("no first-run screen")
	}
	test.Tap(u2.create.restoreBt)
	r := u2.restore
	if r == nil {
		t.Fatal("no restore screen")
	}
	r.setFile(bk)
	setText(r.pass, "wrong passphrase")
	test.Tap(r.restoreBt)
	u2.idle()
	if !r.status.isError() || u2.restore != r {
		t.Fatalf("wrong passphrase: %q", r.status.Text)
	}
	setText(r.pass, testPass)
	test.Tap(r.restoreBt)
	u2.idle()
	if u2.shell == nil {
		t.Fatalf("not restored: %q", r.status.Text)
	}
	if len(u2.shell.people) != 1 || u2.shell.set == nil || len(u2.shell.set.Records) != records {
		t.Errorf("restored %d people, records %v (want %d)", len(u2.shell.people), u2.shell.set != nil, records)
	}
}

func TestBackup_RestoreRejectsGarbage(t *testing.T) {
	u := newTestUI(t, filepath.Join(t.TempDir(), "fresh"))
	test.Tap(u.create.restoreBt)
	r := u.restore
	junk := filepath.Join(t.TempDir(), "junk.ckbackup")
	os.WriteFile(junk, []byte("not a backup at all"), 0o600)
	r.setFile(junk)
	setText(r.pass, testPass)
	test.Tap(r.restoreBt)
	u.idle()
	if !strings.Contains(r.status.Text, "not a CareKeeper backup") {
		t.Errorf("garbage: %q", r.status.Text)
	}
	if _, err := os.Stat(filepath.Join(u.dir, "keys")); err == nil {
		t.Error("a failed restore left a vault behind")
	}
}
