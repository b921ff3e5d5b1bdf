package fhir

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeTS is a TokenSource that counts calls; the token changes on each Refresh.
type fakeTS struct {
	mu       sync.Mutex
	tok      string
	refresh  int
	tokens   int
	failNext error
}

func (f *fakeTS) Token(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens++
	if f.tok == "" {
		f.tok = "tok0"
	}
	return f.tok, nil
}

func (f *fakeTS) Refresh(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh++
	if f.failNext != nil {
		return "", f.failNext
	}
	f.tok = fmt.Sprintf("tok%d", f.refresh)
	return f.tok, nil
}

// step is one scripted response.
type step struct {
	status int
	header map[string]string
	body   string
}

// scripted serves steps in order (the last one repeats) and counts requests.
type scripted struct {
	mu    sync.Mutex
	steps []step
	n     int
	auths []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := min(s.n, len(s.steps)-1)
	s.n++
	s.auths = append(s.auths, r.Header.Get("Authorization"))
	st := s.steps[i]
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Accept") != "application/fhir+json" {
		w.WriteHeader(http.StatusNotAcceptable)
		return
	}
	ct := "application/fhir+json"
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(st.status)
	io.WriteString(w, st.body)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

const okBundle = `{"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"resource":{"resourceType":"Observation","id":"o1"},"search":{"mode":"match"}}]}`

// testClient builds a client on srv whose waits are recorded, not slept.
func testClient(t *testing.T, srv *httptest.Server, ts TokenSource, opt Options) (*Client, *[]time.Duration) {
	t.Helper()
	if opt.HTTPClient == nil {
		opt.HTTPClient = srv.Client()
	}
	c, err := New(srv.URL+"/fhir", ts, opt)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	waits := &[]time.Duration{}
	c.wait = func(d time.Duration) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		*waits = append(*waits, d)
		return 0
	}
	c.now = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	return c, waits
}

func TestRetryPolicy(t *testing.T) {
	date := func(d time.Duration) string {
		return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).Add(d).Format(http.TimeFormat)
	}
	tests := []struct {
		name      string
		steps     []step
		wantN     int              // requests the server saw
		wantErr   func(error) bool // nil = success
		wantWaits []time.Duration  // exact waits when Retry-After drove them (nil = don't check)
	}{
		{"429 twice then ok", []step{
			{429, map[string]string{"Retry-After": "3"}, ""},
			{429, map[string]string{"Retry-After": "7"}, ""},
			{200, nil, okBundle}}, 3, nil, []time.Duration{3 * time.Second, 7 * time.Second}},
		{"503 then ok", []step{{503, map[string]string{"Retry-After": "5"}, ""}, {200, nil, okBundle}}, 2, nil, []time.Duration{5 * time.Second}},
		{"503 http-date within cap", []step{{503, map[string]string{"Retry-After": date(90 * time.Second)}, ""}, {200, nil, okBundle}}, 2, nil, []time.Duration{90 * time.Second}},
		{"503 http-date in the past", []step{{503, map[string]string{"Retry-After": date(-time.Hour)}, ""}, {200, nil, okBundle}}, 2, nil, []time.Duration{0}},
		{"500 502 504 then ok", []step{{500, nil, ""}, {502, nil, ""}, {504, nil, ""}, {200, nil, okBundle}}, 4, nil, nil},
		{"404 not retried", []step{{404, nil, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"text":"Resource not found"}}]}`}}, 1,
			func(err error) bool { var oe *OutcomeError; return errors.As(err, &oe) && oe.Status == 404 }, nil},
		{"400 not retried", []step{{400, nil, ""}}, 1, func(err error) bool { var oe *OutcomeError; return errors.As(err, &oe) && oe.Status == 400 }, nil},
		{"403 not retried", []step{{403, nil, ""}}, 1, func(err error) bool { var oe *OutcomeError; return errors.As(err, &oe) && oe.Status == 403 }, nil},
		{"501 not retried", []step{{501, nil, ""}}, 1, func(err error) bool { var oe *OutcomeError; return errors.As(err, &oe) && oe.Status == 501 }, nil},
		{"Retry-After beyond cap", []step{{429, map[string]string{"Retry-After": "3600"}, ""}}, 1,
			func(err error) bool { var rl *RetryLaterError; return errors.As(err, &rl) && rl.After == time.Hour }, []time.Duration{}},
		{"Retry-After date beyond cap", []step{{503, map[string]string{"Retry-After": date(10 * time.Minute)}, ""}}, 1,
			func(err error) bool {
				var rl *RetryLaterError
				return errors.As(err, &rl) && rl.After == 10*time.Minute
			}, []time.Duration{}},
		{"503 forever", []step{{503, nil, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","diagnostics":"down for maintenance"}]}`}}, 5,
			func(err error) bool {
				var oe *OutcomeError
				return errors.As(err, &oe) && oe.Status == 503 && strings.Contains(err.Error(), "down for maintenance")
			}, nil},
		{"429 forever with Retry-After", []step{{429, map[string]string{"Retry-After": "2"}, ""}}, 5,
			func(err error) bool { var rl *RetryLaterError; return errors.As(err, &rl) && rl.After == 2*time.Second },
			[]time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second, 2 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{steps: tt.steps}
			srv := httptest.NewServer(s)
			defer srv.Close()
			c, waits := testClient(t, srv, &fakeTS{}, Options{})
			p, err := c.Search(context.Background(), "Observation?patient=p1")
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Search: %v", err)
				}
				if len(p.Resources) != 1 {
					t.Fatalf("resources = %d", len(p.Resources))
				}
			} else if err == nil || !tt.wantErr(err) {
				t.Fatalf("err = %v (%T)", err, err)
			}
			if got := s.count(); got != tt.wantN {
				t.Errorf("requests = %d, want %d", got, tt.wantN)
			}
			if tt.wantWaits != nil {
				if fmt.Sprint(*waits) != fmt.Sprint(tt.wantWaits) {
					t.Errorf("waits = %v, want %v", *waits, tt.wantWaits)
				}
			}
			if len(*waits) != max(0, s.count()-1) {
				t.Errorf("waited %d times for %d requests", len(*waits), s.count())
			}
		})
	}
}

func TestBackoffExponential(t *testing.T) {
	c, err := New("https://fhir.example.org/r4", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for attempt, want := range []time.Duration{1, 2, 4, 8, 16, 30, 30} {
		want *= time.Second
		got := c.backoff(retryWaitMin, retryWaitMax, attempt, &http.Response{StatusCode: 500})
		if got < want*8/10 || got > want*12/10 {
			t.Errorf("attempt %d: wait %v, want %v ±20%%", attempt, got, want)
		}
	}
}

func TestRetryMaxOption(t *testing.T) {
	for _, tt := range []struct{ opt, want int }{{0, 5}, {2, 3}, {-1, 1}} {
		s := &scripted{steps: []step{{502, nil, ""}}}
		srv := httptest.NewServer(s)
		c, _ := testClient(t, srv, nil, Options{RetryMax: tt.opt})
		_, err := c.Search(context.Background(), "Observation")
		srv.Close()
		if err == nil || s.count() != tt.want {
			t.Errorf("RetryMax %d: %d requests (want %d), err %v", tt.opt, s.count(), tt.want, err)
		}
	}
}

func TestOnlyGET(t *testing.T) {
	s := &scripted{steps: []step{{200, nil, okBundle}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := testClient(t, srv, &fakeTS{}, Options{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "HEAD", "get"} {
		if _, err := c.do(context.Background(), m, "Observation"); !errors.Is(err, ErrMethodNotAllowed) {
			t.Errorf("%s: err = %v", m, err)
		}
	}
	if s.count() != 0 {
		t.Fatalf("%d requests were sent", s.count())
	}
}

func TestUnauthorizedRefreshOnce(t *testing.T) {
	t.Run("refresh then ok", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			if r.Header.Get("Authorization") != "Bearer tok1" {
				w.WriteHeader(401)
				return
			}
			w.Header().Set("Content-Type", "application/fhir+json")
			io.WriteString(w, `{"resourceType":"Patient","id":"p1"}`)
		}))
		defer srv.Close()
		ts := &fakeTS{}
		c, _ := testClient(t, srv, ts, Options{})
		b, err := c.Read(context.Background(), "Patient/p1")
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != `{"resourceType":"Patient","id":"p1"}` || ts.refresh != 1 || n.Load() != 2 {
			t.Fatalf("body %s, refreshes %d, requests %d", b, ts.refresh, n.Load())
		}
	})
	t.Run("401 twice", func(t *testing.T) {
		s := &scripted{steps: []step{{401, nil, ""}}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		ts := &fakeTS{}
		c, _ := testClient(t, srv, ts, Options{})
		_, err := c.Read(context.Background(), "Patient/p1")
		if !errors.Is(err, ErrUnauthorized) || ts.refresh != 1 || s.count() != 2 {
			t.Fatalf("err %v, refreshes %d, requests %d", err, ts.refresh, s.count())
		}
		if s.auths[0] != "Bearer tok0" || s.auths[1] != "Bearer tok1" {
			t.Fatalf("auth headers %q", s.auths)
		}
	})
	t.Run("refresh fails", func(t *testing.T) {
		s := &scripted{steps: []step{{401, nil, ""}}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		sentinel := errors.New("sign in again")
		ts := &fakeTS{failNext: sentinel}
		c, _ := testClient(t, srv, ts, Options{})
		_, err := c.Read(context.Background(), "Patient/p1")
		if !errors.Is(err, sentinel) || s.count() != 1 {
			t.Fatalf("err %v, requests %d", err, s.count())
		}
	})
}

func TestOutcomeErrorText(t *testing.T) {
	tests := []struct {
		status  int
		body    string
		want    []string
		notWant []string
	}{
		{403, `{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"forbidden","details":{"text":"Invalid Token Scope"}}]}`,
			[]string{"403", "fatal forbidden: Invalid Token Scope"}, nil},
		{500, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"HAPI-2001: Resource Condition/A00000000000005-OP0447575426-K57.80-Y- is not known"}]}`,
			[]string{"error processing", "Resource Condition/… is not known"}, []string{"A0000", "K57", "OP044"}},
		{400, `{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"required","diagnostics":"Must have either code or category.","details":{"coding":[{"display":"A required element is missing."}],"text":"A required element is missing."}}]}`,
			[]string{"fatal required: Must have either code or category. (A required element is missing.)"}, nil},
		{404, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"No Patient with id eAB3mDIBBcyUKviyzrxsnAw3 updated 2024-01-05 at https://fhir.example.org/r4/Patient/eAB3mDIBBcyUKviyzrxsnAw3"}]}`,
			[]string{"error not-found: No Patient with id"}, []string{"eAB3m", "2024", "example.org"}},
		{403, `<html>denied</html>`, []string{"403", "no OperationOutcome"}, []string{"html"}},
	}
	for _, tt := range tests {
		s := &scripted{steps: []step{{tt.status, nil, tt.body}}}
		srv := httptest.NewServer(s)
		c, _ := testClient(t, srv, &fakeTS{}, Options{RetryMax: -1})
		_, err := c.Search(context.Background(), "Observation?patient=eAB3mDIBBcyUKviyzrxsnAw3")
		srv.Close()
		var oe *OutcomeError
		if !errors.As(err, &oe) {
			t.Fatalf("err = %v", err)
		}
		msg := err.Error()
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q lacks %q", msg, w)
			}
		}
		for _, w := range append(tt.notWant, "127.0.0.1", "patient=") {
			if strings.Contains(msg, w) {
				t.Errorf("%q contains %q", msg, w)
			}
		}
	}
}

func TestContentTypes(t *testing.T) {
	for _, tt := range []struct {
		ct string
		ok bool
	}{
		{"application/fhir+json", true},
		{"application/fhir+json; charset=utf-8", true},
		{"application/json+fhir; charset=utf-8", true}, // Epic
		{"application/json", true},
		{"", true},
		{"text/html; charset=utf-8", false},
		{"application/xml", false},
	} {
		s := &scripted{steps: []step{{200, map[string]string{"Content-Type": tt.ct}, okBundle}}}
		srv := httptest.NewServer(s)
		c, _ := testClient(t, srv, nil, Options{})
		_, err := c.Search(context.Background(), "Observation")
		srv.Close()
		if (err == nil) != tt.ok {
			t.Errorf("%q: err = %v", tt.ct, err)
		}
	}
}

func TestMalformedPage(t *testing.T) {
	for _, body := range []string{
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Obs`,
		`not json`,
		`{"resourceType":"Bundle","entry":[{"resource":{"id":"x"}}]}`,
		`{"resourceType":"Patient","id":"p"}`,
		`[]`,
	} {
		s := &scripted{steps: []step{{200, nil, body}}}
		srv := httptest.NewServer(s)
		c, _ := testClient(t, srv, nil, Options{})
		_, err := c.Search(context.Background(), "Observation")
		srv.Close()
		if err == nil || !strings.HasPrefix(err.Error(), "fhir: ") {
			t.Errorf("%q: err = %v", body, err)
		}
	}
}

func TestNextLinks(t *testing.T) {
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fhir+json")
		w.Header().Set("Date", "Sun, 01 Mar 2026 12:00:00 GMT")
		switch r.URL.Query().Get("page") {
		case "":
			fmt.Fprintf(w, `{"resourceType":"Bundle","type":"searchset","link":[{"relation":"self","url":"%s/fhir/Observation?patient=p1"},{"relation":"next","url":"%s/fhir?_getpages=abc&page=2"}],"entry":[]}`, srvURL, srvURL)
		case "2":
			io.WriteString(w, `{"resourceType":"Bundle","type":"searchset","link":[{"relation":"next","url":"https://evil.example/fhir?page=3"}]}`)
		}
	}))
	defer srv.Close()
	srvURL = srv.URL
	c, _ := testClient(t, srv, nil, Options{})
	p, err := c.Search(context.Background(), "Observation?patient=p1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Next != srv.URL+"/fhir?_getpages=abc&page=2" || p.Total != -1 || !p.ServerTime.Equal(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("page = %+v", p)
	}
	if _, err := c.Search(context.Background(), p.Next); !errors.Is(err, ErrOtherOrigin) {
		t.Fatalf("next link to another host: err = %v", err)
	}
	for _, u := range []string{"https://evil.example/fhir/Observation", "http://127.0.0.1:1/fhir/Observation", strings.Replace(srv.URL, "http://", "https://", 1) + "/fhir/Observation"} {
		if _, err := c.Search(context.Background(), u); !errors.Is(err, ErrOtherOrigin) {
			t.Errorf("%s: err = %v", u, err)
		}
	}
}

func TestRedirectToOtherOriginRefused(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the other origin was contacted")
	}))
	defer other.Close()
	s := &scripted{steps: []step{{302, map[string]string{"Location": other.URL + "/steal"}, ""}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := testClient(t, srv, &fakeTS{}, Options{})
	if _, err := c.Search(context.Background(), "Observation"); !errors.Is(err, ErrOtherOrigin) || s.count() != 1 {
		t.Fatalf("err = %v, requests %d", err, s.count())
	}
}

func TestTLS(t *testing.T) {
	s := &scripted{steps: []step{{200, nil, okBundle}}}
	srv := httptest.NewTLSServer(s)
	defer srv.Close()
	c, _ := testClient(t, srv, &fakeTS{}, Options{})
	if !strings.HasPrefix(c.Base(), "https://127.0.0.1:") {
		t.Fatalf("base %s", c.Base())
	}
	if _, err := c.Search(context.Background(), "Observation"); err != nil {
		t.Fatal(err)
	}
	// Without the test CA, the certificate error is final: not retried, no URL in the error.
	s2 := &scripted{steps: []step{{200, nil, okBundle}}}
	srv2 := httptest.NewUnstartedServer(s2)
	srv2.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv2.StartTLS()
	defer srv2.Close()
	c2, waits := testClient(t, srv2, nil, Options{HTTPClient: &http.Client{}})
	_, err := c2.Search(context.Background(), "Observation?patient=SECRET")
	if err == nil || len(*waits) != 0 || strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "://") {
		t.Fatalf("err = %v, waits %v", err, *waits)
	}
}

func TestNewChecksBase(t *testing.T) {
	for _, tt := range []struct {
		base string
		ok   bool
	}{
		{"https://fhir.example.org/r4/", true},
		{"http://127.0.0.1:8080/fhir", true},
		{"http://[::1]:8080/fhir", true},
		{"http://localhost/fhir", true},
		{"http://fhir.example.org/r4", false},
		{"ftp://fhir.example.org", false},
		{"https://user:pw@fhir.example.org", false},
		{"https://fhir.example.org/r4?x=1", false},
		{"fhir.example.org", false},
	} {
		c, err := New(tt.base, nil, Options{})
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.base, err)
		}
		if err == nil && strings.HasSuffix(c.Base(), "/") {
			t.Errorf("%s: base keeps a slash", tt.base)
		}
	}
}

// TestLogsNoURL runs successes, retries, a 401 and a connection failure with a patient id in
// the URLs, and checks that the captured slog output holds no URL and no id.
func TestLogsNoURL(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := &scripted{steps: []step{
		{429, map[string]string{"Retry-After": "1"}, ""},
		{503, nil, ""},
		{401, nil, ""},
		{200, nil, okBundle},
		{200, nil, `{"resourceType":"Patient","id":"PATIENTSECRET42"}`},
	}}
	srv := httptest.NewServer(s)
	c, _ := testClient(t, srv, &fakeTS{}, Options{Logger: log})
	ctx := context.Background()
	if _, err := c.Search(ctx, "Observation?patient=PATIENTSECRET42&_lastUpdated=gt2026-02-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(ctx, "Patient/PATIENTSECRET42"); err != nil {
		t.Fatal(err)
	}
	srv.Close() // now: connection refused, retried, then given up
	_, err := c.Search(ctx, "Observation?patient=PATIENTSECRET42")
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	out := buf.String()
	if !strings.Contains(out, "fhir response") || !strings.Contains(out, "status=429") || !strings.Contains(out, "type=Observation") {
		t.Fatalf("expected method/type/status logs, got:\n%s", out)
	}
	for _, bad := range []string{"PATIENTSECRET42", "2026-02-01", "://", "127.0.0.1", "patient="} {
		if strings.Contains(out, bad) {
			t.Errorf("log contains %q:\n%s", bad, out)
		}
		if strings.Contains(err.Error(), bad) {
			t.Errorf("error contains %q: %v", bad, err)
		}
	}
}

func TestContextCancelStopsRetries(t *testing.T) {
	s := &scripted{steps: []step{{503, nil, ""}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := testClient(t, srv, nil, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	c.wait = func(time.Duration) time.Duration { cancel(); return 0 }
	_, err := c.Search(ctx, "Observation")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if s.count() > 2 {
		t.Fatalf("%d requests after cancel", s.count())
	}
}

func TestBodyCap(t *testing.T) {
	big := `{"resourceType":"Bundle","type":"searchset","entry":[` + strings.Repeat(`{"resource":{"resourceType":"Observation","id":"o"}},`, 200) + `{}]}`
	s := &scripted{steps: []step{{200, nil, big}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := testClient(t, srv, nil, Options{MaxBodyBytes: 1024})
	if _, err := c.Search(context.Background(), "Observation"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}

func TestCapabilities(t *testing.T) {
	const cs = `{"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","rest":[
	 {"mode":"client","resource":[{"type":"Account","interaction":[{"code":"search-type"}]}]},
	 {"mode":"server","searchParam":[{"name":"_lastUpdated"}],"resource":[
	  {"type":"Patient","interaction":[{"code":"read"}]},
	  {"type":"Observation","interaction":[{"code":"read"},{"code":"search-type"}],"searchParam":[{"name":"patient"},{"name":"category"}]},
	  {"type":"Condition","interaction":[{"code":"search-type"}],"searchParam":[{"name":"patient"}]}]}]}`
	s := &scripted{steps: []step{{200, nil, cs}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := testClient(t, srv, nil, Options{})
	cp, err := c.Capabilities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(cp.Types) != "[Observation Condition]" || cp.FHIRVersion != "4.0.1" {
		t.Fatalf("%+v", cp)
	}
	for _, tt := range []struct {
		typ, param string
		want       bool
	}{
		{"Observation", "patient", true}, {"Observation", "category", true}, {"Observation", "_lastUpdated", true},
		{"Observation", "_count", true}, {"Observation", "code", false}, {"Patient", "_id", false},
		{"Account", "patient", false}, {"Condition", "patient", true},
	} {
		if got := cp.Supports(tt.typ, tt.param); got != tt.want {
			t.Errorf("Supports(%s, %s) = %v", tt.typ, tt.param, got)
		}
	}
}

// TestBodyFailuresRetried: a body cut off mid-way and a 200 that is not JSON are retried
// like connection errors (GETs are idempotent); the third attempt succeeds.
func TestBodyFailuresRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1: // headers promise more than is sent, then the connection closes
			hj := w.(http.Hijacker)
			conn, rw, _ := hj.Hijack()
			fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: %d\r\n\r\n%s", len(okBundle), okBundle[:20])
			rw.Flush()
			conn.Close()
		case 2:
			w.Header().Set("Content-Type", "application/fhir+json")
			io.WriteString(w, okBundle[:len(okBundle)/2])
		default:
			w.Header().Set("Content-Type", "application/fhir+json")
			io.WriteString(w, okBundle)
		}
	}))
	defer srv.Close()
	c, waits := testClient(t, srv, nil, Options{})
	p, err := c.Search(context.Background(), "Observation")
	if err != nil || len(p.Resources) != 1 || n.Load() != 3 || len(*waits) != 2 {
		t.Fatalf("page %v, err %v, requests %d, waits %v", p, err, n.Load(), *waits)
	}
	// Always malformed: a clear error after the retries.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, okBundle[:30])
	}))
	defer srv2.Close()
	c2, _ := testClient(t, srv2, nil, Options{})
	if _, err := c2.Search(context.Background(), "Observation"); err == nil || !strings.Contains(err.Error(), "malformed JSON (after 5 attempt(s))") {
		t.Fatalf("err = %v", err)
	}
}
