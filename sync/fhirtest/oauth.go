package fhirtest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// authRequest is a validated authorization request.
type authRequest struct {
	clientID, redirectURI, state, challenge string
	scopes                                  []string // granted
}

// grant is one login: every token issued from one authorization code.
type grant struct {
	clientID, patient string
	scopes            []string
	revoked           bool
}

type authCode struct {
	req     *authRequest
	patient string
	expiry  time.Time
	used    bool
	grant   *grant // set once exchanged
}

type accessToken struct {
	grant  *grant
	scopes []string
	expiry time.Time
	uses   int
}

type refreshToken struct {
	grant   *grant
	expiry  time.Time // zero: none
	rotated bool      // replaced by a newer one; presenting it again revokes the grant
}

// randomID is a random FHIR-valid id (hex).
func randomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func randomToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// redirectAllowed reports whether uri matches one of the client's registered redirect URIs.
func (c Client) redirectAllowed(uri string) bool {
	u, err := url.Parse(uri)
	if err != nil || u.Fragment != "" || u.RawFragment != "" || u.User != nil {
		return false
	}
	for _, reg := range c.RedirectURIs {
		if uri == reg {
			return true
		}
		r, err := url.Parse(reg)
		if err != nil || c.ExactPort || !isLoopbackHost(r.Hostname()) {
			continue
		}
		if u.Scheme == r.Scheme && u.Hostname() == r.Hostname() && u.Path == r.Path && u.RawQuery == r.RawQuery {
			if p := u.Port(); p == "" || validPort(p) {
				return true
			}
		}
	}
	return false
}

func isLoopbackHost(h string) bool {
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536
}

// singleValues returns the form's values, failing when one is repeated (RFC 6749 §3.1, §3.2).
func singleValues(v url.Values) (map[string]string, bool) {
	out := map[string]string{}
	for k, vs := range v {
		if len(vs) != 1 {
			return nil, false
		}
		out[k] = vs[0]
	}
	return out, true
}

// grantScopes returns the scopes granted for a request: identity, launch context, offline
// access and read/search permissions at patient level (SMART v2 ".rs" subsets or v1 ".read");
// anything else (user/, system/, writes, query-restricted scopes) is dropped.
func (s *Server) grantScopes(requested string) []string {
	var out []string
	for _, sc := range strings.Fields(requested) {
		switch sc {
		case "openid", "fhirUser", "launch/patient", "online_access":
			out = append(out, sc)
			continue
		case "offline_access":
			if !s.opts.NoRefreshTokens {
				out = append(out, sc)
			}
			continue
		}
		rest, ok := strings.CutPrefix(sc, "patient/")
		if !ok || strings.Contains(rest, "?") {
			continue
		}
		typ, perm, ok := strings.Cut(rest, ".")
		if !ok || (typ != "*" && !validType(typ)) {
			continue
		}
		switch {
		case perm == "read" || perm == "*":
			out = append(out, "patient/"+typ+".read")
		case isV2Perm(perm):
			g := ""
			if strings.Contains(perm, "r") {
				g += "r"
			}
			if strings.Contains(perm, "s") {
				g += "s"
			}
			if g != "" {
				out = append(out, "patient/"+typ+"."+g)
			}
		}
	}
	return out
}

// isV2Perm: a non-empty subsequence of "cruds" in that order.
func isV2Perm(p string) bool {
	if p == "" {
		return false
	}
	i := 0
	for _, c := range p {
		j := strings.IndexRune("cruds"[i:], c)
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return true
}

// allows reports whether scopes permit op ('r' read, 's' search) on typ.
func allows(scopes []string, typ string, op byte) bool {
	for _, sc := range scopes {
		rest, ok := strings.CutPrefix(sc, "patient/")
		if !ok {
			continue
		}
		t, perm, _ := strings.Cut(rest, ".")
		if t != "*" && t != typ {
			continue
		}
		if perm == "read" || strings.IndexByte(perm, op) >= 0 {
			return true
		}
	}
	return false
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		authPage(w, http.StatusMethodNotAllowed, "The authorization endpoint takes GET requests.")
		return
	}
	q := r.URL.Query()
	_, interactive := q["interactive"]
	q.Del("interactive")
	p, ok := singleValues(q)
	if !ok {
		authPage(w, http.StatusBadRequest, "invalid_request: a parameter is repeated")
		return
	}
	// Without a known client and a registered redirect URI there is nowhere safe to send an
	// error: show it (RFC 6749 §4.1.2.1).
	client, ok := s.opts.Clients[p["client_id"]]
	if !ok {
		authPage(w, http.StatusBadRequest, "invalid_request: unknown client_id")
		return
	}
	if p["redirect_uri"] == "" || !client.redirectAllowed(p["redirect_uri"]) {
		authPage(w, http.StatusBadRequest, "invalid_request: redirect_uri missing or not registered for this client")
		return
	}
	redirect := p["redirect_uri"]
	fail := func(code, desc string) { redirectError(w, r, redirect, p["state"], code, desc) }
	switch {
	case p["response_type"] != "code":
		fail("unsupported_response_type", "response_type must be code")
		return
	case p["state"] == "":
		fail("invalid_request", "state is required")
		return
	case p["aud"] == "":
		fail("invalid_request", "aud is required")
		return
	case strings.TrimSuffix(p["aud"], "/") != s.base(r):
		fail("invalid_request", "aud is not this server's FHIR base URL")
		return
	case p["code_challenge_method"] != "S256":
		fail("invalid_request", "code_challenge_method must be S256")
		return
	case !validChallenge(p["code_challenge"]):
		fail("invalid_request", "code_challenge missing or not a base64url SHA-256")
		return
	case p["scope"] == "":
		fail("invalid_scope", "scope is required")
		return
	}
	scopes := s.grantScopes(p["scope"])
	if !slices.Contains(scopes, "launch/patient") {
		fail("invalid_scope", "this server supports only patient standalone launch: request launch/patient")
		return
	}
	if !slices.ContainsFunc(scopes, func(sc string) bool { return strings.HasPrefix(sc, "patient/") }) {
		fail("invalid_scope", "no patient-level read scope requested")
		return
	}
	req := &authRequest{clientID: p["client_id"], redirectURI: redirect, state: p["state"],
		challenge: p["code_challenge"], scopes: scopes}
	if interactive || s.opts.Interactive {
		s.consentPage(w, req)
		return
	}
	s.issueCode(w, r, req, s.Patient())
}

func validChallenge(c string) bool {
	b, err := base64.RawURLEncoding.DecodeString(c)
	return err == nil && len(b) == sha256.Size
}

func (s *Server) issueCode(w http.ResponseWriter, r *http.Request, req *authRequest, patient string) {
	if patient == "" {
		redirectError(w, r, req.redirectURI, req.state, "access_denied", "no patient to log in")
		return
	}
	code := randomToken()
	s.authMu.Lock()
	s.codes[code] = &authCode{req: req, patient: patient, expiry: s.now().Add(s.opts.CodeLifetime)}
	s.authMu.Unlock()
	u, _ := url.Parse(req.redirectURI)
	q := u.Query()
	q.Set("code", code)
	q.Set("state", req.state)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// redirectError sends an RFC 6749 §4.1.2.1 error to the client's redirect URI.
func redirectError(w http.ResponseWriter, r *http.Request, redirect, state, code, desc string) {
	u, _ := url.Parse(redirect)
	q := u.Query()
	q.Set("error", code)
	q.Set("error_description", desc)
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>CareKeeper test portal</title>
<style>body{font-family:sans-serif;max-width:34em;margin:3em auto}button{font-size:1em;margin-right:1em}</style></head>
<body><h1>CareKeeper test portal</h1>
{{if .Message}}<p>{{.Message}}</p>{{else}}
<p>The app <b>{{.Client}}</b> asks to read your health records:</p>
<ul>{{range .Scopes}}<li><code>{{.}}</code></li>{{end}}</ul>
<form method="post" action="/oauth/authorize/decide">
<input type="hidden" name="txn" value="{{.Txn}}">
<fieldset><legend>Sign in as</legend>
{{range .Patients}}<label><input type="radio" name="patient" value="{{.ID}}"{{if .Selected}} checked{{end}}> {{.Name}}</label><br>{{end}}
</fieldset><p>
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button></p></form>{{end}}
</body></html>`))

func authPage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	pageTmpl.Execute(w, map[string]any{"Message": msg})
}

func (s *Server) consentPage(w http.ResponseWriter, req *authRequest) {
	txn := randomToken()
	s.authMu.Lock()
	s.pending[txn] = req
	s.authMu.Unlock()
	type choice struct {
		ID, Name string
		Selected bool
	}
	var choices []choice
	current := s.Patient()
	for _, id := range s.Patients() {
		choices = append(choices, choice{id, s.patientName(id), id == current})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	pageTmpl.Execute(w, map[string]any{"Client": req.clientID, "Scopes": req.scopes, "Txn": txn, "Patients": choices})
}

// patientName is a display name for the consent page (the data is synthetic).
func (s *Server) patientName(id string) string {
	body, ok := s.Get("Patient", id)
	if !ok {
		return id
	}
	var p struct {
		Name []struct {
			Given  []string `json:"given"`
			Family string   `json:"family"`
		} `json:"name"`
		BirthDate string `json:"birthDate"`
	}
	if json.Unmarshal(body, &p) != nil || len(p.Name) == 0 {
		return id
	}
	n := strings.TrimSpace(strings.Join(append(p.Name[0].Given, p.Name[0].Family), " "))
	if p.BirthDate != "" {
		n += " (born " + p.BirthDate + ")"
	}
	return n
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		authPage(w, http.StatusMethodNotAllowed, "Use the form.")
		return
	}
	txn := r.PostFormValue("txn")
	s.authMu.Lock()
	req, ok := s.pending[txn]
	delete(s.pending, txn)
	s.authMu.Unlock()
	if !ok {
		authPage(w, http.StatusBadRequest, "This sign-in page has expired or was already used. Start again from the app.")
		return
	}
	if r.PostFormValue("decision") != "allow" {
		redirectError(w, r, req.redirectURI, req.state, "access_denied", "the user denied access")
		return
	}
	patient := r.PostFormValue("patient")
	if !slices.Contains(s.Patients(), patient) {
		patient = s.Patient()
	}
	s.issueCode(w, r, req, patient)
}

// tokenError writes an RFC 6749 §5.2 error.
func tokenError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="fhirtest"`)
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		tokenError(w, http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
		return
	}
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(ct) != "application/x-www-form-urlencoded" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	p, ok := singleValues(r.PostForm)
	if !ok {
		tokenError(w, http.StatusBadRequest, "invalid_request", "a parameter is repeated")
		return
	}
	if r.Header.Get("Authorization") != "" || p["client_secret"] != "" {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "public clients must not authenticate: send client_id in the body only")
		return
	}
	if _, ok := s.opts.Clients[p["client_id"]]; !ok {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "unknown or missing client_id")
		return
	}
	switch p["grant_type"] {
	case "authorization_code":
		s.exchangeCode(w, p, s.base(r))
	case "refresh_token":
		s.refreshGrant(w, p, s.base(r))
	case "":
		tokenError(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
	default:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "use authorization_code or refresh_token")
	}
}

func (s *Server) exchangeCode(w http.ResponseWriter, p map[string]string, iss string) {
	now := s.now()
	s.authMu.Lock()
	defer s.authMu.Unlock()
	c, ok := s.codes[p["code"]]
	switch {
	case p["code"] == "":
		tokenError(w, http.StatusBadRequest, "invalid_request", "code is required")
		return
	case !ok:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "unknown authorization code")
		return
	case c.used:
		// RFC 6749 §4.1.2: deny, and revoke every token issued from this code.
		if c.grant != nil {
			c.grant.revoked = true
		}
		tokenError(w, http.StatusBadRequest, "invalid_grant", "authorization code already used: the tokens issued from it are revoked")
		return
	}
	c.used = true // any attempt consumes the code
	switch {
	case !now.Before(c.expiry):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "authorization code expired")
	case p["client_id"] != c.req.clientID:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "code was issued to another client")
	case p["redirect_uri"] != c.req.redirectURI:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
	case p["code_verifier"] == "":
		tokenError(w, http.StatusBadRequest, "invalid_request", "code_verifier is required (PKCE)")
	case !validVerifier(p["code_verifier"]):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "code_verifier is malformed")
	case subtle.ConstantTimeCompare([]byte(s256(p["code_verifier"])), []byte(c.req.challenge)) != 1:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match code_challenge")
	default:
		g := &grant{clientID: c.req.clientID, patient: c.patient, scopes: c.req.scopes}
		c.grant = g
		s.issueTokens(w, g, g.scopes, now, iss)
	}
}

func s256(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// validVerifier: RFC 7636 §4.1, 43-128 unreserved characters.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-._~", c)) {
			return false
		}
	}
	return true
}

func (s *Server) refreshGrant(w http.ResponseWriter, p map[string]string, iss string) {
	now := s.now()
	s.authMu.Lock()
	defer s.authMu.Unlock()
	rt, ok := s.refresh[p["refresh_token"]]
	switch {
	case p["refresh_token"] == "":
		tokenError(w, http.StatusBadRequest, "invalid_request", "refresh_token is required")
		return
	case !ok:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "unknown refresh token")
		return
	case rt.grant.revoked:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "the login was revoked: sign in again")
		return
	case rt.rotated:
		// A rotated refresh token presented again: it leaked or the client lost the new one.
		rt.grant.revoked = true
		tokenError(w, http.StatusBadRequest, "invalid_grant", "refresh token was already used: the login is revoked")
		return
	case p["client_id"] != rt.grant.clientID:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "refresh token was issued to another client")
		return
	case !rt.expiry.IsZero() && !now.Before(rt.expiry):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "refresh token expired")
		return
	}
	scopes := rt.grant.scopes
	if p["scope"] != "" {
		scopes = strings.Fields(p["scope"])
		for _, sc := range scopes {
			if !slices.Contains(rt.grant.scopes, sc) {
				tokenError(w, http.StatusBadRequest, "invalid_scope", "a refresh may only narrow the granted scopes")
				return
			}
		}
	}
	rt.rotated = true
	s.issueTokens(w, rt.grant, scopes, now, iss)
}

// issueTokens writes a token response (caller holds authMu).
func (s *Server) issueTokens(w http.ResponseWriter, g *grant, scopes []string, now time.Time, iss string) {
	at := randomToken()
	s.access[at] = &accessToken{grant: g, scopes: scopes, expiry: now.Add(s.opts.AccessTokenLifetime)}
	resp := map[string]any{
		"access_token": at,
		"token_type":   "Bearer",
		"expires_in":   int(s.opts.AccessTokenLifetime / time.Second),
		"scope":        strings.Join(scopes, " "),
		"patient":      g.patient,
	}
	if slices.Contains(g.scopes, "offline_access") && !s.opts.NoRefreshTokens {
		rt := randomToken()
		r := &refreshToken{grant: g}
		if s.opts.RefreshTokenLifetime > 0 {
			r.expiry = now.Add(s.opts.RefreshTokenLifetime)
		}
		s.refresh[rt] = r
		resp["refresh_token"] = rt
	}
	if slices.Contains(scopes, "openid") {
		resp["id_token"] = s.idToken(g, now, iss)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	json.NewEncoder(w).Encode(resp)
}

// checkToken validates a FHIR request's bearer token; it returns the token, or writes a 401
// and returns nil.
func (s *Server) checkToken(w http.ResponseWriter, r *http.Request) *accessToken {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		s.unauthorized(w, "", "a Bearer access token is required")
		return nil
	}
	now := s.now()
	expireAfter := s.faults().ExpireTokenAfter
	s.authMu.Lock()
	defer s.authMu.Unlock()
	at, ok := s.access[tok]
	switch {
	case !ok:
		s.unauthorized(w, "invalid_token", "unknown access token")
		return nil
	case at.grant.revoked:
		s.unauthorized(w, "invalid_token", "access token revoked")
		return nil
	case !now.Before(at.expiry):
		s.unauthorized(w, "invalid_token", "access token expired")
		return nil
	}
	at.uses++
	if expireAfter > 0 && at.uses > expireAfter {
		s.unauthorized(w, "invalid_token", "access token expired")
		return nil
	}
	cp := *at
	return &cp
}

func (s *Server) unauthorized(w http.ResponseWriter, code, desc string) {
	s.count(func(c *Counts) { c.Unauthorized++ })
	v := `Bearer realm="fhirtest"`
	if code != "" {
		v += `, error="` + code + `", error_description="` + desc + `"`
	}
	w.Header().Set("WWW-Authenticate", v)
	s.outcome(w, http.StatusUnauthorized, "login", desc)
}

// Revoke revokes every token of every login (as if the person revoked the app at the portal).
func (s *Server) Revoke() {
	s.authMu.Lock()
	defer s.authMu.Unlock()
	for _, at := range s.access {
		at.grant.revoked = true
	}
	for _, rt := range s.refresh {
		rt.grant.revoked = true
	}
}

// ---- id_token (RS256, as SMART requires of servers that issue them) ----

var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
)

func signingKey() *rsa.PrivateKey {
	rsaOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		rsaKey = k
	})
	return rsaKey
}

func (s *Server) idToken(g *grant, now time.Time, iss string) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	head := enc(map[string]string{"alg": "RS256", "typ": "JWT", "kid": "1"})
	body := enc(map[string]any{
		"iss": iss, "sub": g.patient, "aud": g.clientID,
		"iat": now.Unix(), "exp": now.Add(s.opts.AccessTokenLifetime).Unix(),
		"fhirUser": iss + "/Patient/" + g.patient,
	})
	sum := sha256.Sum256([]byte(head + "." + body))
	sig, err := rsa.SignPKCS1v15(rand.Reader, signingKey(), crypto.SHA256, sum[:])
	if err != nil {
		return ""
	}
	return head + "." + body + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func (s *Server) jwks(w http.ResponseWriter, _ *http.Request) {
	k := signingKey().PublicKey
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"keys": []any{map[string]string{
		"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "1",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
	}}})
}
