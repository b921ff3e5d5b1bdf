package smart

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"carekeeper/internal/testutil"
)

// authServer is a strict fake SMART authorization server and FHIR base on loopback.
type authServer struct {
	t   *testing.T
	srv *httptest.Server

	mu          sync.Mutex
	tokenPosts  []url.Values
	tokenAuthz  []string // Authorization headers of token requests
	challenges  map[string]string
	wellKnown   func(w http.ResponseWriter) // nil = the full configuration
	tokenStatus int                         // 0 = 200
	tokenBody   string                      // "" = a good token
	authorize   func(q url.Values) url.Values
}

func newAuthServer(t *testing.T) *authServer {
	a := &authServer{t: t, challenges: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/fhir/.well-known/smart-configuration", a.serveWellKnown)
	mux.HandleFunc("/fhir/metadata", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fhir+json")
		fmt.Fprintf(w, `{"resourceType":"CapabilityStatement","rest":[{"mode":"server","security":{"extension":[
		 {"url":"http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris","extension":[
		  {"url":"authorize","valueUri":"%[1]s/authorize"},{"url":"token","valueUri":"%[1]s/token"}]},
		 {"url":"http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities","valueCode":"launch-standalone"}]}}]}`, a.srv.URL)
	})
	mux.HandleFunc("/authorize", a.serveAuthorize)
	mux.HandleFunc("/token", a.serveToken)
	a.srv = httptest.NewServer(mux)
	t.Cleanup(a.srv.Close)
	return a
}

func (a *authServer) base() string { return a.srv.URL + "/fhir" }

func (a *authServer) config() *Configuration {
	return &Configuration{
		FHIRBase:              a.base(),
		AuthorizationEndpoint: a.srv.URL + "/authorize",
		TokenEndpoint:         a.srv.URL + "/token",
		Capabilities:          []string{CapLaunchStandalone, CapClientPublic, CapContextStandalonePatient, CapPermissionOffline, CapPermissionV2},
		CodeChallengeMethods:  []string{"S256"},
	}
}

func (a *authServer) serveWellKnown(w http.ResponseWriter, r *http.Request) {
	if a.wellKnown != nil {
		a.wellKnown(w)
		return
	}
	if r.Header.Get("Accept") != "application/json" {
		a.t.Errorf("discovery Accept = %q", r.Header.Get("Accept"))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"issuer":                           a.srv.URL,
		"authorization_endpoint":           a.srv.URL + "/authorize",
		"token_endpoint":                   a.srv.URL + "/token",
		"capabilities":                     []string{"launch-standalone", "client-public", "context-standalone-patient", "permission-offline", "permission-v2", "permission-patient"},
		"code_challenge_methods_supported": []string{"S256"},
		"scopes_supported":                 []string{"launch/patient", "openid", "fhirUser", "offline_access", "patient/*.rs"},
		"grant_types_supported":            []string{"authorization_code", "refresh_token"},
	})
}

// serveAuthorize checks the authorization request and redirects to the loopback listener.
func (a *authServer) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" {
		http.Error(w, "bad redirect_uri", 400)
		return
	}
	for k, want := range map[string]string{"response_type": "code", "client_id": "ck-app", "code_challenge_method": "S256", "aud": a.base()} {
		if q.Get(k) != want {
			a.t.Errorf("authorize %s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(q.Get("state")) < 22 || len(q.Get("code_challenge")) != 43 {
		a.t.Errorf("state %q / challenge %q too short", q.Get("state"), q.Get("code_challenge"))
	}
	out := url.Values{"code": {"code-" + q.Get("state")[:8]}, "state": {q.Get("state")}}
	if a.authorize != nil {
		out = a.authorize(q)
	}
	a.mu.Lock()
	a.challenges[out.Get("code")] = q.Get("code_challenge")
	a.mu.Unlock()
	redirect.RawQuery = out.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (a *authServer) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	r.ParseForm()
	a.mu.Lock()
	a.tokenPosts = append(a.tokenPosts, r.PostForm)
	a.tokenAuthz = append(a.tokenAuthz, r.Header.Get("Authorization"))
	challenge := a.challenges[r.PostForm.Get("code")]
	status, body := a.tokenStatus, a.tokenBody
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if status == -1 { // drop the connection after reading the request
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
		return
	}
	if status != 0 && status != 200 {
		w.WriteHeader(status)
		io.WriteString(w, body)
		return
	}
	if r.PostForm.Get("grant_type") == "authorization_code" {
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != challenge {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":"invalid_grant","error_description":"PKCE verifier does not match"}`)
			return
		}
	}
	if body == "" {
		body = `{"access_token":"AT-secret","token_type":"bearer","expires_in":3600,"refresh_token":"RT-secret-2","scope":"launch/patient openid fhirUser offline_access patient/*.rs","patient":"pat-123","id_token":"h.e.s"}`
	}
	io.WriteString(w, body)
}

func (a *authServer) posts() []url.Values {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]url.Values(nil), a.tokenPosts...)
}

// browser follows the authorization URL to the loopback listener, as a system browser would.
func browser(t *testing.T, authorizeURL string) (int, string) {
	t.Helper()
	resp, err := http.Get(authorizeURL)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDiscoverWellKnown(t *testing.T) {
	a := newAuthServer(t)
	cfg, err := Discover(context.Background(), nil, a.base()+"/")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.FHIRBase != a.base() || cfg.TokenEndpoint != a.srv.URL+"/token" || cfg.FromMetadata || cfg.V1Only {
		t.Fatalf("%+v", cfg)
	}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	if w := cfg.Warnings(); len(w) != 0 {
		t.Fatalf("warnings %q", w)
	}
	if got := strings.Join(cfg.Scopes(), " "); got != "launch/patient openid fhirUser offline_access patient/*.rs" {
		t.Fatalf("scopes %q", got)
	}
}

func TestDiscoverMetadataFallback(t *testing.T) {
	for _, wk := range []func(http.ResponseWriter){
		func(w http.ResponseWriter) { http.NotFound(w, nil) },
		func(w http.ResponseWriter) { w.Write([]byte(`<html>portal home</html>`)) },
		func(w http.ResponseWriter) { w.Write([]byte(`{}`)) },
	} {
		a := newAuthServer(t)
		a.wellKnown = wk
		cfg, err := Discover(context.Background(), nil, a.base())
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.FromMetadata || cfg.AuthorizationEndpoint != a.srv.URL+"/authorize" || cfg.TokenEndpoint != a.srv.URL+"/token" || !cfg.V1Only {
			t.Fatalf("%+v", cfg)
		}
		// Published capabilities are checked even from metadata: this one lists only
		// launch-standalone.
		err = cfg.Check()
		var ce *CheckError
		if !errors.As(err, &ce) || len(ce.Missing) != 2 || !strings.Contains(err.Error(), "client-public") || !strings.Contains(err.Error(), "context-standalone-patient") {
			t.Fatalf("Check = %v", err)
		}
		if got := cfg.Scopes()[4]; got != "patient/*.read" {
			t.Fatalf("v1 scope %q", got)
		}
	}
}

func TestDiscoverNotSMART(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := Discover(context.Background(), nil, srv.URL+"/fhir"); !errors.Is(err, ErrNotSMART) {
		t.Fatalf("err = %v", err)
	}
	if _, err := Discover(context.Background(), nil, "http://fhir.example.org/r4"); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("http base: err = %v", err)
	}
}

// The HL7 IG's examples (CC-BY-4.0), read in place.
func TestIGExamples(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "vendor", "smart-app-launch-ig")
	body, err := os.ReadFile(filepath.Join(dir, "smart-configuration.example.json"))
	if err != nil {
		testutil.SkipOrFailInCI(t, "the SMART IG's example is not in the fixtures: %v", err)
	}
	cfg, err := parseWellKnown(body)
	if err != nil {
		t.Fatal(err)
	}
	cfg.finish("https://ehr.example.com/fhir")
	err = cfg.Check()
	var ce *CheckError
	if !errors.As(err, &ce) {
		t.Fatalf("Check = %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"launch-standalone", "context-standalone-patient"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	for _, not := range []string{"client-public", "S256", "https"} {
		if strings.Contains(msg, not) {
			t.Errorf("%q mentions %q", msg, not)
		}
	}
	if w := strings.Join(cfg.Warnings(), "; "); !strings.Contains(w, "permission-offline") {
		t.Errorf("warnings %q", w)
	}
	if cfg.V1Only {
		t.Error("IG example is v2")
	}

	body, err = os.ReadFile(filepath.Join(dir, "CapabilityStatement-smart-app-launch-example.json"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err = parseCapabilityStatement(body)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AuthorizationEndpoint != "https://my-server.org/authorize" || cfg.TokenEndpoint != "https://my-server.org/token" {
		t.Fatalf("%+v", cfg)
	}
}

func TestCheck(t *testing.T) {
	good := func() *Configuration {
		return &Configuration{
			FHIRBase:              "https://fhir.example.org/r4",
			AuthorizationEndpoint: "https://auth.example.org/authorize",
			TokenEndpoint:         "https://auth.example.org/token",
			Capabilities:          []string{CapLaunchStandalone, CapClientPublic, CapContextStandalonePatient, CapPermissionOffline, CapPermissionV2},
			CodeChallengeMethods:  []string{"S256"},
		}
	}
	tests := []struct {
		name   string
		edit   func(*Configuration)
		want   []string // substrings of the error, nil = ok
		warnIn string
	}{
		{"ok", func(*Configuration) {}, nil, ""},
		{"loopback http ok", func(c *Configuration) {
			c.FHIRBase, c.AuthorizationEndpoint, c.TokenEndpoint = "http://127.0.0.1:9/fhir", "http://[::1]:9/a", "http://localhost:9/t"
		}, nil, ""},
		{"http endpoints", func(c *Configuration) {
			c.TokenEndpoint = "http://auth.example.org/token"
			c.AuthorizationEndpoint = "http://auth.example.org/a"
		},
			[]string{"token endpoint does not use https", "authorization endpoint does not use https"}, ""},
		{"nothing", func(c *Configuration) {
			c.Capabilities, c.CodeChallengeMethods, c.AuthorizationEndpoint = nil, []string{"plain"}, ""
		}, []string{"no authorization_endpoint", "launch-standalone", "client-public", "context-standalone-patient", "S256"}, "plain"},
		{"no offline", func(c *Configuration) { c.Capabilities = c.Capabilities[:3] }, nil, "permission-offline"},
		{"metadata without caps", func(c *Configuration) { c.FromMetadata, c.Capabilities, c.CodeChallengeMethods = true, nil, nil }, nil, "PKCE"},
	}
	for _, tt := range tests {
		c := good()
		tt.edit(c)
		err := c.Check()
		if tt.want == nil && err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v lacks %q", tt.name, err, w)
			}
		}
		if tt.warnIn != "" && !strings.Contains(strings.Join(c.Warnings(), "; "), tt.warnIn) {
			t.Errorf("%s: warnings %q lack %q", tt.name, c.Warnings(), tt.warnIn)
		}
	}
}

func TestScopes(t *testing.T) {
	for _, tt := range []struct {
		caps, scopes []string
		v1           bool
	}{
		{[]string{CapPermissionV2}, nil, false},
		{nil, []string{"patient/Observation.rs"}, false},
		{nil, []string{"patient/*.cruds"}, false},
		{[]string{CapPermissionV1}, []string{"patient/*.read"}, true},
		{nil, nil, true},
	} {
		c := &Configuration{Capabilities: tt.caps, ScopesSupported: tt.scopes}
		c.finish("https://x")
		if c.V1Only != tt.v1 {
			t.Errorf("%v %v: V1Only = %v", tt.caps, tt.scopes, c.V1Only)
		}
	}
}

func TestLoginEndToEnd(t *testing.T) {
	a := newAuthServer(t)
	cfg, err := Discover(context.Background(), nil, a.base())
	if err != nil {
		t.Fatal(err)
	}
	l, err := Begin(context.Background(), nil, cfg, "ck-app", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	u, _ := url.Parse(l.AuthorizeURL)
	q := u.Query()
	if q.Get("redirect_uri") != l.RedirectURI || !strings.HasPrefix(l.RedirectURI, "http://127.0.0.1:") || strings.HasSuffix(l.RedirectURI, ":0/callback") {
		t.Fatalf("redirect %q / %q", q.Get("redirect_uri"), l.RedirectURI)
	}
	if q.Get("scope") != "launch/patient openid fhirUser offline_access patient/*.rs" || q.Get("aud") != a.base() || q.Get("code_challenge_method") != "S256" {
		t.Fatalf("authorize query %v", q)
	}
	st, _ := base64.RawURLEncoding.DecodeString(q.Get("state"))
	if len(st)*8 < 128 {
		t.Fatalf("state has %d bits", len(st)*8)
	}
	// Other paths are 404 and do not consume the one shot.
	cb, _ := url.Parse(l.RedirectURI)
	if resp, err := http.Get("http://" + cb.Host + "/favicon.ico"); err != nil || resp.StatusCode != 404 {
		t.Fatalf("favicon: %v %v", resp, err)
	}
	status, page := browser(t, l.AuthorizeURL)
	if status != 200 || !strings.Contains(page, "You can close this tab and return to CareKeeper") {
		t.Fatalf("callback page %d %q", status, page)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tok, err := l.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "AT-secret" || tok.RefreshToken != "RT-secret-2" || tok.Patient != "pat-123" || tok.TokenType != "Bearer" ||
		tok.IDToken != "h.e.s" || !strings.Contains(tok.Scope, "patient/*.rs") || tok.Expiry.IsZero() {
		t.Fatalf("token %+v", tok)
	}
	posts := a.posts()
	if len(posts) != 1 {
		t.Fatalf("%d token requests", len(posts))
	}
	p := posts[0]
	if p.Get("client_id") != "ck-app" || p.Get("grant_type") != "authorization_code" || p.Get("redirect_uri") != l.RedirectURI || p.Get("code_verifier") == "" || p.Get("client_secret") != "" {
		t.Fatalf("token form %v", p)
	}
	if a.tokenAuthz[0] != "" {
		t.Fatalf("token request sent Authorization %q", a.tokenAuthz[0])
	}
	// One shot: the listener is gone.
	if !listenerClosed(l) {
		t.Fatal("the listener is still open after the sign-in")
	}
}

// listenerClosed reports whether l's loopback listener is closed. (Dialling its port to see
// a refusal would reach whoever took the port since: another test, or an outgoing
// connection the kernel gave that port.)
func listenerClosed(l *Login) bool {
	return errors.Is(l.ln.(*net.TCPListener).SetDeadline(time.Time{}), net.ErrClosed)
}

func TestLoginFailures(t *testing.T) {
	tests := []struct {
		name      string
		authorize func(q url.Values) url.Values
		status    int
		body      string
		want      error
		wantPosts int
	}{
		{"state mismatch", func(q url.Values) url.Values {
			return url.Values{"code": {"c1"}, "state": {"forged-state-value-000000000000"}}
		}, 0, "", ErrStateMismatch, 0},
		{"no state", func(q url.Values) url.Values { return url.Values{"code": {"c1"}} }, 0, "", ErrStateMismatch, 0},
		{"access denied", func(q url.Values) url.Values {
			return url.Values{"error": {"access_denied"}, "state": {q.Get("state")}}
		}, 0, "", ErrAccessDenied, 0},
		{"access denied with a description", func(q url.Values) url.Values {
			return url.Values{"error": {"access_denied"}, "error_description": {"The user declined"}, "state": {q.Get("state")}}
		}, 0, "", ErrAccessDenied, 0},
		{"authorization error", func(q url.Values) url.Values {
			return url.Values{"error": {"invalid_scope"}, "error_description": {"offline_access is not offered"}, "state": {q.Get("state")}}
		}, 0, "", nil, 0},
		{"token 500 is not retried", nil, 500, `{"error":"server_error"}`, nil, 1},
		{"token 503 is not retried", nil, 503, `busy`, nil, 1},
		{"dropped connection is not retried", nil, -1, ``, nil, 1},
		{"token invalid_grant", nil, 400, `{"error":"invalid_grant","error_description":"code c-123456 already used"}`, ErrSignInAgain, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAuthServer(t)
			a.authorize, a.tokenStatus, a.tokenBody = tt.authorize, tt.status, tt.body
			l, err := Begin(context.Background(), nil, a.config(), "ck-app", 0)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			browser(t, l.AuthorizeURL)
			_, err = l.Wait(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if n := len(a.posts()); n != tt.wantPosts {
				t.Fatalf("%d token requests, want %d", n, tt.wantPosts)
			}
			// An error on the authorization redirect is reported as what it is, with its
			// description: not as a token request.
			var ae *AuthorizationError
			if redirected := tt.authorize != nil && tt.want != ErrStateMismatch; redirected != errors.As(err, &ae) ||
				redirected && (strings.Contains(err.Error(), "token") || !strings.Contains(err.Error(), ae.Code)) {
				t.Errorf("err = %v (%T)", err, err)
			}
			if ae != nil && ae.Description != "" && !strings.Contains(err.Error(), ae.Description) {
				t.Errorf("err = %v: the portal's description is missing", err)
			}
			for _, secret := range []string{"c-123456", "code=", a.srv.URL, "forged"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains %q", err, secret)
				}
			}
		})
	}
}

func TestRetryingClientRefused(t *testing.T) {
	a := newAuthServer(t)
	rc := retryablehttp.NewClient()
	if _, err := Begin(context.Background(), rc.StandardClient(), a.config(), "ck-app", 0); !errors.Is(err, ErrRetryingClient) {
		t.Fatalf("Begin: %v", err)
	}
	if _, err := Refresh(context.Background(), rc.StandardClient(), a.config(), "ck-app", "RT"); !errors.Is(err, ErrRetryingClient) {
		t.Fatalf("Refresh: %v", err)
	}
	if len(a.posts()) != 0 {
		t.Fatal("token endpoint called")
	}
}

func TestTokenRedirectNotFollowed(t *testing.T) {
	a := newAuthServer(t)
	var other int
	o := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other++ }))
	defer o.Close()
	cfg := a.config()
	cfg.TokenEndpoint = o.URL + "/redirect"
	o.Config.Handler = http.RedirectHandler(a.srv.URL+"/token", http.StatusTemporaryRedirect)
	if _, err := Refresh(context.Background(), nil, cfg, "ck-app", "RT-secret"); err == nil {
		t.Fatal("no error")
	}
	if len(a.posts()) != 0 {
		t.Fatal("redirect followed: the refresh token was posted twice")
	}
}

func TestWaitCancelled(t *testing.T) {
	a := newAuthServer(t)
	l, err := Begin(context.Background(), nil, a.config(), "ck-app", 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if !listenerClosed(l) {
		t.Fatal("listener still open")
	}
	if _, err := l.Wait(context.Background()); !errors.Is(err, ErrLoginClosed) {
		t.Fatalf("second Wait: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// Close releases the listener's port before it returns, even when the listener's server
// goroutine has not run yet: a sign-in begun again at once on the same fixed port could
// otherwise find it still taken (with one processor the goroutine had never run by Close).
func TestCloseReleasesThePortAtOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	a := newAuthServer(t)
	for range 20 {
		l, err := Begin(context.Background(), nil, a.config(), "ck-app", 0)
		if err != nil {
			t.Fatal(err)
		}
		l.Close()
		if !listenerClosed(l) {
			t.Fatal("Close returned with the listener open")
		}
	}
}

func TestBeginFixedPort(t *testing.T) {
	a := newAuthServer(t)
	// A free port, taken again by a second sign-in; a port another process took in between
	// (an outgoing connection may be given it) is not this test's concern: try another.
	var (
		l2   *Login
		port string
	)
	for attempt := 0; l2 == nil; attempt++ {
		l, err := Begin(context.Background(), nil, a.config(), "ck-app", 0)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(l.RedirectURI)
		port = u.Port()
		l.Close()
		var p int
		fmt.Sscan(port, &p)
		l2, err = Begin(context.Background(), nil, a.config(), "ck-app", p)
		if err != nil && (attempt == 4 || !errors.Is(err, syscall.EADDRINUSE)) {
			t.Fatalf("port %d, free a moment ago: %v", p, err)
		}
	}
	defer l2.Close()
	if l2.RedirectURI != "http://127.0.0.1:"+port+"/callback" {
		t.Fatalf("redirect %s", l2.RedirectURI)
	}
	cfg := a.config()
	cfg.TokenEndpoint = "http://auth.example.org/token"
	if _, err := Begin(context.Background(), nil, cfg, "ck-app", 0); err == nil {
		t.Fatal("http token endpoint accepted")
	}
}

func TestRefresh(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    error
		wantRT  string
		wantErr bool
	}{
		{"rotated", 200, `{"access_token":"AT2","token_type":"Bearer","expires_in":600,"refresh_token":"RT-rotated"}`, nil, "RT-rotated", false},
		{"not rotated", 200, `{"access_token":"AT2","token_type":"Bearer","expires_in":600}`, nil, "RT-secret-1", false},
		{"invalid_grant", 400, `{"error":"invalid_grant","error_description":"refresh token RT-secret-1 revoked"}`, ErrSignInAgain, "", true},
		{"invalid_client", 401, `{"error":"invalid_client"}`, nil, "", true},
		{"500 not retried", 500, `oops`, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAuthServer(t)
			a.tokenStatus, a.tokenBody = tt.status, tt.body
			tok, err := Refresh(context.Background(), nil, a.config(), "ck-app", "RT-secret-1")
			if tt.wantErr != (err != nil) || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				for _, s := range []string{"RT-secret", "oops", a.srv.URL} {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error %q contains %q", err, s)
					}
				}
			} else if tok.RefreshToken != tt.wantRT || tok.AccessToken != "AT2" {
				t.Fatalf("token %+v", tok)
			}
			posts := a.posts()
			if len(posts) != 1 {
				t.Fatalf("%d token requests", len(posts))
			}
			if posts[0].Get("grant_type") != "refresh_token" || posts[0].Get("client_id") != "ck-app" || posts[0].Get("refresh_token") != "RT-secret-1" || a.tokenAuthz[0] != "" {
				t.Fatalf("refresh form %v, auth %q", posts[0], a.tokenAuthz[0])
			}
		})
	}
	if _, err := Refresh(context.Background(), nil, &Configuration{TokenEndpoint: "https://x/token"}, "ck-app", ""); !errors.Is(err, ErrSignInAgain) {
		t.Fatalf("empty refresh token: %v", err)
	}
}

func TestPatientFromIDToken(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for idt, want := range map[string]string{
		"h." + enc(`{"fhirUser":"https://x/fhir/Patient/p9"}`) + ".s": "p9",
		"h." + enc(`{"fhirUser":"Patient/p8"}`) + ".s":                "p8",
		"h." + enc(`{"fhirUser":"Practitioner/d1"}`) + ".s":           "",
		"not-a-jwt": "",
		"h.!!!.s":   "",
	} {
		if got := patientFromIDToken(idt); got != want {
			t.Errorf("%q: %q, want %q", idt, got, want)
		}
	}
}

func TestBrowserCommand(t *testing.T) {
	for goos, want := range map[string]string{
		"linux":   "xdg-open [https://a/b?c=d&e=f]",
		"freebsd": "xdg-open [https://a/b?c=d&e=f]",
		"darwin":  "open [https://a/b?c=d&e=f]",
		"windows": "rundll32 [url.dll,FileProtocolHandler https://a/b?c=d&e=f]",
	} {
		name, args := browserCommand(goos, "https://a/b?c=d&e=f")
		if got := fmt.Sprint(name, " ", args); got != want {
			t.Errorf("%s: %s", goos, got)
		}
	}
	for _, bad := range []string{"http://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "https://u:p@x/"} {
		if err := OpenBrowser(bad); err == nil {
			t.Errorf("OpenBrowser(%q) accepted", bad)
		}
	}
}

func FuzzDiscoveryDocuments(f *testing.F) {
	f.Add([]byte(`{"token_endpoint":"https://x/t","authorization_endpoint":"https://x/a","capabilities":["launch-standalone"],"code_challenge_methods_supported":["S256"]}`))
	f.Add([]byte(`{"resourceType":"CapabilityStatement","rest":[{"mode":"server","security":{"extension":[{"url":"http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris|2.0.0","extension":[{"url":"token","valueUri":"https://x/t"}]}]}}]}`))
	f.Add([]byte(`{"rest":[{"security":null}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, parse := range []func([]byte) (*Configuration, error){parseWellKnown, parseCapabilityStatement} {
			cfg, err := parse(b)
			if err != nil {
				continue
			}
			if cfg.TokenEndpoint == "" {
				t.Fatal("configuration without token endpoint")
			}
			cfg.finish("https://x/fhir")
			_ = cfg.Check()
			_ = cfg.Warnings()
			if len(cfg.Scopes()) != 5 {
				t.Fatal("scopes")
			}
		}
	})
}
