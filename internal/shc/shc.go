// Package shc reads SMART Health Cards (https://spec.smarthealth.cards): .smart-health-card
// files, shc:/ numeric text (also the deprecated multi-chunk shc:/C/N/ sets) and QR images, and
// checks their ES256 signatures offline against trusted issuer keys. A card whose keys are not
// at hand is "signature not checked", never "verified"; a bad signature under a known key, a
// malformed card or an expired one is refused. See docs/intake.md.
package shc

import (
	"bytes"
	"compress/flate"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strings"
	"time"
)

// Limits on what is read, so a hostile card costs bounded memory and time.
const (
	MaxJWSBytes     = 1 << 20 // one compact JWS
	MaxPayloadBytes = 4 << 20 // its payload once inflated
	MaxCards        = 100     // cards in one file
	MaxFileBytes    = 8 << 20 // a .smart-health-card file or shc:/ text
)

// HealthCardType is the vc.type every health card carries.
const HealthCardType = "https://smarthealth.cards#health-card"

// Errors a card can be refused with; each is wrapped with what exactly is wrong.
var (
	ErrMalformed = errors.New("not a valid SMART Health Card")
	ErrForged    = errors.New("the health card's signature does not match its issuer's key: it may be forged")
	// ErrUnknownKey is a card of an issuer trusted here signed with a key that issuer does not have.
	ErrUnknownKey = errors.New("the health card is signed with a key its issuer does not have here: it may be forged, or the issuer's keys changed ('cards fetch' gets them again)")
	ErrExpired    = errors.New("the health card expired")
	ErrNotYet     = errors.New("the health card says it was issued in the future")
)

// Status is what is known of a card's signature.
type Status string

// The signature states of a card that is imported.
const (
	Verified   Status = "verified"    // signed by a key the person or their clinic trusts
	NotChecked Status = "not-checked" // no trusted key of its issuer was at hand
)

// Words is the state in plain words.
func (s Status) Words() string {
	if s == Verified {
		return "signature verified"
	}
	return "signature not checked"
}

// Card is one decoded health card; its signature is checked by Verify.
type Card struct {
	Issuer    string
	Kid       string
	NotBefore time.Time
	Expires   time.Time // zero: does not expire
	RID       string    // revocation id, "" if none
	Types     []string
	bundle    json.RawMessage
	signed    []byte // the JWS signing input: header.payload
	r, s      *big.Int
}

func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
}

// Parse decodes a compact JWS health card: ES256, raw-DEFLATE payload, the health-card type and
// a FHIR Bundle. It checks the form, not the signature (Verify) nor the dates.
func Parse(jws string) (*Card, error) {
	jws = strings.TrimSpace(jws)
	if len(jws) > MaxJWSBytes {
		return nil, malformed("the card is larger than %d bytes", MaxJWSBytes)
	}
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, malformed("its data is incomplete or damaged (not three parts separated by dots)")
	}
	rawHeader, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, malformed("its data is damaged (its header cannot be read)")
	}
	var h struct {
		Alg, Zip, Kid string
	}
	if err := json.Unmarshal(rawHeader, &h); err != nil {
		return nil, malformed("its data is damaged (its header cannot be read)")
	}
	if h.Alg != "ES256" {
		return nil, malformed("it is signed in a way health cards are not (%q, not ES256)", clip(h.Alg))
	}
	if h.Zip != "DEF" {
		return nil, malformed("its contents are not packed as a health card's are (not compressed)")
	}
	compressed, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, malformed("its data is damaged (its contents cannot be read)")
	}
	payload, err := inflate(compressed)
	if err != nil {
		return nil, err
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return nil, malformed("its data is damaged (its signature cannot be read)")
	}
	var claims struct {
		Iss string   `json:"iss"`
		Nbf *float64 `json:"nbf"`
		Exp *float64 `json:"exp"`
		VC  struct {
			Type              []string `json:"type"`
			RID               string   `json:"rid"`
			CredentialSubject struct {
				FHIRVersion string          `json:"fhirVersion"`
				FHIRBundle  json.RawMessage `json:"fhirBundle"`
			} `json:"credentialSubject"`
		} `json:"vc"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, malformed("its data is damaged (its contents cannot be read)")
	}
	c := &Card{Issuer: claims.Iss, Kid: h.Kid, RID: claims.VC.RID, Types: claims.VC.Type,
		bundle: claims.VC.CredentialSubject.FHIRBundle, signed: []byte(parts[0] + "." + parts[1]),
		r: new(big.Int).SetBytes(sig[:32]), s: new(big.Int).SetBytes(sig[32:])}
	if !strings.HasPrefix(c.Issuer, "https://") || strings.HasSuffix(c.Issuer, "/") || len(c.Issuer) > 2048 {
		return nil, malformed("it does not name its issuer by a web address (https://…, without a trailing slash)")
	}
	if claims.Nbf == nil {
		return nil, malformed("it does not say when it was issued")
	}
	var ok bool
	if c.NotBefore, ok = unixTime(*claims.Nbf); !ok {
		return nil, malformed("its date of issue cannot be read")
	}
	if claims.Exp != nil {
		if c.Expires, ok = unixTime(*claims.Exp); !ok {
			return nil, malformed("its expiry date cannot be read")
		}
	}
	found := false
	for _, t := range c.Types {
		found = found || t == HealthCardType
	}
	if !found {
		return nil, malformed("it is another kind of credential, not a health card")
	}
	var b struct {
		ResourceType string            `json:"resourceType"`
		Entry        []json.RawMessage `json:"entry"`
	}
	if len(c.bundle) == 0 || json.Unmarshal(c.bundle, &b) != nil || b.ResourceType != "Bundle" || len(b.Entry) == 0 {
		return nil, malformed("it holds no health records")
	}
	return c, nil
}

// unixTime converts a NumericDate (which may be fractional) to a time.
func unixTime(f float64) (time.Time, bool) {
	if math.IsNaN(f) || f < 0 || f > 1e11 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
}

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// inflate decompresses a raw-DEFLATE payload of at most MaxPayloadBytes.
func inflate(compressed []byte) ([]byte, error) {
	zr := flate.NewReader(bytes.NewReader(compressed))
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxPayloadBytes+1))
	if err != nil {
		return nil, malformed("its data is damaged (its contents cannot be unpacked)")
	}
	if len(out) > MaxPayloadBytes {
		return nil, malformed("its contents are larger than a health card's can be (%d bytes unpacked)", MaxPayloadBytes)
	}
	return out, nil
}

// Verify checks the card's dates against now and its signature against the trusted keys of
// its issuer. With no trusted key of the issuer (or the key the card names) it returns
// NotChecked; a signature that does not match a trusted key is ErrForged, and a key the
// issuer trusted here (with keys at hand) does not have is ErrUnknownKey.
func (c *Card) Verify(t *Trust, now time.Time) (Status, error) {
	if !c.Expires.IsZero() && now.After(c.Expires) {
		// With its date, and saying what expired: "the health card has expired" read as the
		// vaccinations being out of date (F525).
		return "", fmt.Errorf("%w on %s (the card itself, not the vaccinations or results on it): ask whoever gave it for a new card",
			ErrExpired, c.Expires.In(now.Location()).Format("2 Jan 2006"))
	}
	if c.NotBefore.After(now.Add(time.Hour)) { // an hour for clocks that are off
		return "", ErrNotYet
	}
	key := t.key(c.Issuer, c.Kid)
	if key == nil {
		if t.hasKeys(c.Issuer) {
			// An issuer trusted here whose keys are at hand did not sign with this key: a
			// forger need only change the kid of a card to get it in under a trusted
			// issuer's name as "not checked" (F181).
			return "", ErrUnknownKey
		}
		return NotChecked, nil
	}
	sum := sha256.Sum256(c.signed)
	if !ecdsa.Verify(key, sum[:], c.r, c.s) {
		return "", ErrForged
	}
	if t.revoked(c.Issuer, c.Kid, c.RID, c.NotBefore) {
		return "", ErrRevoked
	}
	return Verified, nil
}

// ErrRevoked is returned for a card its issuer has revoked (a trusted revocation list names it).
var ErrRevoked = errors.New("the health card was revoked by its issuer")
