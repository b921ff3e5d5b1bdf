package smart

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"

	"carekeeper/sync/fhir"
)

// Token is what the token endpoint returned.
type Token struct {
	AccessToken, RefreshToken, TokenType, Scope, IDToken string
	Patient                                              string    // launch context patient id
	Expiry                                               time.Time // zero when the server gave no expires_in
}

// Errors of a sign-in.
var (
	// ErrSignInAgain means the grant is gone (invalid_grant on refresh or on the code
	// exchange): the person must sign in again.
	ErrSignInAgain = errors.New("smart: the portal no longer accepts this sign-in; please sign in again")
	// ErrAccessDenied is the person (or the portal) declining the authorization.
	ErrAccessDenied = errors.New("smart: access was not granted at the portal (access_denied)")
	// ErrStateMismatch is a redirect whose state does not match: possibly forged; the
	// sign-in is abandoned.
	ErrStateMismatch = errors.New("smart: the portal's answer did not match this sign-in (state mismatch); please try again")
	// ErrLoginClosed is Wait after Close.
	ErrLoginClosed = errors.New("smart: the sign-in was cancelled")
	// ErrRetryingClient refuses an http.Client that retries: codes and rotated refresh
	// tokens are single-use, so the token endpoint is called exactly once.
	ErrRetryingClient = errors.New("smart: the token endpoint must not be called through a retrying HTTP client")
)

// TokenError is a refusal from the token endpoint other than invalid_grant. It carries the
// OAuth error code and a redacted description, never a token or the request.
type TokenError struct {
	Status      int
	Code        string // e.g. invalid_client
	Description string // redacted
}

func (e *TokenError) Error() string {
	s := "smart: the portal refused the token request"
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Status != 0 {
		s += fmt.Sprintf(" with HTTP %d", e.Status)
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// AuthorizationError is an error the portal sent back on the authorization redirect
// (RFC 6749 §4.1.2.1), before any token request: the sign-in was refused or failed at the
// portal. It carries the OAuth error code and a redacted description. An access_denied one
// is ErrAccessDenied (errors.Is).
type AuthorizationError struct {
	Code        string // e.g. access_denied, invalid_scope
	Description string // redacted
}

func (e *AuthorizationError) Error() string {
	s := "smart: the portal did not complete the sign-in (" + e.Code + ")"
	if e.Code == "access_denied" {
		s = "smart: access was not granted at the portal (access_denied)"
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Is makes an access_denied redirect ErrAccessDenied.
func (e *AuthorizationError) Is(target error) bool {
	return target == ErrAccessDenied && e.Code == "access_denied"
}

// Login is one pending sign-in: a one-shot loopback listener on 127.0.0.1:<port>/callback.
type Login struct {
	AuthorizeURL string // open this in the system browser
	RedirectURI  string // http://127.0.0.1:<port>/callback

	conf     *oauth2.Config
	hc       *http.Client
	verifier string
	state    string
	srv      *http.Server
	ln       net.Listener

	result    chan callback // buffered 1: the one callback
	used      sync.Once     // the listener serves one /callback only
	closeOnce sync.Once
	closed    chan struct{}
}

type callback struct {
	code string
	err  error
}

// Begin starts a sign-in: it binds 127.0.0.1:<redirectPort> (0 = any free port), and builds
// the authorization URL with PKCE S256, a 256-bit random state, aud = the FHIR base and the
// configuration's scopes. hc is used for the single token request (nil = a plain client
// with a 30 s timeout; a retryablehttp-backed client is refused). Call Wait, and Close when
// done.
func Begin(ctx context.Context, hc *http.Client, cfg *Configuration, clientID string, redirectPort int) (*Login, error) {
	if cfg == nil || cfg.AuthorizationEndpoint == "" || cfg.TokenEndpoint == "" {
		return nil, errors.New("smart: the portal configuration has no authorization or token endpoint")
	}
	for _, e := range []string{cfg.AuthorizationEndpoint, cfg.TokenEndpoint, cfg.FHIRBase} {
		if err := httpsOrLoopback(e); err != nil {
			return nil, errors.New("smart: a portal address " + err.Error())
		}
	}
	if clientID == "" {
		return nil, errors.New("smart: no client id for this portal")
	}
	if redirectPort < 0 || redirectPort > 65535 {
		return nil, errors.New("smart: the redirect port must be between 0 and 65535")
	}
	thc, err := tokenClient(hc)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(redirectPort)))
	if err != nil {
		return nil, fmt.Errorf("smart: cannot listen for the sign-in redirect on port %d: %w", redirectPort, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	l := &Login{
		RedirectURI: fmt.Sprintf("http://127.0.0.1:%d/callback", port),
		hc:          thc,
		verifier:    oauth2.GenerateVerifier(),
		state:       newState(),
		ln:          ln,
		result:      make(chan callback, 1),
		closed:      make(chan struct{}),
	}
	l.conf = &oauth2.Config{
		ClientID: clientID,
		Endpoint: oauth2.Endpoint{
			AuthURL:   cfg.AuthorizationEndpoint,
			TokenURL:  cfg.TokenEndpoint,
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: l.RedirectURI,
		Scopes:      cfg.Scopes(),
	}
	l.AuthorizeURL = l.conf.AuthCodeURL(l.state,
		oauth2.S256ChallengeOption(l.verifier),
		oauth2.SetAuthURLParam("aud", cfg.FHIRBase))
	l.srv = &http.Server{
		Handler:           http.HandlerFunc(l.serve),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          nil,
	}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// newState returns 256 random bits, base64url.
func newState() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it crashes the program instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenClient returns a non-retrying client for the token endpoint that does not follow
// redirects (a followed 307/308 would POST the code a second time).
func tokenClient(hc *http.Client) (*http.Client, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	if _, ok := hc.Transport.(*retryablehttp.RoundTripper); ok {
		return nil, ErrRetryingClient
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c, nil
}

const closePage = `<!doctype html>
<html><head><meta charset="utf-8"><title>CareKeeper</title></head>
<body style="font-family:sans-serif;margin:3em">
<h1>%s</h1><p>%s</p>
</body></html>
`

func (l *Login) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/callback" || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	first := false
	l.used.Do(func() { first = true })
	if !first {
		http.NotFound(w, r)
		return
	}
	cb := l.check(r.URL.Query())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Connection", "close")
	if cb.err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, closePage, "Sign-in did not complete", "You can close this tab and return to CareKeeper.")
	} else {
		fmt.Fprintf(w, closePage, "Signed in", "You can close this tab and return to CareKeeper.")
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	l.result <- cb
}

// check validates the redirect's query: state first (constant time), then error=, then code.
func (l *Login) check(q url.Values) callback {
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(l.state)) != 1 {
		return callback{err: ErrStateMismatch}
	}
	if e := q.Get("error"); e != "" {
		return callback{err: &AuthorizationError{Code: oauthCode(e), Description: fhir.Redact(q.Get("error_description"))}}
	}
	code := q.Get("code")
	if code == "" {
		return callback{err: errors.New("smart: the portal's answer carried no authorization code")}
	}
	return callback{code: code}
}

// oauthCode keeps an OAuth error code if it is one (RFC 6749: %x20-21 / %x23-5B / %x5D-7E,
// in practice lower-case words with underscores).
func oauthCode(s string) string {
	if len(s) > 64 {
		return "error"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_') {
			return "error"
		}
	}
	return s
}

// Wait waits for the redirect, checks state, exchanges the code ONCE (never retried) and
// stops the listener. ctx bounds the whole wait (the CLI gives it 10 minutes).
func (l *Login) Wait(ctx context.Context) (*Token, error) {
	var cb callback
	select {
	case cb = <-l.result:
	case <-ctx.Done():
		l.Close()
		return nil, fmt.Errorf("smart: waiting for the sign-in: %w", ctx.Err())
	case <-l.closed:
		return nil, ErrLoginClosed
	}
	l.shutdown()
	if cb.err != nil {
		return nil, cb.err
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, l.hc)
	tok, err := l.conf.Exchange(ctx, cb.code, oauth2.VerifierOption(l.verifier))
	if err != nil {
		return nil, tokenErr(err)
	}
	return fromOAuth(tok), nil
}

// shutdown stops the listener after the one callback, letting the page finish.
func (l *Login) shutdown() {
	l.closeOnce.Do(func() {
		close(l.closed)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if l.srv.Shutdown(ctx) != nil {
			_ = l.srv.Close()
		}
		_ = l.ln.Close() // the server's goroutine may not have taken it yet
	})
}

// Close stops the listener; a pending Wait returns ErrLoginClosed. Safe to call twice.
func (l *Login) Close() error {
	l.closeOnce.Do(func() {
		close(l.closed)
		_ = l.srv.Close()
		// Serve, in its goroutine, may not have taken the listener yet (it would close it
		// only when it runs): close it here, so the port is free when Close returns.
		_ = l.ln.Close()
	})
	return nil
}

// Refresh makes one refresh_token request (client_id in the body, never retried) and returns
// the new token. The response's refresh token replaces the old one when the server rotates
// it (x/oauth2 keeps the old one when the response has none). The patient is empty unless the
// server repeats the launch context: keep the one from sign-in. invalid_grant →
// ErrSignInAgain (wrapped).
func Refresh(ctx context.Context, hc *http.Client, cfg *Configuration, clientID, refreshToken string) (*Token, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("smart: no refresh token: %w", ErrSignInAgain)
	}
	if cfg == nil || cfg.TokenEndpoint == "" {
		return nil, errors.New("smart: the portal configuration has no token endpoint")
	}
	if err := httpsOrLoopback(cfg.TokenEndpoint); err != nil {
		return nil, errors.New("smart: the token endpoint " + err.Error())
	}
	thc, err := tokenClient(hc)
	if err != nil {
		return nil, err
	}
	conf := &oauth2.Config{
		ClientID: clientID,
		Endpoint: oauth2.Endpoint{TokenURL: cfg.TokenEndpoint, AuthStyle: oauth2.AuthStyleInParams},
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, thc)
	tok, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, tokenErr(err)
	}
	return fromOAuth(tok), nil
}

// tokenErr maps an x/oauth2 error to one without token values, body or URL.
func tokenErr(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		if re.ErrorCode == "invalid_grant" {
			return fmt.Errorf("smart: token request refused (invalid_grant): %w", ErrSignInAgain)
		}
		return &TokenError{Status: status, Code: oauthCode(re.ErrorCode), Description: fhir.Redact(re.ErrorDescription)}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("smart: token request: %w", err)
	}
	return fmt.Errorf("smart: token request failed: %w", cleanErr(err))
}

// cleanErr removes *url.Error (it prints the URL) and anything else printing a URL.
func cleanErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	if strings.Contains(err.Error(), "://") {
		return errors.New("request failed")
	}
	return err
}

func fromOAuth(t *oauth2.Token) *Token {
	out := &Token{
		AccessToken:  t.AccessToken,
		RefreshToken: t.RefreshToken,
		TokenType:    t.Type(),
		Expiry:       t.Expiry,
	}
	out.Scope, _ = t.Extra("scope").(string)
	out.IDToken, _ = t.Extra("id_token").(string)
	out.Patient, _ = t.Extra("patient").(string)
	if out.Patient == "" && out.IDToken != "" {
		out.Patient = patientFromIDToken(out.IDToken)
	}
	return out
}

// patientFromIDToken reads a fhirUser claim of the form "[base/]Patient/<id>" from an
// id_token's payload, without verifying it: a fallback for servers that omit the patient
// launch context (the FHIR server enforces access anyway).
func patientFromIDToken(idt string) string {
	parts := strings.Split(idt, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return ""
	}
	var claims struct {
		FHIRUser string `json:"fhirUser"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return ""
	}
	segs := strings.Split(claims.FHIRUser, "/")
	if n := len(segs); n >= 2 && segs[n-2] == "Patient" && segs[n-1] != "" {
		return segs[n-1]
	}
	return ""
}
