package fhirtest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestDiscovery(t *testing.T) {
	e := start(t, Options{})
	r := e.get("", ".well-known/smart-configuration", "Accept", "text/html")
	mustStatus(t, r, 200)
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	for _, f := range []string{"authorization_endpoint", "token_endpoint", "issuer", "jwks_uri"} {
		if s, _ := r.json[f].(string); !strings.HasPrefix(s, "http://127.0.0.1:") {
			t.Errorf("%s = %v", f, r.json[f])
		}
	}
	has := func(field string, want ...string) {
		t.Helper()
		var got []string
		for _, x := range r.json[field].([]any) {
			got = append(got, x.(string))
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s lacks %s: %v", field, w, got)
			}
		}
	}
	has("capabilities", "launch-standalone", "client-public", "context-standalone-patient", "permission-offline", "permission-v2", "permission-patient")
	has("code_challenge_methods_supported", "S256")
	has("grant_types_supported", "authorization_code", "refresh_token")
	has("scopes_supported", "launch/patient", "offline_access", "patient/*.rs", "openid", "fhirUser")
	if got := r.json["code_challenge_methods_supported"].([]any); len(got) != 1 {
		t.Errorf("code challenge methods %v: S256 only", got)
	}

	m := e.get("", "metadata")
	mustStatus(t, m, 200)
	if ct := m.header.Get("Content-Type"); ct != "application/fhir+json; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	rest := m.json["rest"].([]any)[0].(map[string]any)
	ext := rest["security"].(map[string]any)["extension"].([]any)[0].(map[string]any)
	if ext["url"] != "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris" {
		t.Errorf("security extension %v", ext["url"])
	}
	uris := map[string]string{}
	for _, x := range ext["extension"].([]any) {
		x := x.(map[string]any)
		uris[x["url"].(string)] = x["valueUri"].(string)
	}
	if uris["authorize"] != r.json["authorization_endpoint"] || uris["token"] != r.json["token_endpoint"] {
		t.Errorf("oauth-uris %v disagree with smart-configuration", uris)
	}
	params := map[string][]string{}
	for _, res := range rest["resource"].([]any) {
		res := res.(map[string]any)
		for _, p := range res["searchParam"].([]any) {
			params[res["type"].(string)] = append(params[res["type"].(string)], p.(map[string]any)["name"].(string))
		}
	}
	for typ, want := range map[string][]string{
		"Observation":       {"patient", "subject", "_id", "_lastUpdated", "_count", "_sort"},
		"Immunization":      {"patient", "_lastUpdated", "_count"},
		"Patient":           {"_id", "_lastUpdated"},
		"MedicationRequest": {"patient", "subject"},
		"Practitioner":      {"_id"},
	} {
		for _, p := range want {
			if !slices.Contains(params[typ], p) {
				t.Errorf("%s search params %v lack %s", typ, params[typ], p)
			}
		}
	}
	if slices.Contains(params["Practitioner"], "patient") || slices.Contains(params["Immunization"], "subject") {
		t.Errorf("params not in R4 advertised: %v %v", params["Practitioner"], params["Immunization"])
	}

	// Without refresh tokens, _lastUpdated or _sort, discovery says so.
	e2 := start(t, Options{NoRefreshTokens: true, NoLastUpdated: true, NoSort: true})
	r2 := e2.get("", ".well-known/smart-configuration")
	if strings.Contains(string(r2.body), "offline") || strings.Contains(string(r2.body), "refresh_token") {
		t.Errorf("offline access advertised: %s", r2.body)
	}
	m2 := e2.get("", "metadata")
	if strings.Contains(string(m2.body), "_lastUpdated") || strings.Contains(string(m2.body), `"_sort"`) {
		t.Error("_lastUpdated or _sort advertised though disabled")
	}
}

func TestAuthorizeErrors(t *testing.T) {
	e := start(t, Options{Clients: map[string]Client{
		DefaultClientID: {RedirectURIs: []string{DefaultRedirectURI}},
		"fixed":         {RedirectURIs: []string{"http://127.0.0.1:7777/cb"}, ExactPort: true},
	}})
	challenge := oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())
	good := func() url.Values {
		return url.Values{
			"response_type": {"code"}, "client_id": {DefaultClientID},
			"redirect_uri": {"http://127.0.0.1:40000/callback"}, "scope": {"launch/patient patient/*.rs"},
			"state": {"abcdefghijklmnopqrstuvwxyz"}, "aud": {e.base},
			"code_challenge": {challenge}, "code_challenge_method": {"S256"},
		}
	}
	tests := []struct {
		name   string
		edit   func(url.Values)
		status int    // 400: error page, no redirect
		err    string // the error in the redirect ("" = success)
	}{
		{"ok", func(url.Values) {}, 302, ""},
		{"ok any loopback port", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:1/callback") }, 302, ""},
		{"ipv6 loopback not registered", func(v url.Values) { v.Set("redirect_uri", "http://[::1]:5000/callback") }, 400, ""},
		{"unknown client", func(v url.Values) { v.Set("client_id", "nope") }, 400, ""},
		{"missing client", func(v url.Values) { v.Del("client_id") }, 400, ""},
		{"missing redirect", func(v url.Values) { v.Del("redirect_uri") }, 400, ""},
		{"localhost redirect", func(v url.Values) { v.Set("redirect_uri", "http://localhost:40000/callback") }, 400, ""},
		{"other path", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:40000/other") }, 400, ""},
		{"https loopback", func(v url.Values) { v.Set("redirect_uri", "https://127.0.0.1:40000/callback") }, 400, ""},
		{"fragment", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:40000/callback#x") }, 400, ""},
		{"exact port ok", func(v url.Values) { v.Set("client_id", "fixed"); v.Set("redirect_uri", "http://127.0.0.1:7777/cb") }, 302, ""},
		{"exact port other", func(v url.Values) { v.Set("client_id", "fixed"); v.Set("redirect_uri", "http://127.0.0.1:7778/cb") }, 400, ""},
		{"repeated param", func(v url.Values) { v.Add("scope", "openid") }, 400, ""},
		{"token flow", func(v url.Values) { v.Set("response_type", "token") }, 302, "unsupported_response_type"},
		{"no state", func(v url.Values) { v.Del("state") }, 302, "invalid_request"},
		{"no aud", func(v url.Values) { v.Del("aud") }, 302, "invalid_request"},
		{"wrong aud", func(v url.Values) { v.Set("aud", "https://elsewhere.example/fhir") }, 302, "invalid_request"},
		{"aud trailing slash", func(v url.Values) { v.Set("aud", e.base+"/") }, 302, ""},
		{"plain pkce", func(v url.Values) { v.Set("code_challenge_method", "plain") }, 302, "invalid_request"},
		{"no pkce method", func(v url.Values) { v.Del("code_challenge_method") }, 302, "invalid_request"},
		{"no challenge", func(v url.Values) { v.Del("code_challenge") }, 302, "invalid_request"},
		{"short challenge", func(v url.Values) { v.Set("code_challenge", "abc") }, 302, "invalid_request"},
		{"no scope", func(v url.Values) { v.Del("scope") }, 302, "invalid_scope"},
		{"no launch/patient", func(v url.Values) { v.Set("scope", "patient/*.rs openid") }, 302, "invalid_scope"},
		{"write only", func(v url.Values) { v.Set("scope", "launch/patient patient/*.cu") }, 302, "invalid_scope"},
		{"v1 read", func(v url.Values) { v.Set("scope", "launch/patient patient/*.read") }, 302, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := good()
			tt.edit(v)
			resp, err := noRedirect.Get(e.origin() + "/oauth/authorize?" + v.Encode())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 302 {
				if resp.Header.Get("Location") != "" {
					t.Fatal("an error about the client or redirect URI must not redirect")
				}
				return
			}
			loc, _ := url.Parse(resp.Header.Get("Location"))
			q := loc.Query()
			if q.Get("error") != tt.err {
				t.Fatalf("error %q (%s), want %q", q.Get("error"), q.Get("error_description"), tt.err)
			}
			if tt.err == "" && q.Get("code") == "" {
				t.Fatal("no code")
			}
			if st := v.Get("state"); q.Get("state") != st {
				t.Errorf("state %q, want %q", q.Get("state"), st)
			}
			if loc.Host != mustURL(t, v.Get("redirect_uri")).Host {
				t.Errorf("redirected to %s", loc.Host)
			}
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLoginAndToken(t *testing.T) {
	e := start(t, Options{Patient: small1ID})
	tok := e.login()
	if tok.Type() != "Bearer" || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token %+v", tok)
	}
	if tok.Extra("patient") != small1ID {
		t.Errorf("patient %v", tok.Extra("patient"))
	}
	if got := tok.Extra("scope"); got != "launch/patient openid fhirUser offline_access patient/*.rs" {
		t.Errorf("scope %q", got)
	}
	if tok.Extra("expires_in") != 3600.0 {
		t.Errorf("expires_in %v", tok.Extra("expires_in"))
	}
	idt, _ := tok.Extra("id_token").(string)
	parts := strings.Split(idt, ".")
	if len(parts) != 3 {
		t.Fatalf("id_token %q", idt)
	}
	claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var c map[string]any
	json.Unmarshal(claims, &c)
	if c["fhirUser"] != e.base+"/Patient/"+small1ID || c["aud"] != DefaultClientID || c["iss"] != e.base {
		t.Errorf("id_token claims %v", c)
	}
	r := e.get(tok.AccessToken, "Patient/"+small1ID)
	mustStatus(t, r, 200)
	if r.json["id"] != small1ID || r.header.Get("ETag") != `W/"1"` {
		t.Errorf("read %v %v", r.json["id"], r.header.Get("ETag"))
	}
	// The Date header comes from the server's clock.
	if d := r.header.Get("Date"); d != e.clock.Now().UTC().Format(http.TimeFormat) {
		t.Errorf("Date %q", d)
	}
	if c := e.srv.Counts(); c.Authorize != 1 || c.Token != 1 || c.Read != 1 {
		t.Errorf("counts %+v", c)
	}

	// Without offline_access there is no refresh token; v1 scopes are granted as v1.
	cfg := e.config("launch/patient", "patient/Observation.read", "patient/Condition.rs", "user/*.rs", "patient/*.cud")
	code, verifier := e.code(cfg)
	tok2, err := cfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tok2.RefreshToken != "" || tok2.Extra("id_token") != nil {
		t.Errorf("refresh/id token without offline_access/openid: %+v", tok2)
	}
	if got := tok2.Extra("scope"); got != "launch/patient patient/Observation.read patient/Condition.rs" {
		t.Errorf("granted %q", got)
	}
	mustStatus(t, e.get(tok2.AccessToken, "Observation?patient="+small1ID), 200)
	mustStatus(t, e.get(tok2.AccessToken, "Condition?patient="+small1ID), 200)
	r = e.get(tok2.AccessToken, "Patient/"+small1ID)
	mustStatus(t, r, 403)
	if !strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_scope") {
		t.Errorf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
	}
}

func TestPKCE(t *testing.T) {
	e := start(t, Options{})
	cfg := e.config()
	for _, tt := range []struct {
		name     string
		verifier func(good string) []oauth2.AuthCodeOption
		want     string
	}{
		{"wrong verifier", func(string) []oauth2.AuthCodeOption {
			return []oauth2.AuthCodeOption{oauth2.VerifierOption(oauth2.GenerateVerifier())}
		}, "invalid_grant"},
		{"missing verifier", func(string) []oauth2.AuthCodeOption { return nil }, "invalid_request"},
		{"short verifier", func(string) []oauth2.AuthCodeOption {
			return []oauth2.AuthCodeOption{oauth2.VerifierOption("abc")}
		}, "invalid_grant"},
		{"challenge as verifier", func(good string) []oauth2.AuthCodeOption {
			return []oauth2.AuthCodeOption{oauth2.VerifierOption(oauth2.S256ChallengeFromVerifier(good))}
		}, "invalid_grant"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, verifier := e.code(cfg)
			_, err := cfg.Exchange(t.Context(), code, tt.verifier(verifier)...)
			if got := retrieveError(t, err); got != tt.want {
				t.Fatalf("error %q, want %q", got, tt.want)
			}
			// A failed attempt consumes the code.
			_, err = cfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
			if got := retrieveError(t, err); got != "invalid_grant" {
				t.Fatalf("retry after failure: %q", got)
			}
		})
	}
}

func TestCodeReplayRevokes(t *testing.T) {
	e := start(t, Options{})
	cfg := e.config()
	code, verifier := e.code(cfg)
	tok, err := cfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	mustStatus(t, e.get(tok.AccessToken, "Patient/"+bigID), 200)
	_, err = cfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Fatalf("replay: %q", got)
	}
	r := e.get(tok.AccessToken, "Patient/"+bigID)
	mustStatus(t, r, 401)
	if !strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) || r.issue() != "login" {
		t.Errorf("401 without invalid_token / OperationOutcome: %q %s", r.header.Get("WWW-Authenticate"), r.body)
	}
	_, err = cfg.TokenSource(t.Context(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Fatalf("refresh after replay: %q", got)
	}
	// Other logins are untouched.
	mustStatus(t, e.get(e.login().AccessToken, "Patient/"+bigID), 200)
}

func TestCodeRules(t *testing.T) {
	e := start(t, Options{})
	cfg := e.config()

	code, verifier := e.code(cfg)
	e.clock.Add(61 * time.Second)
	_, err := cfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Errorf("expired code: %q", got)
	}

	code, verifier = e.code(cfg)
	other := *cfg
	other.RedirectURL = "http://127.0.0.1:54322/callback"
	_, err = other.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Errorf("other redirect_uri: %q", got)
	}

	_, err = cfg.Exchange(t.Context(), "made-up", oauth2.VerifierOption(verifier))
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Errorf("unknown code: %q", got)
	}
}

func TestTokenEndpointStrict(t *testing.T) {
	e := start(t, Options{})
	tokenURL := e.origin() + "/oauth/token"
	post := func(form url.Values, hdr ...string) (int, map[string]any, http.Header) {
		req, _ := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m, resp.Header
	}
	cfg := e.config()
	code, verifier := e.code(cfg)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
		"redirect_uri": {cfg.RedirectURL}, "client_id": {DefaultClientID}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range form {
			f[kk] = vv
		}
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	for _, tt := range []struct {
		name   string
		form   url.Values
		hdr    []string
		status int
		err    string
	}{
		{"basic auth", form, []string{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(DefaultClientID+":"))}, 401, "invalid_client"},
		{"client secret", with("client_secret", "s3cret"), nil, 401, "invalid_client"},
		{"no client id", with("client_id", ""), nil, 401, "invalid_client"},
		{"unknown client", with("client_id", "other"), nil, 401, "invalid_client"},
		{"json body", form, []string{"Content-Type", "application/json"}, 400, "invalid_request"},
		{"no grant type", with("grant_type", ""), nil, 400, "invalid_request"},
		{"password grant", with("grant_type", "password"), nil, 400, "unsupported_grant_type"},
		{"client credentials", with("grant_type", "client_credentials"), nil, 400, "unsupported_grant_type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, m, h := post(tt.form, tt.hdr...)
			if status != tt.status || m["error"] != tt.err {
				t.Fatalf("%d %v, want %d %s", status, m, tt.status, tt.err)
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Error("no Cache-Control: no-store")
			}
			if status == 401 && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	// None of that consumed the code.
	status, m, _ := post(form)
	if status != 200 || m["access_token"] == nil {
		t.Fatalf("exchange: %d %v", status, m)
	}
	// GET is refused.
	resp, err := http.Get(tokenURL + "?" + form.Encode())
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("GET token: %d", resp.StatusCode)
	}
	// x/oauth2 with the header style fails against a strict server.
	hdrCfg := e.config()
	hdrCfg.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
	code, verifier = e.code(hdrCfg)
	_, err = hdrCfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	if got := retrieveError(t, err); got != "invalid_client" {
		t.Errorf("header auth style: %q", got)
	}
}

func TestRefreshRotation(t *testing.T) {
	e := start(t, Options{})
	cfg := e.config()
	tok := e.login()
	refresh := func(rt string) (*oauth2.Token, error) {
		return cfg.TokenSource(t.Context(), &oauth2.Token{RefreshToken: rt}).Token()
	}
	t2, err := refresh(tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if t2.RefreshToken == "" || t2.RefreshToken == tok.RefreshToken || t2.AccessToken == tok.AccessToken {
		t.Fatal("refresh did not rotate")
	}
	if t2.Extra("patient") != bigID {
		t.Errorf("patient after refresh %v", t2.Extra("patient"))
	}
	t3, err := refresh(t2.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	mustStatus(t, e.get(t3.AccessToken, "Patient/"+bigID), 200)
	mustStatus(t, e.get(tok.AccessToken, "Patient/"+bigID), 200) // older access tokens live until expiry

	// Reusing a rotated refresh token revokes the whole login.
	_, err = refresh(tok.RefreshToken)
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Fatalf("reuse: %q", got)
	}
	mustStatus(t, e.get(t3.AccessToken, "Patient/"+bigID), 401)
	_, err = refresh(t3.RefreshToken)
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Fatalf("newest refresh token after reuse: %q", got)
	}

	// A refresh may narrow the scopes, not widen them (x/oauth2 sends no scope on refresh).
	tok = e.login()
	post := func(rt, scope string) map[string]any {
		resp, err := http.PostForm(e.origin()+"/oauth/token", url.Values{"grant_type": {"refresh_token"},
			"refresh_token": {rt}, "client_id": {DefaultClientID}, "scope": {scope}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return m
	}
	m := post(tok.RefreshToken, "patient/*.rs")
	if m["scope"] != "patient/*.rs" || m["refresh_token"] == nil {
		t.Errorf("narrowed: %v", m)
	}
	if m := post(m["refresh_token"].(string), "patient/*.cruds"); m["error"] != "invalid_scope" {
		t.Errorf("widened: %v", m)
	}
}

func TestTokenExpiry(t *testing.T) {
	e := start(t, Options{AccessTokenLifetime: 5 * time.Minute, RefreshTokenLifetime: 24 * time.Hour})
	tok := e.login()
	mustStatus(t, e.get(tok.AccessToken, "Patient/"+bigID), 200)
	e.clock.Add(5 * time.Minute)
	r := e.get(tok.AccessToken, "Patient/"+bigID)
	mustStatus(t, r, 401)
	if !strings.Contains(r.header.Get("WWW-Authenticate"), "expired") {
		t.Errorf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
	}
	cfg := e.config()
	t2, err := cfg.TokenSource(t.Context(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	mustStatus(t, e.get(t2.AccessToken, "Patient/"+bigID), 200)
	e.clock.Add(25 * time.Hour)
	_, err = cfg.TokenSource(t.Context(), &oauth2.Token{RefreshToken: t2.RefreshToken}).Token()
	if got := retrieveError(t, err); got != "invalid_grant" {
		t.Errorf("expired refresh token: %q", got)
	}

	// No token, a made-up token, a token in the query string: 401.
	for _, tt := range []struct{ token, path string }{
		{"", "Patient/" + bigID},
		{"made-up", "Patient/" + bigID},
		{"", "Patient/" + bigID + "?access_token=" + t2.AccessToken},
	} {
		r := e.get(tt.token, tt.path)
		mustStatus(t, r, 401)
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") || r.issue() == "" {
			t.Errorf("401 %q %s", r.header.Get("WWW-Authenticate"), r.body)
		}
	}
	e.srv.Revoke()
	mustStatus(t, e.get(t2.AccessToken, "metadata"), 200) // metadata needs no token
	mustStatus(t, e.get(t2.AccessToken, "Patient/"+bigID), 401)
}

func TestInteractive(t *testing.T) {
	e := start(t, Options{})
	cfg := e.config()
	verifier := oauth2.GenerateVerifier()
	u := cfg.AuthCodeURL("state-xyz-0123456789abcdef", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("aud", e.base)) + "&interactive"
	resp, err := noRedirect.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `name="txn"`) || !strings.Contains(string(page), small1ID) {
		t.Fatalf("consent page %d: %s", resp.StatusCode, page)
	}
	txn := between(string(page), `name="txn" value="`, `"`)
	decide := func(form url.Values) *http.Response {
		resp, err := noRedirect.PostForm(e.origin()+"/oauth/authorize/decide", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp = decide(url.Values{"txn": {txn}, "patient": {small1ID}, "decision": {"allow"}})
	loc := mustURL(t, resp.Header.Get("Location")).Query()
	tok, err := cfg.Exchange(t.Context(), loc.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Extra("patient") != small1ID {
		t.Errorf("chosen patient not logged in: %v", tok.Extra("patient"))
	}
	if resp := decide(url.Values{"txn": {txn}, "decision": {"allow"}}); resp.StatusCode != 400 {
		t.Errorf("consent reused: %d", resp.StatusCode)
	}
	// Deny.
	resp, _ = noRedirect.Get(u)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	resp = decide(url.Values{"txn": {between(string(page), `name="txn" value="`, `"`)}, "decision": {"deny"}})
	if q := mustURL(t, resp.Header.Get("Location")).Query(); q.Get("error") != "access_denied" || q.Get("state") != "state-xyz-0123456789abcdef" {
		t.Errorf("deny: %v", q)
	}
}

func between(s, a, b string) string {
	_, s, _ = strings.Cut(s, a)
	s, _, _ = strings.Cut(s, b)
	return s
}
