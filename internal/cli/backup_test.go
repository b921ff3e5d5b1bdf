package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// backup and restore through the command line: the messages a person sees.
func TestBackupRestoreCommands(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	r.run(t, "profile", "add", "--name", "Ann").ok(t)
	out := t.TempDir()
	backup := filepath.Join(out, "vault.ckb")
	if err := os.WriteFile(backup, []byte("an older file"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.run(t, "backup", "--out", backup).ok(t)
	if st, err := os.Stat(backup); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, %v", st.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("backup left %d entries beside it", len(entries))
	}

	// Into a folder that holds something else: plain words, not "rename ...: file exists".
	full := filepath.Join(t.TempDir(), "full")
	os.Mkdir(full, 0o700)
	os.WriteFile(filepath.Join(full, "photo.jpg"), []byte("x"), 0o600)
	res := in(full).run(t, "restore", backup).fails(t, 1, full+": the folder to restore into is not empty")
	if strings.Contains(res.stderr, "rename") || strings.Contains(res.stderr, "file exists") {
		t.Errorf("stderr %q", res.stderr)
	}
	// Into a file, or over a vault: the line names the folder, not the backup.
	file := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(file, []byte("x"), 0o600)
	in(file).run(t, "restore", backup).fails(t, 1, file+": it is a file, not a folder")
	in(dir).run(t, "restore", backup).fails(t, 1, dir+": a vault already exists here")

	// A damaged backup says so.
	data, _ := os.ReadFile(backup)
	data[len(data)-100] ^= 1
	damaged := filepath.Join(out, "damaged.ckb")
	os.WriteFile(damaged, data, 0o600)
	res = in(filepath.Join(t.TempDir(), "v")).run(t, "restore", damaged).fails(t, 1, "damaged")
	if strings.Contains(res.stderr, "proto") {
		t.Errorf("stderr %q", res.stderr)
	}

	fresh := filepath.Join(t.TempDir(), "restored")
	in(fresh).run(t, "restore", backup).ok(t)
	if got := in(fresh).run(t, "profile", "list").ok(t).stdout; !strings.Contains(got, "Ann") {
		t.Errorf("restored profiles: %q", got)
	}
}
