package shc

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"carekeeper/storage"
)

// JWK is one public key of an issuer (RFC 7517), as its JWKS publishes it.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
}

// Issuer is a health card issuer someone trusts: its iss URL, a name to show, its public keys
// and, optionally, its revocation lists (kid → revoked rids, "rid" or "rid.<unix time>").
type Issuer struct {
	Iss     string              `json:"iss"`
	Name    string              `json:"name,omitempty"`
	Keys    []JWK               `json:"keys"`
	Revoked map[string][]string `json:"revoked,omitempty"`
	Source  string              `json:"source,omitempty"` // "person", "clinic", "online"
	Saved   time.Time           `json:"saved,omitzero"`
}

// Trust is the set of trusted issuers an import checks cards against.
type Trust struct {
	issuers map[string]*Issuer
	keys    map[string]map[string]*ecdsa.PublicKey // iss → kid → key
}

// NewTrust builds a trust set; an issuer listed twice has the keys of both.
func NewTrust(issuers ...Issuer) (*Trust, error) {
	t := &Trust{issuers: map[string]*Issuer{}, keys: map[string]map[string]*ecdsa.PublicKey{}}
	for i := range issuers {
		is := issuers[i]
		if err := t.add(&is); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *Trust) add(is *Issuer) error {
	iss := strings.TrimRight(is.Iss, "/")
	if !strings.HasPrefix(iss, "https://") {
		return fmt.Errorf("health card issuer %q: not an https URL", clip(is.Iss))
	}
	if have, ok := t.issuers[iss]; ok {
		if have.Name == "" {
			have.Name = is.Name
		}
	} else {
		t.issuers[iss] = is
		t.keys[iss] = map[string]*ecdsa.PublicKey{}
	}
	for _, k := range is.Keys {
		pub, kid, err := k.PublicKey()
		if err != nil {
			return fmt.Errorf("health card issuer %s: %w", iss, err)
		}
		t.keys[iss][kid] = pub
	}
	if len(is.Revoked) > 0 {
		have := t.issuers[iss]
		if have.Revoked == nil {
			have.Revoked = map[string][]string{}
		}
		for kid, rids := range is.Revoked {
			have.Revoked[kid] = append(have.Revoked[kid], rids...)
		}
	}
	return nil
}

// Name is the name a trusted issuer is shown by ("" if none or not trusted).
func (t *Trust) Name(iss string) string {
	if t == nil {
		return ""
	}
	if is, ok := t.issuers[iss]; ok {
		return is.Name
	}
	return ""
}

func (t *Trust) key(iss, kid string) *ecdsa.PublicKey {
	if t == nil {
		return nil
	}
	return t.keys[iss][kid]
}

// hasKeys reports whether the issuer iss is trusted with keys at hand.
func (t *Trust) hasKeys(iss string) bool {
	return t != nil && len(t.keys[iss]) > 0
}

func (t *Trust) revoked(iss, kid, rid string, nbf time.Time) bool {
	if t == nil || rid == "" {
		return false
	}
	is := t.issuers[iss]
	if is == nil {
		return false
	}
	for _, r := range is.Revoked[kid] {
		id, ts, timed := strings.Cut(r, ".")
		if id != rid {
			continue
		}
		if !timed {
			return true
		}
		if sec, err := strconv.ParseInt(ts, 10, 64); err == nil && nbf.Before(time.Unix(sec, 0)) {
			return true
		}
	}
	return false
}

// PublicKey checks the key is an ES256 signing key on P-256 and returns it with its kid: the
// one it names, or else its RFC 7638 thumbprint (as the specification requires them to agree).
func (k JWK) PublicKey() (*ecdsa.PublicKey, string, error) {
	if k.Kty != "EC" || k.Crv != "P-256" || (k.Alg != "" && k.Alg != "ES256") || (k.Use != "" && k.Use != "sig") {
		return nil, "", errors.New("a key is not an ES256 P-256 signing key")
	}
	x, errx := base64.RawURLEncoding.DecodeString(k.X)
	y, erry := base64.RawURLEncoding.DecodeString(k.Y)
	if errx != nil || erry != nil || len(x) != 32 || len(y) != 32 {
		return nil, "", errors.New("a key's coordinates are not 32-byte base64url values")
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
	if err != nil {
		return nil, "", errors.New("a key is not a point on P-256")
	}
	kid := k.Kid
	if kid == "" {
		kid = k.Thumbprint()
	}
	return pub, kid, nil
}

// Thumbprint is the key's RFC 7638 SHA-256 thumbprint, base64url: the kid cards name it by.
func (k JWK) Thumbprint() string {
	canon := fmt.Sprintf(`{"crv":%q,"kty":%q,"x":%q,"y":%q}`, k.Crv, k.Kty, k.X, k.Y)
	sum := sha256.Sum256([]byte(canon))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ParseJWKS reads a JSON Web Key Set ({"keys":[…]}) of ES256 keys. Private parts, if a file
// has them, are not kept.
func ParseJWKS(data []byte) ([]JWK, error) {
	var set struct {
		Keys []JWK `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, errors.New("not a JSON Web Key Set")
	}
	var out []JWK
	for _, k := range set.Keys {
		if k.Kty == "EC" && k.Crv == "P-256" && (k.Use == "" || k.Use == "sig") {
			if _, _, err := k.PublicKey(); err != nil {
				return nil, err
			}
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the key set has no ES256 signing key")
	}
	return out, nil
}

// stateIssuers is where the vault keeps the issuers its people trust, by iss.
const stateIssuers = "shc/issuer/"

// SaveIssuer adds an issuer to the vault's trust list (replacing one with the same iss),
// noting when (Saved, now when not set) so that the app can say since when it is trusted.
func SaveIssuer(ctx context.Context, v *storage.Vault, is Issuer) error {
	is.Iss = strings.TrimRight(is.Iss, "/")
	if is.Saved.IsZero() {
		is.Saved = time.Now().UTC()
	}
	if _, err := NewTrust(is); err != nil {
		return err
	}
	data, err := json.Marshal(is)
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, storage.StateOp{Key: stateIssuers + is.Iss, Value: data})
}

// RemoveIssuer takes an issuer off the vault's trust list (nothing happens when it is not on
// it). Cards imported before keep the signature status they were imported with.
func RemoveIssuer(ctx context.Context, v *storage.Vault, iss string) error {
	return v.UpdateState(ctx, storage.StateOp{Key: stateIssuers + strings.TrimRight(iss, "/"), Delete: true})
}

// Issuers lists the vault's trusted issuers.
func Issuers(ctx context.Context, v *storage.Vault) ([]Issuer, error) {
	var out []Issuer
	err := v.ScanState(ctx, stateIssuers, func(_ string, value []byte) error {
		var is Issuer
		if json.Unmarshal(value, &is) == nil {
			out = append(out, is)
		}
		return nil
	})
	return out, err
}

// LoadTrust is the vault's trust list together with extra issuers (a clinic configuration's).
func LoadTrust(v *storage.Vault, extra []Issuer) (*Trust, error) {
	saved, err := Issuers(context.Background(), v)
	if err != nil {
		return nil, fmt.Errorf("reading the trusted health card issuers: %w", err)
	}
	return NewTrust(append(saved, extra...)...)
}
