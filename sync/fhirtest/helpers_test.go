package fhirtest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"carekeeper/internal/testutil"
)

// Fixture patients: the largest Synthea patient and two small ones (for compartment tests).
const (
	bigFile    = "synthea/Fletcher_Hyatt_*.json"
	small1File = "synthea/Clemente_Kreiger_*.json"
	small2File = "synthea/Buster_Hoeger_*.json"
	bigID      = "c5ed5d78-5b3f-4a75-bdfb-5f318b068a20"
	small1ID   = "d78af07c-9cb9-4f31-9b11-c45a28f2eec8"
)

var (
	dsOnce  sync.Once
	dsVal   *Dataset
	dsErr   error
	dsTook  time.Duration
	dsPaths []string
)

// dataset loads the three fixture patients once per test binary.
func dataset(t testing.TB) *Dataset {
	t.Helper()
	paths := []string{testutil.Fixture(t, bigFile), testutil.Fixture(t, small1File), testutil.Fixture(t, small2File)}
	dsOnce.Do(func() {
		start := time.Now()
		dsVal, dsErr = Load(paths...)
		dsTook = time.Since(start)
		dsPaths = paths
	})
	if dsErr != nil {
		t.Fatal(dsErr)
	}
	return dsVal
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a running server with a fake clock.
type env struct {
	t     *testing.T
	srv   *Server
	base  string
	clock *fakeClock
}

func start(t *testing.T, opts Options) *env {
	t.Helper()
	ds := dataset(t)
	clock := &fakeClock{t: ds.LoadedAt().Add(time.Hour)}
	if opts.Clock == nil {
		opts.Clock = clock.Now
	}
	srv := New(ds, opts)
	base, err := srv.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, base: base, clock: clock}
}

func (e *env) origin() string { return strings.TrimSuffix(e.base, "/fhir") }

func (e *env) config(scopes ...string) *oauth2.Config {
	if len(scopes) == 0 {
		scopes = []string{"launch/patient", "openid", "fhirUser", "offline_access", "patient/*.rs"}
	}
	return &oauth2.Config{
		ClientID: DefaultClientID,
		Endpoint: oauth2.Endpoint{
			AuthURL:   e.origin() + "/oauth/authorize",
			TokenURL:  e.origin() + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: "http://127.0.0.1:54321/callback",
		Scopes:      scopes,
	}
}

// noRedirect is a client that returns redirects instead of following them.
var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

// authorize runs the authorization request and returns the redirect's query.
func (e *env) authorize(cfg *oauth2.Config, state string, opts ...oauth2.AuthCodeOption) url.Values {
	e.t.Helper()
	resp, err := noRedirect.Get(cfg.AuthCodeURL(state, opts...))
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		e.t.Fatalf("authorize: status %d, want a redirect", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	return loc.Query()
}

// code runs a good authorization request and returns the code and verifier.
func (e *env) code(cfg *oauth2.Config) (code, verifier string) {
	e.t.Helper()
	verifier = oauth2.GenerateVerifier()
	q := e.authorize(cfg, "state-0123456789abcdef0123", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("aud", e.base))
	if q.Get("error") != "" {
		e.t.Fatalf("authorize: %s: %s", q.Get("error"), q.Get("error_description"))
	}
	if q.Get("state") != "state-0123456789abcdef0123" {
		e.t.Fatalf("state not returned: %v", q)
	}
	return q.Get("code"), verifier
}

// login signs in and returns the token.
func (e *env) login() *oauth2.Token {
	e.t.Helper()
	cfg := e.config()
	code, verifier := e.code(cfg)
	tok, err := cfg.Exchange(e.t.Context(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// response is a FHIR answer.
type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

// get makes a FHIR GET (path relative to the base, or an absolute URL) with the access token.
func (e *env) get(token, path string, hdr ...string) *response {
	e.t.Helper()
	u := path
	if !strings.HasPrefix(path, "http") {
		u = e.base + "/" + path
	}
	req, _ := http.NewRequestWithContext(e.t.Context(), http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := &response{status: resp.StatusCode, header: resp.Header, body: b}
	json.Unmarshal(b, &r.json)
	return r
}

func (r *response) link(rel string) string {
	links, _ := r.json["link"].([]any)
	for _, l := range links {
		m, _ := l.(map[string]any)
		if m["relation"] == rel {
			s, _ := m["url"].(string)
			return s
		}
	}
	return ""
}

// issue is the first OperationOutcome issue code.
func (r *response) issue() string {
	if r.json["resourceType"] != "OperationOutcome" {
		return ""
	}
	issues, _ := r.json["issue"].([]any)
	if len(issues) == 0 {
		return ""
	}
	m, _ := issues[0].(map[string]any)
	s, _ := m["code"].(string)
	return s
}

// resources lists the entries' resources.
func (r *response) resources() []map[string]any {
	var out []map[string]any
	entries, _ := r.json["entry"].([]any)
	for _, x := range entries {
		m, _ := x.(map[string]any)
		res, _ := m["resource"].(map[string]any)
		out = append(out, res)
	}
	return out
}

// searchAll follows next links from a search and returns every resource's "Type/id".
func (e *env) searchAll(token, path string) []string {
	e.t.Helper()
	var keys []string
	for u := path; u != ""; {
		r := e.get(token, u)
		if r.status != http.StatusOK {
			e.t.Fatalf("GET %s: %d %s", u, r.status, r.body)
		}
		for _, res := range r.resources() {
			keys = append(keys, res["resourceType"].(string)+"/"+res["id"].(string))
		}
		u = r.link("next")
	}
	return keys
}

// retrieveError is the OAuth error code of a failed oauth2 call.
func retrieveError(t *testing.T, err error) string {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("want an OAuth error, got %v", err)
	}
	return re.ErrorCode
}

func mustStatus(t *testing.T, r *response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d: %s", r.status, want, r.body)
	}
}

func newRequest(t *testing.T, method, u, token string) (*http.Response, error) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), method, u, strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/fhir+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
