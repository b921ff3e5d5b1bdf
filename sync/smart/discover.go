// Package smart signs in to a patient portal with SMART App Launch v2 (standalone launch) as a
// public native client: discovery, authorization code + PKCE S256 + state + aud, a one-shot
// loopback redirect listener, and a single, never retried, token request.
//
// Token values (access, refresh and id tokens, codes, verifiers) never appear in errors or
// logs. The token endpoint is called through a plain http.Client: a client whose transport
// is go-retryablehttp's RoundTripper is refused, redirects of the token POST are not followed,
// and x/oauth2 is configured with AuthStyleInParams (its AutoDetect style re-sends a failed
// request with the other style, which would be a second POST of the same code).
package smart

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"carekeeper/sync/fhir"
)

// Configuration is a server's SMART configuration (.well-known/smart-configuration, or the
// CapabilityStatement's oauth-uris extension as fallback).
type Configuration struct {
	FHIRBase              string
	Issuer                string
	AuthorizationEndpoint string
	TokenEndpoint         string
	Capabilities          []string
	CodeChallengeMethods  []string
	ScopesSupported       []string
	V1Only                bool // server speaks only SMART v1 scopes (patient/*.read)
	// FromMetadata is true when the configuration came from the CapabilityStatement
	// fallback, which carries no PKCE methods and often no capabilities.
	FromMetadata bool
}

// Capability names checked by Check.
const (
	CapLaunchStandalone         = "launch-standalone"
	CapClientPublic             = "client-public"
	CapContextStandalonePatient = "context-standalone-patient"
	CapPermissionOffline        = "permission-offline"
	CapPermissionV2             = "permission-v2"
	CapPermissionV1             = "permission-v1"
)

const (
	oauthURIsExt    = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
	capabilitiesExt = "http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities"
	maxDiscovery    = 4 << 20
)

// ErrNotSMART is returned by Discover when neither discovery document names the endpoints.
var ErrNotSMART = errors.New("smart: the server does not publish a SMART configuration (no .well-known/smart-configuration and no OAuth URIs in its CapabilityStatement)")

// Discover reads <fhirBase>/.well-known/smart-configuration, falling back to the OAuth URIs
// of <fhirBase>/metadata. The base must be https (or http on loopback). hc nil = a client
// with a 30 s timeout. Discover does not call Check.
func Discover(ctx context.Context, hc *http.Client, fhirBase string) (*Configuration, error) {
	base, err := fhir.CheckBase(fhirBase)
	if err != nil {
		return nil, fmt.Errorf("smart: %w", err)
	}
	hc = getClient(hc)
	cfg, err1 := discoverWellKnown(ctx, hc, base.String())
	if err1 == nil {
		cfg.finish(base.String())
		return cfg, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	cfg, err2 := discoverMetadata(ctx, hc, base.String())
	if err2 == nil {
		cfg.finish(base.String())
		return cfg, nil
	}
	if errors.Is(err1, errNotFound) && errors.Is(err2, errNotFound) {
		return nil, ErrNotSMART
	}
	return nil, fmt.Errorf("smart: discovery failed: %v; CapabilityStatement fallback: %w", err1, err2)
}

var errNotFound = errors.New("no SMART endpoints")

func getClient(hc *http.Client) *http.Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return hc
}

func getJSON(ctx context.Context, hc *http.Client, u, accept string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, errors.New("cannot build the request")
	}
	req.Header.Set("Accept", accept)
	c := *hc
	c.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if r.URL.Scheme != "https" && !fhir.IsLoopback(r.URL.Hostname()) {
			return errors.New("redirect to a non-https address refused")
		}
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, 0, cleanErr(err)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDiscovery))
	if err != nil {
		return nil, resp.StatusCode, cleanErr(err)
	}
	return body, resp.StatusCode, nil
}

func discoverWellKnown(ctx context.Context, hc *http.Client, base string) (*Configuration, error) {
	body, status, err := getJSON(ctx, hc, base+"/.well-known/smart-configuration", "application/json")
	if err != nil {
		return nil, err
	}
	if status == http.StatusNotFound || status == http.StatusGone {
		return nil, errNotFound
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf(".well-known/smart-configuration answered HTTP %d", status)
	}
	return parseWellKnown(body)
}

// parseWellKnown reads a .well-known/smart-configuration document.
func parseWellKnown(body []byte) (*Configuration, error) {
	var doc struct {
		Issuer                string   `json:"issuer"`
		AuthorizationEndpoint string   `json:"authorization_endpoint"`
		TokenEndpoint         string   `json:"token_endpoint"`
		Capabilities          []string `json:"capabilities"`
		CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
		ScopesSupported       []string `json:"scopes_supported"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, errors.New(".well-known/smart-configuration is not valid JSON")
	}
	if doc.TokenEndpoint == "" {
		return nil, errNotFound
	}
	return &Configuration{
		Issuer:                doc.Issuer,
		AuthorizationEndpoint: doc.AuthorizationEndpoint,
		TokenEndpoint:         doc.TokenEndpoint,
		Capabilities:          doc.Capabilities,
		CodeChallengeMethods:  doc.CodeChallengeMethods,
		ScopesSupported:       doc.ScopesSupported,
	}, nil
}

type extension struct {
	URL       string      `json:"url"`
	ValueURI  string      `json:"valueUri"`
	ValueCode string      `json:"valueCode"`
	Extension []extension `json:"extension"`
}

func extURL(u string) string {
	if i := strings.IndexByte(u, '|'); i >= 0 {
		return u[:i]
	}
	return u
}

func discoverMetadata(ctx context.Context, hc *http.Client, base string) (*Configuration, error) {
	body, status, err := getJSON(ctx, hc, base+"/metadata", "application/fhir+json, application/json+fhir;q=0.9, application/json;q=0.8")
	if err != nil {
		return nil, err
	}
	if status == http.StatusNotFound {
		return nil, errNotFound
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("metadata answered HTTP %d", status)
	}
	return parseCapabilityStatement(body)
}

// parseCapabilityStatement reads the SMART oauth-uris (and v1 capabilities) extensions of
// rest[mode=server].security.
func parseCapabilityStatement(body []byte) (*Configuration, error) {
	var cs struct {
		ResourceType string `json:"resourceType"`
		Rest         []struct {
			Mode     string `json:"mode"`
			Security *struct {
				Extension []extension `json:"extension"`
			} `json:"security"`
		} `json:"rest"`
	}
	if err := json.Unmarshal(body, &cs); err != nil {
		return nil, errors.New("metadata is not valid JSON")
	}
	if cs.ResourceType != "CapabilityStatement" {
		return nil, errors.New("metadata is not a CapabilityStatement")
	}
	cfg := &Configuration{FromMetadata: true}
	for _, r := range cs.Rest {
		if r.Security == nil || (r.Mode != "" && r.Mode != "server") {
			continue
		}
		for _, e := range r.Security.Extension {
			switch extURL(e.URL) {
			case oauthURIsExt:
				for _, s := range e.Extension {
					switch s.URL {
					case "authorize":
						cfg.AuthorizationEndpoint = s.ValueURI
					case "token":
						cfg.TokenEndpoint = s.ValueURI
					}
				}
			case capabilitiesExt:
				if e.ValueCode != "" && !slices.Contains(cfg.Capabilities, e.ValueCode) {
					cfg.Capabilities = append(cfg.Capabilities, e.ValueCode)
				}
			}
		}
	}
	if cfg.TokenEndpoint == "" {
		return nil, errNotFound
	}
	return cfg, nil
}

func (c *Configuration) finish(base string) {
	c.FHIRBase = base
	c.V1Only = !c.speaksV2()
}

func (c *Configuration) has(capability string) bool {
	return slices.Contains(c.Capabilities, capability)
}

// speaksV2 is true with the permission-v2 capability or any ".rs"-style v2 scope advertised.
func (c *Configuration) speaksV2() bool {
	if c.has(CapPermissionV2) {
		return true
	}
	for _, s := range c.ScopesSupported {
		if i := strings.LastIndexByte(s, '.'); i >= 0 && strings.HasPrefix(s, "patient/") {
			suf := s[i+1:]
			if j := strings.IndexByte(suf, '?'); j >= 0 {
				suf = suf[:j]
			}
			if suf != "read" && suf != "write" && suf != "*" && strings.Trim(suf, "cruds") == "" {
				return true
			}
		}
	}
	return false
}

// Scopes are the scopes to request: `launch/patient openid fhirUser offline_access
// patient/*.rs`, or `patient/*.read` instead of `patient/*.rs` for a v1-only server.
func (c *Configuration) Scopes() []string {
	data := "patient/*.rs"
	if c.V1Only {
		data = "patient/*.read"
	}
	return []string{"launch/patient", "openid", "fhirUser", "offline_access", data}
}

// CheckError lists everything a server lacks for CareKeeper's sign-in.
type CheckError struct {
	Missing []string // one sentence each
}

func (e *CheckError) Error() string {
	return "smart: this portal cannot be used: " + strings.Join(e.Missing, "; ")
}

// Check names every missing need: the authorization and token endpoints, https endpoints
// (http only on loopback), the capabilities launch-standalone, client-public and
// context-standalone-patient, and S256 in code_challenge_methods_supported. It returns a
// *CheckError listing them all, or nil. For a configuration from the CapabilityStatement
// fallback, capabilities and PKCE methods that are simply not published are warnings (see
// Warnings), not errors. What is only inconvenient is in Warnings.
func (c *Configuration) Check() error {
	var miss []string
	if c.FHIRBase != "" {
		if err := httpsOrLoopback(c.FHIRBase); err != nil {
			miss = append(miss, "the FHIR address "+err.Error())
		}
	}
	if c.AuthorizationEndpoint == "" {
		miss = append(miss, "no authorization_endpoint")
	} else if err := httpsOrLoopback(c.AuthorizationEndpoint); err != nil {
		miss = append(miss, "the authorization endpoint "+err.Error())
	}
	if c.TokenEndpoint == "" {
		miss = append(miss, "no token_endpoint")
	} else if err := httpsOrLoopback(c.TokenEndpoint); err != nil {
		miss = append(miss, "the token endpoint "+err.Error())
	}
	if !(c.FromMetadata && len(c.Capabilities) == 0) {
		for _, need := range []struct{ cap, why string }{
			{CapLaunchStandalone, "standalone sign-in (launch-standalone)"},
			{CapClientPublic, "public apps without a secret (client-public)"},
			{CapContextStandalonePatient, "choosing the patient at sign-in (context-standalone-patient)"},
		} {
			if !c.has(need.cap) {
				miss = append(miss, "it does not support "+need.why)
			}
		}
	}
	if !(c.FromMetadata && len(c.CodeChallengeMethods) == 0) && !slices.Contains(c.CodeChallengeMethods, "S256") {
		miss = append(miss, "it does not support PKCE with S256 (code_challenge_methods_supported)")
	}
	if len(miss) > 0 {
		return &CheckError{Missing: miss}
	}
	return nil
}

// Warnings lists what is not fatal but worth telling: no permission-offline (no refresh
// tokens, so the person signs in again when access expires), PKCE "plain" offered, a
// configuration from the CapabilityStatement that does not publish capabilities or PKCE
// methods, and v1-only scopes.
func (c *Configuration) Warnings() []string {
	var w []string
	if c.FromMetadata && len(c.Capabilities) == 0 {
		w = append(w, "the portal publishes no SMART capabilities (only a CapabilityStatement); standalone patient sign-in is assumed")
	} else if !c.has(CapPermissionOffline) {
		w = append(w, "the portal does not offer refresh tokens (permission-offline): you will have to sign in again when access expires")
	}
	if c.FromMetadata && len(c.CodeChallengeMethods) == 0 {
		w = append(w, "the portal does not say whether it supports PKCE; S256 is sent anyway")
	}
	if slices.Contains(c.CodeChallengeMethods, "plain") {
		w = append(w, "the portal offers the insecure PKCE method plain (only S256 is used)")
	}
	if c.V1Only {
		w = append(w, "the portal speaks only SMART v1 scopes (patient/*.read)")
	}
	return w
}

func httpsOrLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("is not a valid URL")
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && fhir.IsLoopback(u.Hostname()):
		return nil
	}
	return errors.New("does not use https")
}
