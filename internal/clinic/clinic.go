// Package clinic reads the signed clinic configuration: one signed CareKeeper build serves
// every clinic, and each clinic hands out a clinic.json with a detached minisign (ed25519)
// signature made by an offline provisioning key. The app accepts a configuration only if the
// signature verifies against an embedded provisioning key, the signed trusted comment names
// the purpose and the clinic, the serial is not lower than the highest seen (no rollback), it
// has not expired, every portal is HTTPS and there are no unknown fields. Otherwise it fails
// closed: it says why in plain words and the app carries on without clinic settings.
package clinic

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"aead.dev/minisign"

	"carekeeper/internal/shc"
)

// FileName is the configuration's file name; the signature is FileName + ".minisig" and an
// optional logo is LogoName, both beside it.
const (
	FileName = "clinic.json"
	SigName  = FileName + ".minisig"
	LogoName = "clinic-logo.png"
	Purpose  = "clinic-config"
	Schema   = 1
)

// Config is a clinic's configuration, as signed.
type Config struct {
	Schema     int       `json:"schema"`
	ClinicID   string    `json:"clinic_id"`
	ClinicName string    `json:"clinic_name"`
	Serial     uint64    `json:"serial"`
	NotAfter   time.Time `json:"not_after"`
	Portals    []Portal  `json:"portals,omitempty"`
	Support    Support   `json:"support"`
	Branding   *Branding `json:"branding,omitempty"`
	Policies   Policies  `json:"policies"`
	// HealthCardIssuers are SMART Health Card issuers the clinic trusts: cards they signed
	// import as "signature verified" (docs/intake.md).
	HealthCardIssuers []CardIssuer `json:"health_card_issuers,omitempty"`
}

// CardIssuer is a health card issuer a clinic trusts: its iss URL, a name to show, and the
// public keys of its JWKS.
type CardIssuer struct {
	Iss  string    `json:"iss"`
	Name string    `json:"name,omitempty"`
	Keys []shc.JWK `json:"keys"`
}

// Portal is a provider portal the clinic presets.
type Portal struct {
	Name         string   `json:"name"`
	FHIRBaseURL  string   `json:"fhir_base_url"`
	ClientID     string   `json:"client_id"`
	Scopes       []string `json:"scopes,omitempty"`
	RedirectPort int      `json:"redirect_port,omitempty"` // for registrations that fix the loopback port
}

// Support is who patients call for help with the app.
type Support struct {
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
	Hours string `json:"hours,omitempty"`
}

// Branding is optional: a display name, a colour and a logo identified by its SHA-256.
type Branding struct {
	Name         string `json:"name,omitempty"`
	PrimaryColor string `json:"primary_color,omitempty"` // #RRGGBB
	LogoSHA256   string `json:"logo_sha256,omitempty"`
}

// Policies the clinic sets; zero values mean "no policy".
type Policies struct {
	MinPassphraseScore   int  `json:"min_passphrase_score,omitempty"` // zxcvbn score 0-4
	AutoLockMinutes      int  `json:"auto_lock_minutes,omitempty"`
	PrivateNotifications bool `json:"private_notifications,omitempty"`
	SyncIntervalHours    int  `json:"sync_interval_hours,omitempty"`
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	colorPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
	hashPattern  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Parse decodes a configuration strictly (field names exactly as documented, each once, no
// unknown fields, one JSON value) and checks its content. It does not check the signature,
// expiry or serial.
func Parse(data []byte) (*Config, error) {
	if err := checkKeys(data, reflect.TypeFor[Config]()); err != nil {
		return nil, fmt.Errorf("not a valid clinic configuration: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("not a valid clinic configuration: %w", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a valid clinic configuration: something follows the JSON object")
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// jsonProblem keeps decoder errors short; they name fields, never values.
func jsonProblem(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("JSON syntax error at byte %d", se.Offset)
	}
	return err
}

func (c *Config) check() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("clinic configuration: "+format, a...)
	}
	switch {
	case c.Schema != Schema:
		return bad("schema %d is not supported (this version reads schema %d)", c.Schema, Schema)
	case !idPattern.MatchString(c.ClinicID):
		return bad("clinic_id must be lower-case letters, digits and dashes")
	case strings.TrimSpace(c.ClinicName) == "":
		return bad("clinic_name is missing")
	case c.Serial == 0:
		return bad("serial must be 1 or more")
	case c.NotAfter.IsZero():
		return bad("not_after (the expiry) is missing")
	}
	for i, p := range c.Portals {
		if strings.TrimSpace(p.Name) == "" || p.ClientID == "" {
			return bad("portal %d needs a name and a client_id", i+1)
		}
		if err := checkHTTPS(p.FHIRBaseURL); err != nil {
			return bad("portal %d: %v", i+1, err)
		}
		if p.RedirectPort < 0 || p.RedirectPort > 65535 {
			return bad("portal %d: redirect_port out of range", i+1)
		}
	}
	for i, is := range c.HealthCardIssuers {
		if _, err := shc.NewTrust(shc.Issuer{Iss: is.Iss, Keys: is.Keys}); err != nil || len(is.Keys) == 0 {
			return bad("health card issuer %d needs an https iss and ES256 keys", i+1)
		}
	}
	if c.Support.URL != "" {
		if err := checkHTTPS(c.Support.URL); err != nil {
			return bad("support url: %v", err)
		}
	}
	if b := c.Branding; b != nil {
		if b.PrimaryColor != "" && !colorPattern.MatchString(b.PrimaryColor) {
			return bad("branding primary_color must look like #00695C")
		}
		if b.LogoSHA256 != "" && !hashPattern.MatchString(b.LogoSHA256) {
			return bad("branding logo_sha256 must be 64 lower-case hex digits")
		}
	}
	p := c.Policies
	switch {
	case p.MinPassphraseScore < 0 || p.MinPassphraseScore > 4:
		return bad("policies min_passphrase_score must be 0 to 4")
	case p.AutoLockMinutes < 0 || p.AutoLockMinutes > 24*60:
		return bad("policies auto_lock_minutes must be 0 to 1440")
	case p.SyncIntervalHours < 0 || p.SyncIntervalHours > 24*30:
		return bad("policies sync_interval_hours must be 0 to 720")
	}
	return nil
}

func checkHTTPS(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("not a valid URL")
	}
	if u.Scheme != "https" {
		return errors.New("must use https")
	}
	if u.User != nil {
		return errors.New("must not contain a user name or password")
	}
	return nil
}

// TrustedComment is the signed comment that binds a signature to its purpose and clinic.
func TrustedComment(c *Config) string {
	return fmt.Sprintf("purpose=%s;clinic_id=%s;serial=%d", Purpose, c.ClinicID, c.Serial)
}

func parseComment(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			out[k] = v
		}
	}
	return out
}

// Sign checks a configuration and returns its detached signature, in minisign's format.
func Sign(key minisign.PrivateKey, data []byte) ([]byte, error) {
	c, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return minisign.SignWithComments(key, data, TrustedComment(c), "CareKeeper clinic configuration"), nil
}

// Rejection says in plain words why a configuration was not accepted.
type Rejection struct {
	Path   string
	Reason string
}

func (r *Rejection) Error() string { return r.Path + ": " + r.Reason }

// Verifier checks signed configurations.
type Verifier struct {
	Keys []minisign.PublicKey // trusted provisioning keys (current and next)
	Now  func() time.Time
	// Highest returns the highest serial accepted before for a clinic (0 if none).
	Highest func(clinicID string) uint64
}

// Verify checks data against its detached signature and returns the configuration, or an
// error that says why it is not accepted.
func (v *Verifier) Verify(data, sig []byte) (*Config, error) {
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return nil, errors.New("the signature file is not a minisign signature")
	}
	var key *minisign.PublicKey
	for i := range v.Keys {
		if v.Keys[i].ID() == s.KeyID {
			key = &v.Keys[i]
			break
		}
	}
	if key == nil {
		return nil, errors.New("it is signed with a key this CareKeeper does not trust")
	}
	if !minisign.Verify(*key, data, sig) {
		return nil, errors.New("the signature does not match the file (it was changed after signing, or damaged)")
	}
	c, err := Parse(data)
	if err != nil {
		return nil, err
	}
	tc := parseComment(s.TrustedComment)
	if tc["purpose"] != Purpose {
		return nil, errors.New("the signature is not for a clinic configuration")
	}
	if tc["clinic_id"] != c.ClinicID || tc["serial"] != strconv.FormatUint(c.Serial, 10) {
		return nil, errors.New("the signed clinic or serial differs from the file's")
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	if !now().Before(c.NotAfter) {
		return nil, fmt.Errorf("it expired on %s; ask the clinic for a new one", c.NotAfter.UTC().Format("2 January 2006"))
	}
	if v.Highest != nil {
		if h := v.Highest(c.ClinicID); c.Serial < h {
			return nil, fmt.Errorf("it is older (serial %d) than one already used (serial %d)", c.Serial, h)
		}
	}
	return c, nil
}

// CheckLogo reports whether logo is the one the configuration names.
func (c *Config) CheckLogo(logo []byte) bool {
	if c.Branding == nil || c.Branding.LogoSHA256 == "" {
		return false
	}
	sum := sha256.Sum256(logo)
	return hex.EncodeToString(sum[:]) == c.Branding.LogoSHA256
}
