// Package shctest makes signed SMART Health Cards for tests with the specification's example
// issuer key (../shared/fixtures/health-cards, MIT): test keys only, anything signed with them
// proves nothing.
package shctest

import (
	"bytes"
	"compress/flate"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/testutil"
)

// Iss is the example issuer's URL.
const Iss = "https://spec.smarthealth.cards/examples/issuer"

// Key is the example issuer's signing key and its kid.
type Key struct {
	Priv *ecdsa.PrivateKey
	Kid  string
}

func fixture(tb testing.TB, rel string) []byte {
	tb.Helper()
	return testutil.ReadFile(tb, filepath.Join(testutil.FixturesDir(tb), "health-cards", "generate-examples", rel))
}

// ExampleKey is the specification's example ES256 signing key.
func ExampleKey(tb testing.TB) Key {
	tb.Helper()
	var set struct {
		Keys []struct{ Kid, Use, Alg, D string }
	}
	if err := json.Unmarshal(fixture(tb, "src/config/issuer.jwks.private.json"), &set); err != nil {
		tb.Fatal(err)
	}
	for _, k := range set.Keys {
		if k.Use == "sig" && k.Alg == "ES256" {
			d, err := base64.RawURLEncoding.DecodeString(k.D)
			if err != nil {
				tb.Fatal(err)
			}
			priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d)
			if err != nil {
				tb.Fatal(err)
			}
			return Key{Priv: priv, Kid: k.Kid}
		}
	}
	tb.Fatal("no signing key in the example issuer's keys")
	return Key{}
}

// OtherKey is a fresh key that claims the example key's kid: what a forger would sign with.
func OtherKey(tb testing.TB) Key {
	tb.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return Key{Priv: priv, Kid: ExampleKey(tb).Kid}
}

// PublicJWKS is the example issuer's published key set.
func PublicJWKS(tb testing.TB) []byte { return fixture(tb, "issuer/.well-known/jwks.json") }

// Trusted is the example issuer as a trusted issuer.
func Trusted(tb testing.TB) shc.Issuer {
	tb.Helper()
	keys, err := shc.ParseJWKS(PublicJWKS(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return shc.Issuer{Iss: Iss, Name: "Example issuer", Keys: keys}
}

// Bundle is one of the specification's example card Bundles ("covid-vaccines-bundle.json").
func Bundle(tb testing.TB, name string) []byte { return fixture(tb, "src/fixtures/"+name) }

// Claims tune a card.
type Claims struct {
	Iss      string    // default Iss
	Nbf, Exp time.Time // Exp zero: none
	Types    []string  // default health-card
	RID      string    // revocation id
}

// Sign makes a compact JWS health card of bundle signed with key.
func Sign(tb testing.TB, key Key, bundle []byte, c Claims) string {
	tb.Helper()
	if c.Iss == "" {
		c.Iss = Iss
	}
	if c.Types == nil {
		c.Types = []string{"https://smarthealth.cards#health-card", "https://smarthealth.cards#immunization"}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, bundle); err != nil {
		tb.Fatal(err)
	}
	claims := map[string]any{
		"iss": c.Iss, "nbf": float64(c.Nbf.UnixMilli()) / 1000,
		"vc": map[string]any{"type": c.Types, "credentialSubject": map[string]any{
			"fhirVersion": "4.0.1", "fhirBundle": json.RawMessage(compact.Bytes())}},
	}
	if !c.Exp.IsZero() {
		claims["exp"] = c.Exp.Unix()
	}
	if c.RID != "" {
		claims["vc"].(map[string]any)["rid"] = c.RID
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		tb.Fatal(err)
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	w.Write(payload)
	w.Close()
	header, _ := json.Marshal(map[string]string{"alg": "ES256", "zip": "DEF", "kid": key.Kid})
	signing := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(z.Bytes())
	sum := sha256.Sum256([]byte(signing))
	r, s, err := ecdsa.Sign(rand.Reader, key.Priv, sum[:])
	if err != nil {
		tb.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// File is a .smart-health-card file holding the cards.
func File(jws ...string) []byte {
	data, _ := json.Marshal(map[string]any{"verifiableCredential": jws})
	return data
}
