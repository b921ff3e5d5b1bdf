package clinic

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

const validJSON = `{"schema":1,"clinic_id":"example-north","clinic_name":"Example North Clinic","serial":42,
 "not_after":"2027-12-31T23:59:59Z",
 "portals":[{"name":"North Portal","fhir_base_url":"https://fhir.example-north.example.org/r4","client_id":"ck-north"}],
 "support":{"phone":"+44 20 0000 0000","email":"it@example-north.example.org","hours":"Mon-Fri 08:00-18:00"},
 "branding":{"name":"North","primary_color":"#00695C"},
 "policies":{"min_passphrase_score":3,"auto_lock_minutes":5,"private_notifications":true,"sync_interval_hours":6}}`

func newKey(t *testing.T) (minisign.PublicKey, minisign.PrivateKey) {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func sign(t *testing.T, priv minisign.PrivateKey, data string) []byte {
	t.Helper()
	sig, err := Sign(priv, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestVerify(t *testing.T) {
	pub, priv := newKey(t)
	nextPub, nextPriv := newKey(t)
	_, strangerPriv := newKey(t)
	v := &Verifier{Keys: []minisign.PublicKey{pub, nextPub}, Now: func() time.Time { return now },
		Highest: func(id string) uint64 { return map[string]uint64{"example-north": 40}[id] }}
	edit := func(from, to string) string {
		if !strings.Contains(validJSON, from) {
			t.Fatalf("test edit %q does not apply", from)
		}
		return strings.Replace(validJSON, from, to, 1)
	}
	releaseSig := minisign.SignWithComments(priv, []byte(validJSON), "timestamp:1 file:SHA256SUMS app=carekeeper", "")
	otherClinic := minisign.SignWithComments(priv, []byte(validJSON), "purpose=clinic-config;clinic_id=elsewhere;serial=42", "")
	cases := []struct {
		name   string
		data   string
		sig    []byte
		reason string // "" = accepted
	}{
		{"valid", validJSON, sign(t, priv, validJSON), ""},
		{"next key", validJSON, sign(t, nextPriv, validJSON), ""},
		{"untrusted key", validJSON, sign(t, strangerPriv, validJSON), "does not trust"},
		{"changed after signing", edit("ck-north", "ck-evil"), sign(t, priv, validJSON), "does not match"},
		{"not a signature", validJSON, []byte("hello"), "not a minisign signature"},
		{"other purpose", validJSON, releaseSig, "not for a clinic configuration"},
		{"comment for another clinic", validJSON, otherClinic, "differs"},
		{"expired", edit("2027-12-31", "2026-01-31"), nil, "expired"},
		{"rollback", edit(`"serial":42`, `"serial":39`), nil, "older"},
		{"same serial again", edit(`"serial":42`, `"serial":40`), nil, ""},
		{"http portal", edit("https://fhir", "http://fhir"), nil, "https"},
		{"user in portal url", edit("https://fhir", "https://a:b@fhir"), nil, "user name"},
		{"unknown field", edit(`"schema":1,`, `"schema":1,"debug":true,`), nil, "unknown field"},
		{"schema 2", edit(`"schema":1`, `"schema":2`), nil, "schema 2"},
		{"bad colour", edit("#00695C", "teal"), nil, "primary_color"},
		{"bad clinic id", edit("example-north", "Example North"), nil, "clinic_id"},
		{"no expiry", edit(`"not_after":"2027-12-31T23:59:59Z",`, ``), nil, "not_after"},
		{"trailing data", validJSON + "{}", nil, "follows"},
		{"bad policy", edit(`"min_passphrase_score":3`, `"min_passphrase_score":7`), nil, "min_passphrase_score"},
		// What a reviewer reads must be what is applied: keys match exactly and appear once.
		{"upper-case key after the real one", edit(`"serial":42`, `"serial":42,"SERIAL":43`), nil, `unknown field "SERIAL" (field names are exact: did you mean "serial"?)`},
		{"case variant alone", edit(`"serial":42`, `"Serial":42`), nil, `unknown field "Serial"`},
		{"nested case variant", edit(`"client_id":"ck-north"`, `"client_id":"ck-north","Client_ID":"ck-evil"`), nil, `unknown field "portals[1].Client_ID"`},
		{"duplicate key", edit(`"serial":42`, `"serial":42,"serial":42`), nil, `"serial" appears twice`},
		{"nested duplicate key", edit(`"auto_lock_minutes":5`, `"auto_lock_minutes":5,"auto_lock_minutes":600`), nil, `"policies.auto_lock_minutes" appears twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sig := c.sig
			if sig == nil {
				// Signed properly: the content itself must be refused (a clinic's mistake, or an attack
				// with a leaked but valid signature flow).
				sig = minisign.SignWithComments(priv, []byte(c.data), "purpose=clinic-config;clinic_id=example-north;serial="+serialOf(c.data), "")
			}
			cfg, err := v.Verify([]byte(c.data), sig)
			if c.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if cfg.ClinicID != "example-north" {
					t.Errorf("clinic %q", cfg.ClinicID)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("got %v, want an error containing %q", err, c.reason)
			}
		})
	}
}

func serialOf(data string) string {
	i := strings.Index(data, `"serial":`)
	j := strings.IndexAny(data[i+9:], ",}")
	return data[i+9 : i+9+j]
}

func TestSignRefusesBadConfig(t *testing.T) {
	_, priv := newKey(t)
	if _, err := Sign(priv, []byte(`{"schema":1}`)); err == nil {
		t.Fatal("signed an incomplete configuration")
	}
}

type fixture struct {
	t       *testing.T
	priv    minisign.PrivateKey
	machine string
	user    string
	loader  *Loader
}

func newFixture(t *testing.T) *fixture {
	pub, priv := newKey(t)
	root := t.TempDir()
	f := &fixture{t: t, priv: priv, machine: filepath.Join(root, "etc", "carekeeper"), user: filepath.Join(root, "home", "carekeeper")}
	f.loader = &Loader{Places: Places{Machine: []string{f.machine}, User: f.user}, Keys: []minisign.PublicKey{pub}, Now: func() time.Time { return now }}
	return f
}

func (f *fixture) put(dir, data string) {
	f.t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(data), 0o644); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SigName), sign(f.t, f.priv, data), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func withSerial(n string) string { return strings.Replace(validJSON, `"serial":42`, `"serial":`+n, 1) }

func TestLoadOrderAndRollback(t *testing.T) {
	f := newFixture(t)
	found, err := f.loader.Load()
	if err != nil || found.Config != nil || len(found.Rejected) != 0 {
		t.Fatalf("empty places: %+v %v", found, err)
	}
	// A per-user configuration with a higher serial still loses to the machine-wide one.
	f.put(f.user, withSerial("50"))
	f.put(f.machine, withSerial("42"))
	found, err = f.loader.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !found.Machine || found.Config.Serial != 42 {
		t.Fatalf("got serial %d machine=%v", found.Config.Serial, found.Machine)
	}
	// Load remembered serial 42: an older machine-wide file is now refused, and the per-user one wins.
	f.put(f.machine, withSerial("41"))
	found, err = f.loader.Load()
	if err != nil {
		t.Fatal(err)
	}
	if found.Machine || found.Config.Serial != 50 {
		t.Fatalf("after rollback attempt: serial %d machine=%v", found.Config.Serial, found.Machine)
	}
	if len(found.Rejected) != 1 || !strings.Contains(found.Rejected[0].Reason, "older") {
		t.Fatalf("rejected: %+v", found.Rejected)
	}
	// A damaged signature file fails closed with a plain reason.
	if err := os.WriteFile(filepath.Join(f.user, SigName), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	found, err = f.loader.Load()
	if err != nil {
		t.Fatal(err)
	}
	if found.Config != nil || len(found.Rejected) != 2 {
		t.Fatalf("damaged signature: %+v", found)
	}
}

func TestLogo(t *testing.T) {
	f := newFixture(t)
	logo := []byte("\x89PNG fake logo")
	sum := sha256.Sum256(logo)
	data := strings.Replace(validJSON, `"primary_color":"#00695C"`, `"primary_color":"#00695C","logo_sha256":"`+hex.EncodeToString(sum[:])+`"`, 1)
	f.put(f.machine, data)
	if err := os.WriteFile(filepath.Join(f.machine, LogoName), logo, 0o644); err != nil {
		t.Fatal(err)
	}
	found, err := f.loader.Load()
	if err != nil || !bytes.Equal(found.Logo, logo) {
		t.Fatalf("logo not accepted: %v", err)
	}
	if err := os.WriteFile(filepath.Join(f.machine, LogoName), []byte("another logo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if found, _ := f.loader.Load(); found.Logo != nil {
		t.Error("a logo with another hash was accepted")
	}
}

func TestImport(t *testing.T) {
	f := newFixture(t)
	src := filepath.Join(t.TempDir(), "from-the-clinic")
	f.put(src, validJSON)
	if _, err := f.loader.Import(filepath.Join(src, FileName)); err != nil {
		t.Fatal(err)
	}
	found, err := f.loader.Load()
	if err != nil || found.Config == nil || found.Machine {
		t.Fatalf("imported config not used: %+v %v", found, err)
	}
	// A tampered file is refused and nothing is installed.
	g := newFixture(t)
	f.put(src, validJSON)
	if err := os.WriteFile(filepath.Join(src, FileName), []byte(strings.Replace(validJSON, "ck-north", "ck-evil", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var rej *Rejection
	if _, err := g.loader.Import(filepath.Join(src, FileName)); !errors.As(err, &rej) {
		t.Fatalf("tampered import: %v", err)
	}
	if _, err := os.Stat(filepath.Join(g.user, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Error("a refused configuration was installed")
	}
}

func TestTrustedKeys(t *testing.T) {
	t.Setenv("CAREKEEPER_CLINIC_TEST_KEYS", "")
	keys, err := TrustedKeys()
	if err != nil || len(keys) != 2 || keys[0].ID() == keys[1].ID() {
		t.Fatalf("built-in keys: %d %v", len(keys), err)
	}
}

func TestExplain(t *testing.T) {
	c, err := Parse([]byte(validJSON))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.Explain(), "\n")
	for _, want := range []string{"Example North Clinic", "fhir.example-north.example.org", "5 idle minutes", "do not show medicine names", "every 6 hours", "cannot see your records"} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation lacks %q:\n%s", want, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(validJSON))
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err == nil && (c.Schema != Schema || c.ClinicID == "" || c.Serial == 0) {
			t.Fatalf("accepted an invalid configuration: %+v", c)
		}
	})
}

// A clinic can trust health card issuers; a key that is not ES256 on P-256 refuses the
// configuration.
func TestHealthCardIssuers(t *testing.T) {
	key := `{"kty":"EC","kid":"3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s","use":"sig","alg":"ES256","crv":"P-256","x":"11XvRWy1I2S0EyJlyf_bWfw_TQ5CJJNLw78bHXNxcgw","y":"eZXwxvO1hvCY0KucrPfKo7yAyMT6Ajc3N7OkAB6VYy8"}`
	with := func(issuers string) string {
		return strings.Replace(validJSON, `"policies":`, `"health_card_issuers":`+issuers+`, "policies":`, 1)
	}
	c, err := Parse([]byte(with(`[{"iss":"https://spec.smarthealth.cards/examples/issuer","name":"Example","keys":[` + key + `]}]`)))
	if err != nil || len(c.HealthCardIssuers) != 1 || len(c.HealthCardIssuers[0].Keys) != 1 {
		t.Fatalf("parse: %+v %v", c, err)
	}
	for _, bad := range []string{
		`[{"iss":"http://x.example","keys":[` + key + `]}]`,
		`[{"iss":"https://x.example","keys":[]}]`,
		`[{"iss":"https://x.example","keys":[{"kty":"RSA","n":"x"}]}]`,
		`[{"iss":"https://x.example","keys":[` + key + `],"extra":1}]`,
	} {
		if _, err := Parse([]byte(with(bad))); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
