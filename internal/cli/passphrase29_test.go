package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F228: init, passwd and recover apply the passphrase rule of the app's dialogs: a weak one is
// set with a word saying so, and one below the clinic's min_passphrase_score is refused in one
// line with nothing written.
func TestNewPassphraseRule(t *testing.T) {
	root := t.TempDir()
	t.Setenv("XDG_CONFIG_DIRS", filepath.Join(root, "etc-xdg"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "home-config"))
	const weak, strong = "qz", "plum granite velvet harbour"

	// No clinic: a weak passphrase is set, and the answer says it is weak; a strong one is not.
	dir := filepath.Join(root, "weak")
	res := runner{env: map[string]string{"CAREKEEPER_DATA": dir, "CAREKEEPER_PASSPHRASE": weak}}.run(t, "init").ok(t)
	if !strings.Contains(res.stdout, "\n\nThis passphrase is very weak") || strings.Contains(res.stdout, `\n`) {
		t.Errorf("init with a weak passphrase does not say so: %q", res.stdout)
	}
	res = in(newVault(t)).with("CAREKEEPER_NEW_PASSPHRASE", weak).run(t, "passwd").ok(t)
	if !strings.Contains(res.stdout, "Passphrase changed.") || !strings.Contains(res.stdout, "very weak") {
		t.Errorf("passwd to a weak passphrase: %q", res.stdout)
	}
	res = in(newVault(t)).with("CAREKEEPER_NEW_PASSPHRASE", strong).run(t, "passwd").ok(t)
	if strings.Contains(res.stdout, "weak") {
		t.Errorf("passwd to a strong passphrase calls it weak: %q", res.stdout)
	}

	// A clinic asking for "strong" (3 of 4).
	pub, key := filepath.Join(root, "prov.pub"), filepath.Join(root, "prov.key")
	r := in(newVault(t)).with("CAREKEEPER_CLINIC_KEY_PASSWORD", "offline secret")
	r.run(t, "clinic", "keygen", "--pub", pub, "--key", key).ok(t)
	cfg := filepath.Join(root, "clinic.json")
	os.WriteFile(cfg, []byte(`{"schema":1,"clinic_id":"north","clinic_name":"North Clinic","serial":1,"not_after":"2099-01-01T00:00:00Z",`+
		`"policies":{"min_passphrase_score":3}}`), 0o644)
	r.run(t, "clinic", "sign", "--key", key, cfg).ok(t)
	t.Setenv("CAREKEEPER_CLINIC_TEST_KEYS", pub)
	r.run(t, "clinic", "import", cfg).ok(t)

	refused := filepath.Join(root, "refused")
	runner{env: map[string]string{"CAREKEEPER_DATA": refused, "CAREKEEPER_PASSPHRASE": weak}}.run(t, "init").
		fails(t, 1, `your clinic asks for a stronger passphrase (at least "strong"; this one is "very weak")`)
	if storage.Exists(refused) {
		t.Error("init made a vault with a passphrase the clinic refuses")
	}

	v := newVault(t)
	keyFile, _ := os.ReadFile(storage.KeyFilePath(v))
	in(v).with("CAREKEEPER_NEW_PASSPHRASE", weak).run(t, "passwd").fails(t, 1, "your clinic asks for a stronger passphrase")
	if after, _ := os.ReadFile(storage.KeyFilePath(v)); string(after) != string(keyFile) {
		t.Error("a refused passwd changed the key file")
	}
	in(v).with("CAREKEEPER_RECOVERY_CODE", tmpl.code, "CAREKEEPER_NEW_PASSPHRASE", weak).run(t, "recover").
		fails(t, 1, "your clinic asks for a stronger passphrase")
	if after, _ := os.ReadFile(storage.KeyFilePath(v)); string(after) != string(keyFile) {
		t.Error("a refused recover changed the key file")
	}
	in(v).run(t, "profile", "list").ok(t) // the old passphrase still opens it
	in(v).with("CAREKEEPER_NEW_PASSPHRASE", strong).run(t, "passwd").ok(t)
}

// F245 in the CLI: recovery-code makes a new code, printed once; the old one stops working and
// the new one sets a new passphrase. A wrong passphrase changes nothing.
func TestRecoveryCodeCommand(t *testing.T) {
	dir := newVault(t)
	keyFile, _ := os.ReadFile(storage.KeyFilePath(dir))
	in(dir).with("CAREKEEPER_PASSPHRASE", "wrong").run(t, "recovery-code").fails(t, 1, "wrong passphrase")
	if after, _ := os.ReadFile(storage.KeyFilePath(dir)); string(after) != string(keyFile) {
		t.Fatal("a refused recovery-code changed the key file")
	}
	var out map[string]string
	res := in(dir).run(t, "--json", "recovery-code").ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || out["recoveryCode"] == "" || out["recoveryCode"] == tmpl.code {
		t.Fatalf("recovery-code --json: %q (%v)", res.stdout, err)
	}
	in(dir).with("CAREKEEPER_RECOVERY_CODE", tmpl.code, "CAREKEEPER_NEW_PASSPHRASE", "plum granite velvet harbour").run(t, "recover").
		fails(t, 1, "recovery code")
	in(dir).with("CAREKEEPER_RECOVERY_CODE", out["recoveryCode"], "CAREKEEPER_NEW_PASSPHRASE", "plum granite velvet harbour").run(t, "recover").ok(t)
	res = in(dir).with("CAREKEEPER_PASSPHRASE", "plum granite velvet harbour").run(t, "recovery-code").ok(t)
	if !strings.Contains(res.stdout, "the old one no longer works") {
		t.Errorf("recovery-code: %q", res.stdout)
	}
}
