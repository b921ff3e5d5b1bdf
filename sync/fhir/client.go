// Package fhir reads FHIR R4 resources from a portal's REST API: GETs only, through
// go-retryablehttp with a retry policy suited to FHIR servers (429/5xx and connection errors,
// Retry-After honoured up to a cap), one token refresh on a 401, OperationOutcome bodies turned
// into errors, and searchset Bundles parsed into pages.
//
// Privacy. URLs carry patient ids and dates (Patient/123, ?patient=123&_lastUpdated=gt...), so
// no URL ever reaches a log line or an error message from this package: retryablehttp's logger
// is replaced by an adapter that drops its "url" and "request" fields, the request/response hooks
// log only the method, the resource type and the status, and transport errors are unwrapped
// from *url.Error (which embeds the URL) before they are returned. OperationOutcome text is
// redacted as described on OutcomeError.
package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// TokenSource gives the bearer token; Refresh is called once on a 401 and must persist the
// rotated refresh token before returning.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
	Refresh(ctx context.Context) (string, error)
}

// Options tune a Client. The zero value is usable.
type Options struct {
	HTTPClient    *http.Client  // base transport (tests: loopback); nil = a client with a 60 s timeout
	RetryMax      int           // retries after the first attempt; default 4 (negative = none)
	RetryAfterCap time.Duration // default 2 min; a longer Retry-After returns *RetryLaterError
	Logger        *slog.Logger  // never gets a URL with ids/dates (method, type, status only); nil = discard
	MaxBodyBytes  int64         // response body size cap; default 64 MiB
	// Wait maps each backoff the client computed (Retry-After within the cap, or exponential
	// 1 s … 30 s with jitter) to the time actually waited before the retry; nil = wait it
	// all. Tests return 0 so that fault-injection runs never sleep.
	Wait func(d time.Duration) time.Duration
}

// Defaults for Options.
const (
	DefaultRetryMax      = 4
	DefaultRetryAfterCap = 2 * time.Minute
	DefaultMaxBodyBytes  = 64 << 20
	retryWaitMin         = 1 * time.Second
	retryWaitMax         = 30 * time.Second
)

// ErrUnauthorized is returned when the server still answers 401 after one token refresh.
var ErrUnauthorized = errors.New("fhir: the portal refused the sign-in (401 after a token refresh)")

// ErrMethodNotAllowed is returned, before anything is sent, for any method other than GET.
var ErrMethodNotAllowed = errors.New("fhir: only GET requests are allowed")

// ErrOtherOrigin is returned for a URL (a next link, a redirect) that leaves the portal's
// scheme://host:port.
var ErrOtherOrigin = errors.New("fhir: link points to another server")

// RetryLaterError says the server asked us to come back later (429/503 with a Retry-After
// beyond the cap, or still busy after the last retry). The sync should be rescheduled.
type RetryLaterError struct{ After time.Duration }

func (e *RetryLaterError) Error() string {
	return fmt.Sprintf("fhir: the portal is busy; try again in %s", e.After.Round(time.Second))
}

// Client reads from one FHIR server. It is safe for concurrent use if its TokenSource is.
type Client struct {
	base    *url.URL // no trailing slash in Path
	baseStr string
	ts      TokenSource
	rc      *retryablehttp.Client
	log     *slog.Logger
	cap     time.Duration
	maxBody int64

	// now is the clock used for HTTP-date Retry-After values.
	now func() time.Time
	// wait maps the computed backoff to the time actually waited; tests make it record and
	// return 0 so that no test sleeps.
	wait func(time.Duration) time.Duration
}

// New returns a client for the FHIR server at base, which must be https, or http on a
// loopback address (127.0.0.1, ::1, localhost).
func New(base string, ts TokenSource, opt Options) (*Client, error) {
	u, err := CheckBase(base)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:    u,
		baseStr: u.String(),
		ts:      ts,
		log:     opt.Logger,
		cap:     opt.RetryAfterCap,
		maxBody: opt.MaxBodyBytes,
		now:     time.Now,
		wait:    func(d time.Duration) time.Duration { return d },
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if opt.Wait != nil {
		c.wait = opt.Wait
	}
	if c.cap <= 0 {
		c.cap = DefaultRetryAfterCap
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	hc := &http.Client{Timeout: 60 * time.Second}
	if opt.HTTPClient != nil {
		cp := *opt.HTTPClient
		hc = &cp
	}
	prev := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !c.sameOrigin(req.URL) {
			return ErrOtherOrigin
		}
		if prev != nil {
			return prev(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	retryMax := opt.RetryMax
	switch {
	case retryMax == 0:
		retryMax = DefaultRetryMax
	case retryMax < 0:
		retryMax = 0
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:      hc,
		Logger:          leveledLogger{c.log},
		RetryWaitMin:    retryWaitMin,
		RetryWaitMax:    retryWaitMax,
		RetryMax:        retryMax,
		RequestLogHook:  c.requestLogHook,
		ResponseLogHook: c.responseLogHook,
		CheckRetry:      c.checkRetry,
		Backoff:         c.backoff,
		ErrorHandler:    errorHandler,
	}
	return c, nil
}

// CheckBase parses a FHIR base URL and refuses anything but https, or http on loopback. The
// returned URL has no trailing slash, query or fragment.
func CheckBase(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return nil, errors.New("fhir: the server address is not a valid URL")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("fhir: the server address must not carry a user, query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, errors.New("fhir: the server address must use https (http only on loopback)")
		}
	default:
		return nil, errors.New("fhir: the server address must use https")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// IsLoopback reports whether host (without port) is a loopback name or address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Base returns the server's base URL (no trailing slash).
func (c *Client) Base() string { return c.baseStr }

func (c *Client) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.base.Scheme) && strings.EqualFold(u.Host, c.base.Host)
}

// resolve turns "Type?x=y", "Type/id", "metadata" or an absolute URL on the same origin into
// an absolute URL.
func (c *Client) resolve(ref string) (*url.URL, error) {
	if ref == "" {
		return nil, errors.New("fhir: empty request path")
	}
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		u, err := url.Parse(ref)
		if err != nil {
			return nil, errors.New("fhir: a link is not a valid URL")
		}
		if !c.sameOrigin(u) {
			return nil, ErrOtherOrigin
		}
		return u, nil
	}
	u, err := url.Parse(c.baseStr + "/" + strings.TrimLeft(ref, "/"))
	if err != nil {
		return nil, errors.New("fhir: the request path is not valid")
	}
	return u, nil
}

// response is a fully read response.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get performs one GET (with retries and at most one token refresh) and returns the body of
// a 2xx response. Errors: *OutcomeError, *RetryLaterError, ErrUnauthorized, or a transport
// error without the URL.
func (c *Client) get(ctx context.Context, ref string) (*response, error) {
	return c.do(ctx, http.MethodGet, ref)
}

// do is the single path to the network. Any method but GET is refused before sending.
func (c *Client) do(ctx context.Context, method, ref string) (*response, error) {
	if method != http.MethodGet {
		return nil, ErrMethodNotAllowed
	}
	u, err := c.resolve(ref)
	if err != nil {
		return nil, err
	}
	typ := c.resourceType(u)
	var tok string
	if c.ts != nil {
		if tok, err = c.ts.Token(ctx); err != nil {
			return nil, fmt.Errorf("fhir: getting the access token: %w", err)
		}
	}
	resp, err := c.once(ctx, u, tok)
	if err != nil {
		return nil, err
	}
	if resp.status == http.StatusUnauthorized && c.ts != nil {
		c.log.Info("fhir token refresh", "type", typ)
		if tok, err = c.ts.Refresh(ctx); err != nil {
			return nil, fmt.Errorf("fhir: refreshing the access token: %w", err)
		}
		if resp, err = c.once(ctx, u, tok); err != nil {
			return nil, err
		}
	}
	if resp.status == http.StatusUnauthorized {
		return nil, ErrUnauthorized
	}
	if resp.status == http.StatusTooManyRequests || resp.status == http.StatusServiceUnavailable {
		if ra, ok := parseRetryAfter(resp.header.Get("Retry-After"), c.now()); ok {
			return nil, &RetryLaterError{After: ra}
		}
	}
	if resp.status >= 400 || resp.status < 200 {
		return nil, newOutcomeError(resp.status, resp.body)
	}
	if resp.status >= 300 {
		return nil, fmt.Errorf("fhir: unexpected HTTP status %d", resp.status)
	}
	if err := checkContentType(resp.header.Get("Content-Type")); err != nil {
		return nil, err
	}
	return resp, nil
}

// once sends one logical request through retryablehttp. The body is read inside the retry
// loop (a response handler), so a body cut off mid-way or a 2xx body that is not JSON is
// retried like a connection error; a body over the cap is not.
func (c *Client) once(ctx context.Context, u *url.URL, tok string) (*response, error) {
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, errors.New("fhir: cannot build the request")
	}
	req.Header.Set("Accept", "application/fhir+json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	var body []byte
	read := false
	req.SetResponseHandler(func(resp *http.Response) error {
		b, err := c.readBody(resp)
		if err != nil {
			return err
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 && !json.Valid(b) {
			return errMalformed
		}
		body, read = b, true
		return nil
	})
	resp, err := c.rc.Do(req)
	if err != nil {
		var rl *RetryLaterError
		if errors.As(err, &rl) {
			return nil, rl
		}
		return nil, cleanError(err)
	}
	defer drainClose(resp.Body)
	if !read { // retries ran out on a status: the handler did not run
		if body, err = c.readBody(resp); err != nil {
			return nil, err
		}
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

var (
	errMalformed    = errors.New("fhir: the portal sent malformed JSON")
	errBodyTooLarge = errors.New("fhir: the response is too large")
)

// readBody reads a response body up to the cap and replaces it with an empty reader.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	resp.Body.Close()
	resp.Body = http.NoBody
	if err != nil {
		return nil, fmt.Errorf("fhir: reading the response: %w", cleanError(err))
	}
	if int64(len(b)) > c.maxBody {
		return nil, fmt.Errorf("%w (larger than %d MiB)", errBodyTooLarge, c.maxBody>>20)
	}
	return b, nil
}

func drainClose(b io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 1<<20))
	_ = b.Close()
}

// checkContentType accepts the FHIR JSON media types (including Epic's
// application/json+fhir) and plain JSON; an absent header is tolerated (the body must still
// parse).
func checkContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return errors.New("fhir: the response has an unreadable Content-Type")
	}
	switch mt {
	case "application/fhir+json", "application/json+fhir", "application/json":
		return nil
	}
	return fmt.Errorf("fhir: the response is %s, not FHIR JSON", mt)
}

// Read fetches one resource, e.g. "Patient/123", and returns its JSON (compact, verbatim).
func (c *Client) Read(ctx context.Context, path string) ([]byte, error) {
	resp, err := c.get(ctx, path)
	if err != nil {
		return nil, err
	}
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(resp.body, &head); err != nil {
		return nil, errors.New("fhir: the resource is not valid JSON")
	}
	if head.ResourceType == "" {
		return nil, errors.New("fhir: the response is not a FHIR resource (no resourceType)")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, resp.body); err != nil {
		return nil, errors.New("fhir: the resource is not valid JSON")
	}
	return buf.Bytes(), nil
}

// Search fetches one page: url is either "Type?params" relative to base, or a next link used
// unchanged (it must point to the same scheme://host:port as base).
func (c *Client) Search(ctx context.Context, url string) (*Page, error) {
	resp, err := c.get(ctx, url)
	if err != nil {
		return nil, err
	}
	p, err := ParsePage(resp.body)
	if err != nil {
		return nil, err
	}
	if d := resp.header.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			p.ServerTime = t.UTC()
		}
	}
	for _, l := range []*string{&p.Next, &p.Self} {
		if *l == "" {
			continue
		}
		u, err := c.resolve(*l)
		if err != nil {
			if l == &p.Next {
				return nil, err
			}
			continue // a foreign self link is only informative
		}
		*l = u.String()
	}
	return p, nil
}

// resourceType names what a URL is about, for logs: the first path segment after the base
// when it looks like a FHIR type ("Observation", "metadata"), else "other".
func (c *Client) resourceType(u *url.URL) string {
	p := strings.TrimPrefix(u.Path, c.base.Path)
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		p = p[:i]
	}
	if p == "metadata" || p == "" {
		if p == "" {
			return "base"
		}
		return p
	}
	if len(p) > 64 || p[0] < 'A' || p[0] > 'Z' {
		return "other"
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "other"
		}
	}
	return p
}
