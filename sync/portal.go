package sync

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	gosync "sync"
	"time"
	"unicode"
	"unicode/utf8"

	"carekeeper/storage"
	"carekeeper/sync/fhir"
	"carekeeper/sync/smart"
)

// Portal statuses (Portal.Status), in words the person sees.
const (
	StatusNotConnected = "not connected"
	StatusConnected    = "connected"     // signed in, never synced
	StatusOK           = "up to date"    // the last sync completed
	StatusIncomplete   = "incomplete"    // the last sync missed something; LastError says what
	StatusSignInAgain  = "sign in again" // the portal refused the saved sign-in
	StatusRetryLater   = "retry later"   // the portal asked us to come back later
	StatusOffline      = "offline"       // the portal could not be reached
)

// DefaultClientID is the client id used when `portal add` is given none.
const DefaultClientID = "carekeeper"

// State keys. Portals live under "portal/", sync checkpoints under "sync/".
const (
	portalPrefix = "portal/p/"
	tokenPrefix  = "portal/token/"
)

func portalKey(id string) string { return portalPrefix + id }
func tokenKey(id string) string  { return tokenPrefix + id }

// ErrUnknownPortal is returned for a portal id the vault does not hold.
var ErrUnknownPortal = errors.New("no such portal")

// ErrNotConnected is returned when syncing a portal nobody has signed in to.
var ErrNotConnected = errors.New("the portal is not connected: sign in with 'carekeeper portal connect'")

// ErrSignInAgain means the portal refused the saved sign-in: the person must connect again.
var ErrSignInAgain = errors.New("the portal needs you to sign in again")

// Portal is one provider portal the person connected (or is about to). It is kept in the
// vault's state (encrypted), without its tokens (kept apart, see Tokens).
type Portal struct {
	ID           string               `json:"id"`
	Name         string               `json:"name"`
	FHIR         string               `json:"fhir"` // FHIR base URL, no trailing slash
	ClientID     string               `json:"clientId"`
	Profile      string               `json:"profile,omitempty"` // person the portal's patient belongs to
	RedirectPort int                  `json:"redirectPort,omitempty"`
	Config       *smart.Configuration `json:"config,omitempty"` // SMART configuration at `portal add`
	Connected    bool                 `json:"connected"`
	Patient      string               `json:"patient,omitempty"` // patient id at the portal (launch context)
	LastSync     time.Time            `json:"lastSync,omitzero"` // end of the last complete sync
	LastFull     time.Time            `json:"lastFull,omitzero"` // start of the last complete full pass
	Status       string               `json:"status"`
	LastError    string               `json:"lastError,omitempty"` // plain words, no health data
	RetryAt      time.Time            `json:"retryAt,omitzero"`    // the portal asked not to come back before
	Added        time.Time            `json:"added,omitzero"`
	// SessionOnly is set when the portal, asked for offline_access, gave no refresh token at
	// the last sign-in: the sign-in lasts only as long as its access token.
	SessionOnly bool `json:"sessionOnly,omitempty"`
}

// SessionOnlyWarning is what to tell about a portal that gave no refresh token.
const SessionOnlyWarning = "this portal did not allow a lasting sign-in: you will need to sign in again after each session"

// Warning is a plain-words warning about the portal's sign-in ("" when there is none).
func (p *Portal) Warning() string {
	if p.SessionOnly {
		return SessionOnlyWarning
	}
	return ""
}

// Source is the record source of everything synced from the portal: its FHIR base.
func (p *Portal) Source() string { return strings.TrimRight(p.FHIR, "/") }

// Tokens are a portal's OAuth tokens, kept in the vault's state (encrypted).
type Tokens struct {
	AccessToken  string    `json:"accessToken,omitempty"`
	RefreshToken string    `json:"refreshToken,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	Scope        string    `json:"scope,omitempty"`
}

func newPortalID() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "p" + hex.EncodeToString(b[:])
}

// AddPortal stores a new portal (ID, Status and Added are filled in) and returns it.
func AddPortal(ctx context.Context, v *storage.Vault, p Portal, now time.Time) (*Portal, error) {
	if p.Name == "" || p.FHIR == "" {
		return nil, errors.New("a portal needs a name and a FHIR address")
	}
	if utf8.RuneCountInString(p.Name) > MaxPersonName || strings.ContainsFunc(p.Name, unicode.IsControl) {
		return nil, fmt.Errorf("a portal's name is one line of at most %d characters", MaxPersonName)
	}
	u, err := fhir.CheckBase(p.FHIR)
	if err != nil {
		return nil, err
	}
	p.FHIR = u.String()
	if p.ClientID == "" {
		p.ClientID = DefaultClientID
	}
	if p.Profile != "" {
		if _, err := v.Profile(p.Profile); err != nil {
			if errors.Is(err, storage.ErrNotFound) {
				return nil, ErrUnknownProfile
			}
			return nil, err
		}
	}
	p.ID = newPortalID()
	p.Status = StatusNotConnected
	p.Connected = false
	p.Added = now.UTC()
	if err := SavePortal(ctx, v, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// SavePortal writes a portal (fsynced).
func SavePortal(ctx context.Context, v *storage.Vault, p *Portal) error {
	op, err := portalOp(p)
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, op)
}

func portalOp(p *Portal) (storage.StateOp, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return storage.StateOp{}, fmt.Errorf("encoding the portal: %w", err)
	}
	return storage.StateOp{Key: portalKey(p.ID), Value: b}, nil
}

// GetPortal reads one portal, or ErrUnknownPortal.
func GetPortal(v *storage.Vault, id string) (*Portal, error) {
	if id == "" || strings.ContainsAny(id, "/\x00") {
		return nil, ErrUnknownPortal
	}
	b, err := v.GetState(portalKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrUnknownPortal
	}
	if err != nil {
		return nil, err
	}
	var p Portal
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, errors.New("a stored portal is damaged")
	}
	return &p, nil
}

// Portals lists the portals in the order they were added.
func Portals(ctx context.Context, v *storage.Vault) ([]Portal, error) {
	var out []Portal
	err := v.ScanState(ctx, portalPrefix, func(_ string, b []byte) error {
		var p Portal
		if err := json.Unmarshal(b, &p); err != nil {
			return errors.New("a stored portal is damaged")
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Stable by creation time, then id.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].Added.Before(out[j-1].Added) || out[j].Added.Equal(out[j-1].Added) && out[j].ID < out[j-1].ID); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// GetTokens reads a portal's tokens (zero Tokens when there are none).
func GetTokens(v *storage.Vault, id string) (Tokens, error) {
	var t Tokens
	b, err := v.GetState(tokenKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return t, errors.New("the stored sign-in is damaged")
	}
	return t, nil
}

func tokenOp(id string, t Tokens) (storage.StateOp, error) {
	b, err := json.Marshal(t)
	if err != nil {
		return storage.StateOp{}, fmt.Errorf("encoding the sign-in: %w", err)
	}
	return storage.StateOp{Key: tokenKey(id), Value: b}, nil
}

// Connected records a completed sign-in: the tokens and the launch-context patient, in one
// fsynced transaction. A different patient than before restarts the portal's checkpoints.
func Connected(ctx context.Context, v *storage.Vault, p *Portal, tok *smart.Token) error {
	if tok == nil || tok.AccessToken == "" {
		return errors.New("the portal gave no access token")
	}
	if tok.Patient == "" {
		return errors.New("the portal did not say which patient you signed in as (no patient launch context)")
	}
	if p.Patient != "" && p.Patient != tok.Patient {
		if err := ResetCheckpoints(ctx, v, p.ID); err != nil {
			return err
		}
		p.LastFull, p.LastSync = time.Time{}, time.Time{}
	}
	p.Patient = tok.Patient
	p.Connected = true
	p.SessionOnly = tok.RefreshToken == "" // we always ask for offline_access (smart.Configuration.Scopes)
	p.Status = StatusConnected
	p.LastError = ""
	p.RetryAt = time.Time{}
	pop, err := portalOp(p)
	if err != nil {
		return err
	}
	top, err := tokenOp(p.ID, Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry, Scope: tok.Scope})
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, pop, top)
}

// RefreshFunc exchanges a refresh token for new tokens (smart.Refresh in production; never
// retried, since real servers rotate refresh tokens).
type RefreshFunc func(ctx context.Context, p *Portal, refreshToken string) (*smart.Token, error)

// TokenStore is a fhir.TokenSource over a portal's tokens in the vault. A refresh saves the
// new tokens (the rotated refresh token above all) durably BEFORE they are used.
type TokenStore struct {
	v       *storage.Vault
	portal  *Portal
	refresh RefreshFunc
	now     func() time.Time

	mu  gosync.Mutex
	tok Tokens
	// Refreshes counts refreshes done (tests and diagnostics).
	Refreshes int
}

var _ fhir.TokenSource = (*TokenStore)(nil)

// NewTokenStore returns the token source of portal p.
func NewTokenStore(v *storage.Vault, p *Portal, refresh RefreshFunc, now func() time.Time) (*TokenStore, error) {
	if now == nil {
		now = time.Now
	}
	t, err := GetTokens(v, p.ID)
	if err != nil {
		return nil, err
	}
	return &TokenStore{v: v, portal: p, refresh: refresh, now: now, tok: t}, nil
}

// expirySlack refreshes an access token this long before it expires.
const expirySlack = 30 * time.Second

// Token returns the access token, refreshing it first when it has expired.
func (s *TokenStore) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	tok := s.tok
	s.mu.Unlock()
	if tok.AccessToken != "" && (tok.Expiry.IsZero() || s.now().Add(expirySlack).Before(tok.Expiry)) {
		return tok.AccessToken, nil
	}
	if tok.RefreshToken == "" {
		if tok.AccessToken != "" {
			return tok.AccessToken, nil // let the server say whether it still works
		}
		return "", ErrSignInAgain
	}
	return s.Refresh(ctx)
}

// Refresh exchanges the refresh token once and saves the result before returning it.
func (s *TokenStore) Refresh(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.RefreshToken == "" || s.refresh == nil {
		return "", ErrSignInAgain
	}
	nt, err := s.refresh(ctx, s.portal, s.tok.RefreshToken)
	if err != nil {
		if errors.Is(err, smart.ErrSignInAgain) {
			return "", fmt.Errorf("%w: %w", ErrSignInAgain, err)
		}
		return "", err
	}
	if nt == nil || nt.AccessToken == "" {
		return "", errors.New("the portal gave no access token")
	}
	t := Tokens{AccessToken: nt.AccessToken, RefreshToken: nt.RefreshToken, Expiry: nt.Expiry, Scope: nt.Scope}
	if t.RefreshToken == "" {
		t.RefreshToken = s.tok.RefreshToken // not rotated: the old one stays valid
	}
	if t.Scope == "" {
		t.Scope = s.tok.Scope
	}
	op, err := tokenOp(s.portal.ID, t)
	if err != nil {
		return "", err
	}
	// Durable before use: a crash after this line keeps the rotated refresh token.
	if err := s.v.UpdateState(context.WithoutCancel(ctx), op); err != nil {
		return "", fmt.Errorf("saving the new sign-in: %w", err)
	}
	s.tok = t
	s.Refreshes++
	return t.AccessToken, nil
}
