package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// F159: `export --out DATA/vault.key` wrote the plaintext export over the key file — the vault
// could never be opened again, not even with the recovery code — and `summary --out same.pdf
// --fhir same.pdf` left a .pdf holding JSON. An output in the vault's folder (also through a
// symbolic link, or named relative to it), or two outputs of one file, are refused before
// anything is written; the vault opens as before.
func TestOutputsInsideTheVaultAreRefused(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	r.run(t, "profile", "add", "--name", "Kept Safe").ok(t)
	key := filepath.Join(dir, "vault.key")
	before, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"export", "--out", key},
		{"export", "--out", filepath.Join(dir, "db", "MANIFEST")},
		{"backup", "--out", filepath.Join(link, "vault.key")},
		{"appointment", "export", "--out", filepath.Join(dir, "a.ics")},
		{"summary", "--profile", "x", "--from", "2026-01-01", "--to", "2026-02-01", "--out", filepath.Join(dir, "s.pdf")},
	} {
		r.run(t, args...).fails(t, 1, "in the vault's folder", "nothing was written")
	}
	if after, err := os.ReadFile(key); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the key file changed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.ics")); !os.IsNotExist(err) {
		t.Errorf("a file was written in the vault's folder: %v", err)
	}
	r.run(t, "profile", "list").ok(t)

	out := filepath.Join(t.TempDir(), "same.pdf")
	r.run(t, "summary", "--profile", "x", "--from", "2026-01-01", "--to", "2026-02-01", "--out", out, "--fhir", filepath.Join(filepath.Dir(out), ".", "same.pdf")).
		fails(t, 2, "are one file")
	r.run(t, "export", "--out", filepath.Join(t.TempDir(), "fine.json")).ok(t)
}
