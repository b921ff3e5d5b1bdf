package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The clinic IT flow through the command line: make a provisioning key, sign a configuration,
// verify it, roll it out machine-wide, and see a tampered copy refused.
func TestClinicCommands(t *testing.T) {
	root := t.TempDir()
	machine := filepath.Join(root, "etc-xdg")
	t.Setenv("XDG_CONFIG_DIRS", machine)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "home-config"))
	pub, key := filepath.Join(root, "prov.pub"), filepath.Join(root, "prov.key")
	r := runner{env: map[string]string{"CAREKEEPER_CLINIC_KEY_PASSWORD": "offline secret"}}

	r.run(t, "clinic", "keygen", "--pub", pub, "--key", key).ok(t)
	r.run(t, "clinic", "keygen", "--pub", pub, "--key", key).fails(t, 1, "prov.key")

	cfg := filepath.Join(root, "clinic.json")
	doc := `{"schema":1,"clinic_id":"north","clinic_name":"North Clinic","serial":3,"not_after":"2099-01-01T00:00:00Z",
	  "portals":[{"name":"North","fhir_base_url":"https://fhir.north.example/r4","client_id":"ck"}],
	  "support":{"email":"help@north.example"},"policies":{"auto_lock_minutes":5}}`
	if err := os.WriteFile(cfg, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	r.run(t, "clinic", "sign", "--key", key, cfg).ok(t)
	r.with("CAREKEEPER_CLINIC_KEY_PASSWORD", "wrong").run(t, "clinic", "sign", "--key", key, cfg).fails(t, 1, "wrong password")

	// F133: a configuration already past its not_after was signed without a word, and every
	// CareKeeper then refused it ("it expired on …"). Signing it is refused, no .minisig written.
	expired := filepath.Join(root, "expired.json")
	if err := os.WriteFile(expired, []byte(strings.Replace(doc, "2099-01-01", "2020-01-01", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r.run(t, "clinic", "sign", "--key", key, expired).fails(t, 1, "not_after (1 January 2020) has passed")
	if _, err := os.Stat(expired + ".minisig"); !os.IsNotExist(err) {
		t.Errorf("an expired configuration got a signature: %v", err)
	}

	// Against its own key it verifies; against the keys built into the app it does not.
	out := r.run(t, "clinic", "verify", "--pub", pub, cfg).ok(t).stdout
	if !strings.Contains(out, "valid") || !strings.Contains(out, "North Clinic") {
		t.Errorf("verify: %q", out)
	}
	r.run(t, "clinic", "verify", cfg).fails(t, 1, "does not trust")

	// Rolled out machine-wide (a development build may trust a test key from the environment).
	t.Setenv("CAREKEEPER_CLINIC_TEST_KEYS", pub)
	dst := filepath.Join(machine, "carekeeper")
	os.MkdirAll(dst, 0o755)
	for _, n := range []string{"clinic.json", "clinic.json.minisig"} {
		b, _ := os.ReadFile(filepath.Join(root, n))
		os.WriteFile(filepath.Join(dst, n), b, 0o644)
	}
	var shown struct {
		Config   map[string]any `json:"config"`
		Machine  bool           `json:"machine"`
		Rejected []struct{ Path, Reason string }
	}
	res := r.run(t, "clinic", "show", "--json").ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Config["clinic_id"] != "north" || !shown.Machine || len(shown.Rejected) != 0 {
		t.Fatalf("show: %s", res.stdout)
	}
	// A tampered copy: not used, and the reason is said.
	os.WriteFile(filepath.Join(dst, "clinic.json"), []byte(strings.Replace(doc, "help@", "phish@", 1)), 0o644)
	res = r.run(t, "clinic", "show").ok(t)
	if !strings.Contains(res.stdout, "No clinic configuration is in use") || !strings.Contains(res.stdout, "does not match") {
		t.Errorf("tampered: %q", res.stdout)
	}
	// A person imports the good one for themselves.
	r.run(t, "clinic", "import", cfg).ok(t)
	res = r.run(t, "clinic", "show").ok(t)
	if !strings.Contains(res.stdout, "imported by this user") || !strings.Contains(res.stdout, "5 idle minutes") {
		t.Errorf("after import: %q", res.stdout)
	}
	r.run(t, "clinic", "frobnicate").fails(t, 2)
}

func TestBackupAndRestore(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	r.run(t, "profile", "add", "--name", "Mum").ok(t)
	out := filepath.Join(t.TempDir(), "vault.ckbackup")
	r.run(t, "backup", "--out", out).ok(t)
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", st, err)
	}
	b, _ := os.ReadFile(out)
	if strings.Contains(string(b), "Mum") {
		t.Fatal("plaintext in the backup")
	}
	restored := filepath.Join(t.TempDir(), "restored")
	in(restored).run(t, "restore", out).ok(t)
	res := in(restored).run(t, "profile", "list").ok(t)
	if !strings.Contains(res.stdout, "Mum") {
		t.Errorf("restored profiles: %q", res.stdout)
	}
	in(restored).run(t, "restore", out).fails(t, 1, "already exists")
	in(filepath.Join(t.TempDir(), "x")).with("CAREKEEPER_PASSPHRASE", "wrong").run(t, "restore", out).fails(t, 1)
	r.run(t, "backup").fails(t, 2, "--out")
}
