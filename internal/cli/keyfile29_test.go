package cli_test

import (
	"os"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F291: a vault whose vault.key is missing or damaged says so, that the records cannot be
// opened without it (not even with the recovery code) and to restore a backup; it never
// sends the person to 'init' over the vault.
func TestKeyFileMissingOrDamaged(t *testing.T) {
	for _, tc := range []struct {
		name, what string
		spoil      func(key string)
	}{
		{"missing", "is missing", func(key string) { os.Remove(key) }},
		{"empty", "is damaged", func(key string) { os.WriteFile(key, nil, 0o600) }},
		{"a PDF over it", "is damaged", func(key string) { os.WriteFile(key, []byte("%PDF-1.4\n%âãÏÓ\n"), 0o600) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := newVault(t)
			in(dir).run(t, "profile", "add", "--name", "Ann").ok(t)
			key := storage.KeyFilePath(dir)
			tc.spoil(key)
			cmds := [][]string{{"today"}, {"records"}, {"passwd"}}
			if tc.what == "is missing" {
				cmds = append(cmds, []string{"init"}) // a damaged key file: init says a vault is here
			}
			for _, args := range cmds {
				res := in(dir).with("CAREKEEPER_NEW_PASSPHRASE", "a long new passphrase").run(t, args...).
					fails(t, 1, "the key file "+key+" "+tc.what, "cannot be opened without it, not even with the recovery code",
						"restore BACKUP-FILE", "do not run 'init' here")
				if strings.Contains(res.stderr, "create one with 'carekeeper init'") || strings.Contains(res.stderr, "(not a key file)") {
					t.Errorf("%v: %q", args, res.stderr)
				}
			}
		})
	}
	// A folder with no vault at all still says to create one.
	in(t.TempDir()).run(t, "records").fails(t, 1, "no vault here: create one with 'carekeeper init'")
}
