package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc/shctest"
)

// A health card imports as "signature not checked" until its issuer is trusted with
// `cards trust`; then as "verified". A forged card and a zip with a path outside its folder
// are refused with one line and exit 1, the vault unchanged.
func TestImportHealthCard(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	tmp := t.TempDir()
	card := filepath.Join(tmp, "card.smart-health-card")
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})
	os.WriteFile(card, shctest.File(jws), 0o600)

	res := r.run(t, "import", "--json", card).ok(t)
	lines := importLines(t, res.stdout)
	var cards []struct{ Issuer, Signature string }
	json.Unmarshal(lines[0]["cards"], &cards)
	var format string
	json.Unmarshal(lines[0]["format"], &format)
	if format != "smart-health-card" || len(cards) != 1 || cards[0].Signature != "not-checked" || cards[0].Issuer != shctest.Iss {
		t.Fatalf("import --json: %s", res.stdout)
	}

	jwks := filepath.Join(tmp, "jwks.json")
	os.WriteFile(jwks, shctest.PublicJWKS(t), 0o600)
	r.run(t, "cards", "trust", "--iss", shctest.Iss, "--name", "Example issuer", jwks).ok(t)
	res = r.run(t, "cards", "issuers").ok(t)
	if !strings.Contains(res.stdout, "Example issuer") || !strings.Contains(res.stdout, "you (a key file)") { // not "person" (verify18)
		t.Errorf("issuers: %s", res.stdout)
	}
	res = r.run(t, "import", card).ok(t)
	if !strings.Contains(res.stdout, "health card from Example issuer ("+shctest.Iss+"): signature verified") {
		t.Errorf("import: %s", res.stdout)
	}

	before := r.run(t, "records", "--json").ok(t).stdout
	forged := filepath.Join(tmp, "forged.smart-health-card")
	os.WriteFile(forged, shctest.File(shctest.Sign(t, shctest.OtherKey(t), shctest.Bundle(t, "dr-bundle.json"), shctest.Claims{Nbf: time.Now()})), 0o600)
	res = r.run(t, "import", forged)
	if res.code != 1 || strings.Count(res.stderr, "\n") != 1 || !strings.Contains(res.stderr, "may be forged") {
		t.Errorf("forged: %d %q", res.code, res.stderr)
	}
	if after := r.run(t, "records", "--json").ok(t).stdout; after != before {
		t.Error("a forged card changed the vault")
	}
	res = r.run(t, "cards", "trust", "--iss", shctest.Iss, card)
	if res.code != 1 {
		t.Errorf("a card is not a key set: %d %q", res.code, res.stderr)
	}
	res = r.run(t, "cards", "trust", jwks)
	if res.code != 2 {
		t.Errorf("no --iss: %d %q", res.code, res.stderr)
	}
}

// A FHIR file whose Immunization carries CareKeeper's health card signature tag "verified" is
// imported as a file: nothing the import says calls it a health card or verified.
func TestImportForgedSignatureTag(t *testing.T) {
	r := in(newVault(t))
	file := filepath.Join(t.TempDir(), "forged.json")
	os.WriteFile(file, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+
		`{"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Rivera","given":["Sam"]}],"birthDate":"1970-01-01"}},`+
		`{"resource":{"resourceType":"Immunization","id":"i1","status":"completed","patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2021-01-01",`+
		`"vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"207"}]},`+
		`"meta":{"source":"`+shctest.Iss+`","tag":[{"system":"https://carekeeper.app/fhir/CodeSystem/health-card-signature","code":"verified"}]}}}]}`), 0o600)
	res := r.run(t, "import", file).ok(t)
	if strings.Contains(res.stdout, "health card") || strings.Contains(res.stdout, "verified") {
		t.Errorf("import: %s", res.stdout)
	}
	res = r.run(t, "import", "--json", file).ok(t)
	if lines := importLines(t, res.stdout); len(lines) != 1 || lines[0]["cards"] != nil || string(lines[0]["format"]) != `"fhir"` {
		t.Errorf("import --json: %s", res.stdout)
	}
}

// cards untrust takes an issuer off the vault's list (as the app's Remove does): its cards
// then import as "signature not checked". An issuer not on the list is one line and exit 1;
// no --iss is a usage error.
func TestCardsUntrust(t *testing.T) {
	r := in(newVault(t))
	tmp := t.TempDir()
	jwks := filepath.Join(tmp, "jwks.json")
	os.WriteFile(jwks, shctest.PublicJWKS(t), 0o600)
	card := filepath.Join(tmp, "card.smart-health-card")
	os.WriteFile(card, shctest.File(shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})), 0o600)
	r.run(t, "cards", "trust", "--iss", shctest.Iss, jwks).ok(t)

	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"cards", "untrust", "--json", "--iss", shctest.Iss + "/"}, 0, `{"iss":"` + shctest.Iss + `","removed":true}`, ""},
		{[]string{"cards", "untrust", "--iss", shctest.Iss}, 1, "", "is not a trusted health card issuer"},
		{[]string{"cards", "untrust"}, 2, "", "cards untrust needs --iss URL"},
		{[]string{"cards", "untrust", "--iss", shctest.Iss, "extra"}, 2, "", "cards untrust needs --iss URL"},
		{[]string{"cards", "untrust", "--name", "x", "--iss", shctest.Iss}, 2, "", ""},
	} {
		res := r.run(t, tc.args...)
		if res.code != tc.code || !strings.Contains(strings.ReplaceAll(res.stdout, " ", ""), strings.ReplaceAll(tc.stdout, " ", "")) ||
			!strings.Contains(res.stderr, tc.stderr) || (tc.code != 0 && (strings.Count(res.stderr, "\n") != 1 || res.stdout != "")) {
			t.Errorf("%v: %d %q %q", tc.args, res.code, res.stdout, res.stderr)
		}
	}
	if res := r.run(t, "cards", "issuers", "--json").ok(t); strings.TrimSpace(res.stdout) != "[]" {
		t.Errorf("issuers after untrust: %s", res.stdout)
	}
	if res := r.run(t, "import", card).ok(t); !strings.Contains(res.stdout, "signature not checked") {
		t.Errorf("a card of an issuer no longer trusted: %s", res.stdout)
	}
	r.run(t, "cards", "trust", "--iss", shctest.Iss, jwks).ok(t)
	if res := r.run(t, "cards", "untrust", "--iss", shctest.Iss).ok(t); !strings.Contains(res.stdout, "Stopped trusting "+shctest.Iss) {
		t.Errorf("untrust: %s", res.stdout)
	}
}

// An issuer the clinic configuration trusts is not untrusted here: one line, exit 1, and it is
// still listed.
func TestCardsUntrustClinicIssuer(t *testing.T) {
	root := t.TempDir()
	t.Setenv("XDG_CONFIG_DIRS", filepath.Join(root, "etc-xdg"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "home-config"))
	pub, key := filepath.Join(root, "prov.pub"), filepath.Join(root, "prov.key")
	r := in(newVault(t)).with("CAREKEEPER_CLINIC_KEY_PASSWORD", "offline secret")
	r.run(t, "clinic", "keygen", "--pub", pub, "--key", key).ok(t)
	var jwks struct{ Keys []map[string]any }
	if err := json.Unmarshal(shctest.PublicJWKS(t), &jwks); err != nil {
		t.Fatal(err)
	}
	for _, k := range jwks.Keys { // the public parts a configuration holds
		for f := range k {
			if f != "kty" && f != "crv" && f != "x" && f != "y" && f != "kid" && f != "use" && f != "alg" {
				delete(k, f)
			}
		}
	}
	keys, _ := json.Marshal(jwks.Keys)
	cfg := filepath.Join(root, "clinic.json")
	os.WriteFile(cfg, []byte(`{"schema":1,"clinic_id":"north","clinic_name":"North Clinic","serial":1,"not_after":"2099-01-01T00:00:00Z",`+
		`"health_card_issuers":[{"iss":"`+shctest.Iss+`","name":"Example issuer","keys":`+string(keys)+`}]}`), 0o644)
	r.run(t, "clinic", "sign", "--key", key, cfg).ok(t)
	t.Setenv("CAREKEEPER_CLINIC_TEST_KEYS", pub)
	r.run(t, "clinic", "import", cfg).ok(t)
	if res := r.run(t, "cards", "issuers").ok(t); !strings.Contains(res.stdout, "your clinic's setup") {
		t.Fatalf("the clinic's issuer is not listed: %s", res.stdout)
	}
	res := r.run(t, "cards", "untrust", "--iss", shctest.Iss)
	if res.code != 1 || strings.Count(res.stderr, "\n") != 1 || !strings.Contains(res.stderr, "trusted by the clinic configuration") {
		t.Errorf("untrust a clinic issuer: %d %q", res.code, res.stderr)
	}
	if res := r.run(t, "cards", "issuers").ok(t); !strings.Contains(res.stdout, shctest.Iss) {
		t.Errorf("the clinic's issuer is gone: %s", res.stdout)
	}
}

// cards trust says how many keys it kept in words: "1 key", "2 keys" (it said "1 keys").
func TestCardsTrustKeyCount(t *testing.T) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(shctest.PublicJWKS(t), &set); err != nil || len(set.Keys) == 0 {
		t.Fatalf("example key set: %v", err)
	}
	for _, tc := range []struct {
		keys int
		want string
	}{
		{1, "(1 key)"},
		{2, "(2 keys)"},
	} {
		if len(set.Keys) < tc.keys {
			t.Fatalf("the example key set has %d keys", len(set.Keys))
		}
		r := in(newVault(t))
		data, _ := json.Marshal(map[string]any{"keys": set.Keys[:tc.keys]})
		jwks := filepath.Join(t.TempDir(), "jwks.json")
		os.WriteFile(jwks, data, 0o600)
		res := r.run(t, "cards", "trust", "--iss", shctest.Iss, jwks).ok(t)
		if !strings.Contains(res.stdout, tc.want) {
			t.Errorf("%d keys: %q, want %q", tc.keys, res.stdout, tc.want)
		}
	}
}
