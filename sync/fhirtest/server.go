package fhirtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Client is a registered public OAuth client.
type Client struct {
	// RedirectURIs are the registered redirect URIs. A loopback one (http://127.0.0.1/...,
	// http://[::1]/...) matches any port (RFC 8252 §7.3) unless ExactPort is set; every other
	// part must match exactly. "localhost" is not loopback here (RFC 8252 §8.3).
	RedirectURIs []string
	// ExactPort makes redirect URIs match only with the registered port, like servers that
	// compare redirect URIs as plain strings (RFC 6749 §3.1.2.3).
	ExactPort bool
}

// DefaultClientID is the client registered when Options.Clients is empty, with the redirect
// URI DefaultRedirectURI on any port.
const (
	DefaultClientID    = "carekeeper-dev"
	DefaultRedirectURI = "http://127.0.0.1/callback"
)

// Paging selects how search result pages link to each other.
type Paging int

const (
	// PagingCursor (the default) snapshots the result list at the first page and links the
	// next pages with an opaque id (HAPI's _getpages style); pages survive edits.
	PagingCursor Paging = iota
	// PagingOffset repeats the search with _offset=N: every page re-runs the query, so edits
	// between pages shift results, and Options.MaxOffset stops deep paging.
	PagingOffset
)

// Options configures a Server. The zero value is a strict, fault-free server.
type Options struct {
	// Addr is where Start listens (default "127.0.0.1:0", any free port).
	Addr string
	// BasePath is the FHIR base path on the server (default "/fhir").
	BasePath string
	// Clients are the registered public clients (default: DefaultClientID).
	Clients map[string]Client
	// Patient is the id of the patient the authorization endpoint logs in (default: the
	// first patient of the dataset).
	Patient string
	// Interactive shows a small HTML consent page (with a patient chooser) at the
	// authorization endpoint instead of redirecting at once. "?interactive" on the
	// authorization URL does the same for one request.
	Interactive bool
	// Clock is the server's clock: meta.lastUpdated of edits, the Date header, token and code
	// expiry (default time.Now). SetClock changes it later.
	Clock func() time.Time
	// AccessTokenLifetime (default 1h), CodeLifetime (default 60s) and RefreshTokenLifetime
	// (default 0: no expiry) measured on Clock.
	AccessTokenLifetime, CodeLifetime, RefreshTokenLifetime time.Duration
	// NoRefreshTokens never issues refresh tokens (offline_access is not granted).
	NoRefreshTokens bool
	// DefaultCount (default 50) and MaxCount (default 100) are the _count page sizes; a larger
	// _count is silently capped (the self link shows the size used).
	DefaultCount, MaxCount int
	// Paging selects cursor (default) or offset next links; MaxOffset (0 = none) makes an
	// offset page at or beyond it fail with 400 too-costly, like servers that stop offset
	// paging at 10,000.
	Paging    Paging
	MaxOffset int
	// CursorTTL is how long cursor pages stay valid on Clock (default 1h); an expired page
	// answers 410 Gone.
	CursorTTL time.Duration
	// NoLastUpdated and NoSort make the server not support _lastUpdated or _sort (absent from
	// the CapabilityStatement; using them is a 400, or ignored with Prefer: handling=lenient).
	NoLastUpdated, NoSort bool
	// OmitTotal leaves Bundle.total out of search results.
	OmitTotal bool
	// EpicContentType answers with Epic's "application/json+fhir" instead of
	// "application/fhir+json".
	EpicContentType bool
	// Faults injects failures into FHIR reads and searches.
	Faults Faults
	// Logf, when set, gets one line per request: method, path (without the query), status.
	Logf func(format string, args ...any)
}

// Server is a FHIR R4 + SMART App Launch v2 test server. It is an http.Handler; Start runs it
// on loopback. All methods are safe for concurrent use.
type Server struct {
	opts Options

	mu       sync.RWMutex
	clock    func() time.Time
	patient  string
	patients []string
	byKey    map[string]*entry
	byType   map[string][]*entry // insertion order; deleted entries stay, marked
	seq      int
	searches map[string]*snapshot

	authMu  sync.Mutex
	codes   map[string]*authCode
	access  map[string]*accessToken
	refresh map[string]*refreshToken
	pending map[string]*authRequest // interactive consent pages

	statMu     sync.Mutex
	counts     Counts
	dataCalls  int // FHIR reads and searches seen, for fault rules
	faultsDone map[string]int

	sleep func(ctx context.Context, d time.Duration) // test hook for slow responses
}

// New makes a server serving a copy of ds (nil: an empty server, fill it with Add).
func New(ds *Dataset, opts Options) *Server {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	opts.BasePath = "/" + strings.Trim(opts.BasePath, "/")
	if opts.BasePath == "/" {
		opts.BasePath = "/fhir"
	}
	if len(opts.Clients) == 0 {
		opts.Clients = map[string]Client{DefaultClientID: {RedirectURIs: []string{DefaultRedirectURI}}}
	}
	if opts.AccessTokenLifetime <= 0 {
		opts.AccessTokenLifetime = time.Hour
	}
	if opts.CodeLifetime <= 0 {
		opts.CodeLifetime = time.Minute
	}
	if opts.DefaultCount <= 0 {
		opts.DefaultCount = 50
	}
	if opts.MaxCount <= 0 {
		opts.MaxCount = 100
	}
	if opts.DefaultCount > opts.MaxCount {
		opts.DefaultCount = opts.MaxCount
	}
	if opts.Faults.RetryAfter <= 0 {
		opts.Faults.RetryAfter = time.Second
	}
	s := &Server{
		opts: opts, clock: opts.Clock,
		byKey: map[string]*entry{}, byType: map[string][]*entry{}, searches: map[string]*snapshot{},
		codes: map[string]*authCode{}, access: map[string]*accessToken{}, refresh: map[string]*refreshToken{},
		pending: map[string]*authRequest{}, faultsDone: map[string]int{},
		sleep: sleepCtx,
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if ds != nil {
		for _, e := range ds.entries {
			c := *e
			s.insert(&c)
		}
		s.patients = append(s.patients, ds.patients...)
	}
	s.patient = opts.Patient
	if s.patient == "" && len(s.patients) > 0 {
		s.patient = s.patients[0]
	}
	return s
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Start serves the server on Options.Addr (default 127.0.0.1, any free port) until ctx is
// done, and returns the FHIR base URL, e.g. "http://127.0.0.1:41234/fhir".
func (s *Server) Start(ctx context.Context) (string, error) {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return "", fmt.Errorf("fhirtest: %w", err)
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			ln.Close()
		}
	}()
	return "http://" + ln.Addr().String() + s.opts.BasePath, nil
}

// SetClock replaces the server's clock (meta.lastUpdated of later edits, Date headers, token
// and code expiry, cursor expiry). Keep it at or after Dataset.LoadedAt, so that edits are
// newer than the loaded data.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
}

func (s *Server) now() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.clock().UTC()
}

// SetPatient chooses the patient the next logins get (an id from Patients).
func (s *Server) SetPatient(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.patients, id) {
		return errors.New("fhirtest: no such patient")
	}
	s.patient = id
	return nil
}

// Patient is the patient logins get.
func (s *Server) Patient() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.patient
}

// Patients returns the ids of the Patients served, in load order.
func (s *Server) Patients() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.patients...)
}

// ServeHTTP routes discovery, OAuth and FHIR requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Logf != nil {
		lw := &logWriter{ResponseWriter: w}
		defer func() { s.opts.Logf("%s %s %d", r.Method, r.URL.Path, lw.status) }()
		w = lw
	}
	w.Header().Set("Date", s.now().Format(http.TimeFormat))
	p := r.URL.Path
	switch {
	case p == "/oauth/authorize":
		s.count(func(c *Counts) { c.Authorize++ })
		s.authorize(w, r)
	case p == "/oauth/authorize/decide":
		s.count(func(c *Counts) { c.Authorize++ })
		s.decide(w, r)
	case p == "/oauth/token":
		s.count(func(c *Counts) { c.Token++ })
		s.token(w, r)
	case p == "/oauth/jwks":
		s.jwks(w, r)
	case p == s.opts.BasePath || strings.HasPrefix(p, s.opts.BasePath+"/"):
		s.fhir(w, r, strings.Trim(strings.TrimPrefix(p, s.opts.BasePath), "/"))
	default:
		s.outcome(w, http.StatusNotFound, "not-found", "no such endpoint")
	}
}

// origin is scheme://host of the request.
func origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// base is the FHIR base URL as the request reached it.
func (s *Server) base(r *http.Request) string { return origin(r) + s.opts.BasePath }

// logWriter records the status for Options.Logf; hijacking passes through (status 0).
type logWriter struct {
	http.ResponseWriter
	status int
}

func (l *logWriter) WriteHeader(code int) {
	if l.status == 0 {
		l.status = code
	}
	l.ResponseWriter.WriteHeader(code)
}

func (l *logWriter) Write(b []byte) (int, error) {
	if l.status == 0 {
		l.status = http.StatusOK
	}
	return l.ResponseWriter.Write(b)
}

func (l *logWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := l.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("fhirtest: connection cannot be hijacked")
	}
	return hj.Hijack()
}
