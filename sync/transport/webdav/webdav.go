// Package webdav is a transport over a WebDAV server (RFC 4918): Nextcloud, ownCloud, Apache
// mod_dav, rclone serve webdav or any other, spoken directly over net/http with Basic auth
// and an app password.
//
// What it sends:
//   - List: PROPFIND with "Depth: 1" (never infinity, which Apache, nginx and ownCloud
//     refuse), asking only for resourcetype and getcontentlength.
//   - Read: GET, refused beyond the limit (by Content-Length first, then while reading).
//   - Create: PUT to a temporary name in the target's collection ("~ck-<random>.tmp", which
//     the Nextcloud and Dropbox desktop clients skip as "~*.tmp"), then MOVE to the name with
//     "Overwrite: F", so the name only ever shows the complete file and an existing one is
//     never replaced (412 → transport.ErrExist). What the servers do, checked here against
//     the real ones (sync/transport/webdav's engine tests):
//     rclone (golang.org/x/net/webdav) ignores "If-None-Match: *" on PUT and writes a PUT in
//     place (a reader sees a partial file), but checks Overwrite under a lock of the
//     destination: the MOVE alone is a true create-once.
//     Apache mod_dav checks Overwrite and then renames with no lock between: two concurrent
//     creators of one name both succeeded in 2 of 40 runs. There Create first takes a LOCK
//     of the name (a lock-null resource, not listed as a file) and MOVEs with its token, so
//     exactly one creator wins.
//     Which kind a server is, the client learns once by locking a temporary name: a
//     lock-null resource (200) means LOCK first; an empty file (201, RFC 4918: x/net,
//     sabre/dav in Nextcloud) or no LOCK at all means MOVE alone, best effort where the
//     server gives no more (household file names are unique per device).
//     A MOVE whose answer was lost and retried (412, or 404 for the temporary name) is
//     settled by reading the name back: the same bytes mean the first MOVE went through.
//   - MkdirAll: MKCOL, parents first only when the server says they are missing (409).
//   - Remove: DELETE.
//
// Requests go through go-retryablehttp (connection errors, 429 and 5xx other than 501 and
// 507 are retried with backoff), each with a timeout; redirects are not followed. The
// address must be https, or http on a loopback address. Errors name the server's host, never
// the user, the password or file contents; 401, 403 and 507 are said in plain words.
package webdav

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"carekeeper/sync/fhir"
	"carekeeper/sync/transport"
)

// Config says how to reach the server.
type Config struct {
	// URL of the collection that is the transport's root, e.g.
	// https://cloud.example.org/remote.php/dav/files/anna/CareKeeper/. It must exist.
	URL      string
	User     string
	Password string // the app password itself (the CLI reads $CAREKEEPER_WEBDAV_PASSWORD)
	// Timeout is how long a request may make no progress (connecting, sending, waiting for
	// the answer, receiving it; default 30 s): a 64 MiB segment on a slow line takes as long
	// as it needs while bytes move. RetryMax retries after the first attempt
	// (default 3; negative: none), waiting RetryWaitMin (default 250 ms) doubling up to
	// RetryWaitMax (default 5 s).
	Timeout                    time.Duration
	RetryMax                   int
	RetryWaitMin, RetryWaitMax time.Duration
	// Transport is the base round tripper (nil: a pooled default); tests use it for TLS.
	Transport http.RoundTripper
}

// Defaults for Config.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultRetryMax     = 3
	DefaultRetryWaitMin = 250 * time.Millisecond
	DefaultRetryWaitMax = 5 * time.Second
	// MaxListBytes bounds a PROPFIND answer (about 40,000 entries).
	MaxListBytes = 16 << 20
	tempPrefix   = "~ck-"
	tempSuffix   = ".tmp"
)

// Client is a transport.Transport over one WebDAV collection. It is safe for concurrent use.
type Client struct {
	base       *url.URL // path ends in "/"
	host       string
	user, pass string
	rc         *retryablehttp.Client
	timeout    time.Duration // of no progress
	lockMode   atomic.Int32
	probeMu    sync.Mutex // one probeLock at a time: Creates at once wait for the first's
}

var (
	_ transport.Transport = (*Client)(nil)
	_ transport.Sweeper   = (*Client)(nil)
	_ transport.Direct    = (*Client)(nil)
)

// Direct: the server is the store; what one client created, the others see at once.
func (c *Client) Direct() bool { return true }

// New checks cfg and returns the client; nothing is sent until the first call.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.URL))
	if err != nil || u.Host == "" {
		return nil, errors.New("the WebDAV address is not a valid URL")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("the WebDAV address must not carry a user name, password, query or fragment (give the user separately; the app password comes from CAREKEEPER_WEBDAV_PASSWORD)")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !fhir.IsLoopback(u.Hostname()) {
			return nil, fmt.Errorf("the WebDAV address of %s must use https (http only on this computer)", u.Host)
		}
	default:
		return nil, errors.New("the WebDAV address must use https")
	}
	if cfg.User == "" || cfg.Password == "" {
		return nil, fmt.Errorf("the WebDAV server %s needs a user name and an app password", u.Host)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	c := &Client{base: u, host: u.Host, user: cfg.User, pass: cfg.Password}
	rt := cfg.Transport
	if rt == nil {
		rt = http.DefaultTransport.(*http.Transport).Clone()
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rc := retryablehttp.NewClient()
	rc.Logger = nil
	c.timeout = timeout
	rc.HTTPClient = &http.Client{
		Transport: rt,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	rc.RetryMax = cfg.RetryMax
	if rc.RetryMax == 0 {
		rc.RetryMax = DefaultRetryMax
	} else if rc.RetryMax < 0 {
		rc.RetryMax = 0
	}
	rc.RetryWaitMin, rc.RetryWaitMax = cfg.RetryWaitMin, cfg.RetryWaitMax
	if rc.RetryWaitMin <= 0 {
		rc.RetryWaitMin = DefaultRetryWaitMin
	}
	if rc.RetryWaitMax <= 0 {
		rc.RetryWaitMax = DefaultRetryWaitMax
	}
	rc.CheckRetry = checkRetry
	// Retry-After (429, 503) is honoured only up to RetryWaitMax: retryablehttp's default
	// does not cap it, and one answer must not block an exchange for an hour.
	rc.Backoff = func(lo, hi time.Duration, n int, resp *http.Response) time.Duration {
		return min(retryablehttp.DefaultBackoff(lo, hi, n, resp), hi)
	}
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	c.rc = rc
	return c, nil
}

// checkRetry is retryablehttp's default policy without retrying 507 (quota: it will not
// pass by itself) or 423 (locked: Create handles it).
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if resp != nil && (resp.StatusCode == http.StatusInsufficientStorage || resp.StatusCode == http.StatusLocked) {
		return false, nil
	}
	return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
}

// Host is the server's host[:port], as errors name it.
func (c *Client) Host() string { return c.host }

// url returns the URL of name (a checked relative name; dir adds a trailing slash).
func (c *Client) url(name string, dir bool) string {
	u := *c.base
	if name != "" {
		u.Path += name
		if dir {
			u.Path += "/"
		}
	}
	return u.String()
}

// do sends one request and returns the response (the caller closes the body). The request
// is cancelled when it makes no progress for c.timeout: no byte of the body sent, no answer,
// no byte of the answer received.
func (c *Client) do(parent context.Context, method, name string, dir bool, body []byte, hdr map[string]string) (*http.Response, error) {
	ctx, cancel := context.WithCancel(parent)
	var stalled atomic.Bool
	idle := time.AfterFunc(c.timeout, func() { stalled.Store(true); cancel() })
	touch := func() { idle.Reset(c.timeout) }
	stop := func() { idle.Stop(); cancel() }
	var b any
	if body != nil {
		b = func() (io.Reader, error) { return &progressReader{Reader: bytes.NewReader(body), touch: touch}, nil }
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, c.url(name, dir), b)
	if err != nil {
		stop()
		return nil, fmt.Errorf("the WebDAV server %s: %w", c.host, err)
	}
	req.SetBasicAuth(c.user, c.pass)
	req.Header.Set("User-Agent", "CareKeeper")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.rc.Do(req)
	if err != nil {
		stop()
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // drop the URL
		}
		switch {
		case stalled.Load():
			return nil, fmt.Errorf("the WebDAV server %s did not answer for %s", c.host, c.timeout)
		case parent.Err() != nil:
			return nil, parent.Err()
		}
		return nil, fmt.Errorf("cannot reach the WebDAV server %s: %w", c.host, err)
	}
	touch()
	resp.Body = &progressBody{ReadCloser: resp.Body, touch: touch, stop: stop, stalled: &stalled, host: c.host, timeout: c.timeout}
	return resp, nil
}

// progressReader is a request body that counts as progress each time it is read.
type progressReader struct {
	*bytes.Reader
	touch func()
}

func (r *progressReader) Read(p []byte) (int, error) {
	r.touch()
	return r.Reader.Read(p)
}

// progressBody is an answer whose bytes count as progress; Close ends the request's timer.
type progressBody struct {
	io.ReadCloser
	touch, stop func()
	stalled     *atomic.Bool
	host        string
	timeout     time.Duration
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.touch()
	}
	if err != nil && err != io.EOF && b.stalled.Load() {
		err = fmt.Errorf("the WebDAV server %s stopped sending for %s", b.host, b.timeout)
	}
	return n, err
}

func (b *progressBody) Close() error {
	b.stop()
	return b.ReadCloser.Close()
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) //nolint:errcheck // connection reuse only
	resp.Body.Close()
}

// StatusError is an answer the operation did not expect.
type StatusError struct {
	Host string
	Op   string // "list d/x", "create f", ...
	Code int
}

func (e *StatusError) Error() string {
	if e.Code == http.StatusUnauthorized { // about the account, not the file: no name of one
		return fmt.Sprintf("the WebDAV server %s refused the user name or app password (401 Unauthorized): check them, or make a new app password", e.Host)
	}
	s := fmt.Sprintf("the WebDAV server %s: %s: ", e.Host, e.Op)
	switch e.Code {
	case http.StatusForbidden:
		return s + "the server does not allow this (403 Forbidden): check that the user may write to this folder"
	case http.StatusInsufficientStorage:
		return s + "the server is out of space (507 Insufficient Storage): free some space or raise the quota"
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return s + fmt.Sprintf("the server redirects elsewhere (%d): check the address", e.Code)
	case http.StatusLocked:
		return s + "the file is locked on the server (423 Locked): try again later"
	}
	return s + fmt.Sprintf("unexpected answer %d %s", e.Code, http.StatusText(e.Code))
}

func (c *Client) status(op, name string, resp *http.Response) error {
	drain(resp)
	e := &StatusError{Host: c.host, Op: op + " " + name, Code: resp.StatusCode}
	if name == "" {
		e.Op = op + " the top folder"
	}
	switch resp.StatusCode {
	case http.StatusNotFound, http.StatusGone:
		return fmt.Errorf("the WebDAV server %s: %s: %w", c.host, e.Op, transport.ErrNotExist)
	}
	return e
}

// List returns the entries directly in dir, sorted by name (PROPFIND, Depth: 1).
func (c *Client) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	es, _, _, err := c.list(ctx, dir)
	return es, err
}

// list is List with the entries' modification times and the server's clock (its Date
// header; the zero time without one).
func (c *Client) list(ctx context.Context, dir string) ([]transport.Entry, map[string]time.Time, time.Time, error) {
	var now time.Time
	if err := transport.CheckName(dir, true); err != nil {
		return nil, nil, now, err
	}
	resp, err := c.do(ctx, "PROPFIND", dir, true, []byte(propfindBody), map[string]string{
		"Depth":        "1",
		"Content-Type": `application/xml; charset="utf-8"`,
	})
	if err != nil {
		return nil, nil, now, err
	}
	if resp.StatusCode != http.StatusMultiStatus {
		return nil, nil, now, c.status("list", dir, resp)
	}
	defer drain(resp)
	now, _ = http.ParseTime(resp.Header.Get("Date"))
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxListBytes+1))
	if err != nil {
		return nil, nil, now, fmt.Errorf("the WebDAV server %s: list %s: %w", c.host, dir, err)
	}
	if len(body) > MaxListBytes {
		return nil, nil, now, fmt.Errorf("the WebDAV server %s: list %s: the answer is larger than %d MiB", c.host, dir, MaxListBytes>>20)
	}
	entries, times, err := parseListTimes(body, c.base.Path+dir)
	if err != nil {
		return nil, nil, now, fmt.Errorf("the WebDAV server %s: list %s: %w", c.host, dir, err)
	}
	return entries, times, now, nil
}

// Sweep removes Create's temporary files ("~ck-*.tmp") directly in dir whose last
// modification is more than age before the server's clock (its Date header, so a device's
// wrong clock does not matter; the local clock only when the server sends no Date).
func (c *Client) Sweep(ctx context.Context, dir string, age time.Duration) (int, error) {
	es, times, now, err := c.list(ctx, dir)
	if err != nil {
		return 0, err
	}
	if now.IsZero() {
		now = time.Now()
	}
	n := 0
	for _, e := range es {
		mod, ok := times[e.Name]
		if e.Dir || !ok || !strings.HasPrefix(e.Name, tempPrefix) || !strings.HasSuffix(e.Name, tempSuffix) || now.Sub(mod) < age {
			continue
		}
		name := e.Name
		if dir != "" {
			name = dir + "/" + name
		}
		if err := c.Remove(ctx, name); err == nil {
			n++
		} else if !errors.Is(err, transport.ErrNotExist) {
			return n, err
		}
	}
	return n, nil
}

// Read returns the whole file name, refusing more than limit bytes.
func (c *Client) Read(ctx context.Context, name string, limit int64) ([]byte, error) {
	if err := transport.CheckName(name, false); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, http.MethodGet, name, false, nil, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, c.status("read", name, resp)
	}
	defer drain(resp)
	tooLarge := fmt.Errorf("the WebDAV server %s: read %s: %w", c.host, name, transport.ErrTooLarge)
	if resp.ContentLength > limit {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("the WebDAV server %s: read %s: %w", c.host, name, err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge
	}
	return b, nil
}

// Create writes data to the new file name once (see the package doc).
func (c *Client) Create(ctx context.Context, name string, data []byte) error {
	if err := transport.CheckName(name, false); err != nil {
		return err
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := tempPrefix + hex.EncodeToString(rnd[:]) + tempSuffix
	if d := path.Dir(name); d != "." {
		tmp = d + "/" + tmp
	}
	if data == nil {
		data = []byte{}
	}
	resp, err := c.do(ctx, http.MethodPut, tmp, false, data, map[string]string{
		"If-None-Match": "*",
		"Content-Type":  "application/octet-stream",
	})
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusNoContent, http.StatusOK:
		drain(resp)
	case http.StatusConflict: // RFC 4918 §9.7.1: the parent collection is missing
		drain(resp)
		return fmt.Errorf("the WebDAV server %s: create %s: its folder: %w", c.host, name, transport.ErrNotExist)
	default:
		return c.status("create", name, resp)
	}
	err = c.move(ctx, tmp, name, data)
	if err != nil {
		c.removeQuietly(tmp)
	}
	return err
}

// Lock modes: how Create guards the MOVE, learnt from the server's first LOCK answer.
const (
	lockUnknown int32 = iota
	lockNull          // LOCK of an unmapped name makes a lock-null resource (Apache): lock, then MOVE
	lockNotUsed       // LOCK creates an empty file (RFC 4918: rclone, sabre) or is not offered: MOVE only
)

// move renames the complete temporary file tmp to name without replacing name.
func (c *Client) move(ctx context.Context, tmp, name string, data []byte) error {
	if c.lockMode.Load() == lockUnknown {
		if err := c.probeOnce(ctx, path.Dir(tmp)); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		err := c.moveGuarded(ctx, tmp, name, data)
		var conflict *preconditionNoFile
		if !errors.As(err, &conflict) {
			return err
		}
		// Refused as if the name existed, and it does not: a lock the server lost track of
		// (Apache's mod_dav_fs under creators at once, F506), or the name removed meanwhile.
		// Not "exists" — the household took that as its file written and wrote nothing
		// (heartbeats, pairing) — so lock and move again, then say what the server answered.
		if c.pause(ctx, attempt) != nil {
			return conflict.err
		}
	}
}

// moveGuarded MOVEs tmp to name once, under a LOCK of name on a server that makes lock-null
// resources (lockNull).
func (c *Client) moveGuarded(ctx context.Context, tmp, name string, data []byte) error {
	if c.lockMode.Load() != lockNull {
		return c.moveOnce(ctx, tmp, name, data, nil)
	}
	token, _, err := c.lock(ctx, name)
	if err != nil {
		return err
	}
	if token == "" {
		return c.moveOnce(ctx, tmp, name, data, nil)
	}
	defer c.unlock(name, token)
	return c.moveOnce(ctx, tmp, name, data, map[string]string{"If": "<" + c.url(name, false) + "> (<" + token + ">)"})
}

// listed reports whether name is listed in its folder (a file or a folder); when the listing
// fails, true: what the server said stands.
func (c *Client) listed(ctx context.Context, name string) bool {
	dir := path.Dir(name)
	if dir == "." {
		dir = ""
	}
	es, err := c.List(ctx, dir)
	if err != nil {
		return true
	}
	for _, e := range es {
		if e.Name == path.Base(name) {
			return true
		}
	}
	return false
}

// preconditionNoFile is a MOVE answered 412 Precondition Failed while its destination does
// not exist: err says it (a StatusError).
type preconditionNoFile struct{ err error }

func (e *preconditionNoFile) Error() string { return e.err.Error() }

// probeOnce runs probeLock unless another Create has learnt the server's kind meanwhile:
// Creates at once on a new client wait for one probe. (Eight probes at once made eight
// lock-null resources in one collection at the same moment, and Apache 2.4's mod_dav_fs,
// which updates its lock files without a lock between its threads, lost track of them:
// every creator of a name was answered as if it existed, or a lock nobody held kept the
// name for a minute.)
func (c *Client) probeOnce(ctx context.Context, dir string) error {
	c.probeMu.Lock()
	defer c.probeMu.Unlock()
	if c.lockMode.Load() != lockUnknown {
		return nil
	}
	return c.probeLock(ctx, dir)
}

// probeLock learns, once per client, what a LOCK of an unmapped name does on this server,
// by locking a fresh temporary name in dir: a lock-null resource (Apache mod_dav; 200), an
// empty file (RFC 4918: x/net/webdav in rclone, sabre/dav in Nextcloud; 201), or nothing
// (no LOCK offered). Only the first guards a MOVE with a LOCK: the others check Overwrite
// under their own lock, or offer no more than the MOVE's own check.
func (c *Client) probeLock(ctx context.Context, dir string) error {
	var rnd [8]byte
	rand.Read(rnd[:])
	probe := tempPrefix + hex.EncodeToString(rnd[:]) + tempSuffix
	if dir != "." {
		probe = dir + "/" + probe
	}
	token, created, err := c.lock(ctx, probe)
	if err != nil {
		return err
	}
	mode := lockNotUsed
	if token != "" {
		c.unlock(probe, token)
		if !created {
			mode = lockNull
		}
	}
	if created || token != "" {
		c.removeQuietly(probe) // the empty file (or nothing: lock-null resources go with the lock)
	}
	c.lockMode.Store(mode)
	return nil
}

const lockBody = `<?xml version="1.0" encoding="utf-8"?>
<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype><d:owner>CareKeeper</d:owner></d:lockinfo>`

// lock takes an exclusive write lock of name for a minute. created is true when the server
// made an empty resource for it (201); token is "" when the server offers no LOCK. A lock
// held by another creator (423) is waited for, briefly.
func (c *Client) lock(ctx context.Context, name string) (token string, created bool, err error) {
	for attempt := 0; ; attempt++ {
		resp, err := c.do(ctx, "LOCK", name, false, []byte(lockBody), map[string]string{
			"Depth":        "0",
			"Timeout":      "Second-60",
			"Content-Type": `application/xml; charset="utf-8"`,
		})
		if err != nil {
			return "", false, err
		}
		switch resp.StatusCode {
		case http.StatusOK, http.StatusCreated:
			drain(resp)
			tok := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(resp.Header.Get("Lock-Token")), "<"), ">")
			if tok == "" {
				return "", false, nil
			}
			return tok, resp.StatusCode == http.StatusCreated, nil
		case http.StatusLocked:
			drain(resp)
			if err := c.pause(ctx, attempt); err != nil {
				return "", false, c.status("create", name, resp)
			}
		case http.StatusUnauthorized, http.StatusInsufficientStorage:
			return "", false, c.status("create", name, resp)
		default: // 403, 405, 501, ...: no locking here (the PUT before it was allowed)
			drain(resp)
			return "", false, nil
		}
	}
}

// lockWait bounds how long Create waits for another creator's lock of the same name (a
// crashed holder's lock lasts its 60 s timeout).
const lockWait = 30 * time.Second

// pause waits a little longer each attempt (10 ms doubling up to 250 ms, with jitter), or
// says to give up once the waits add up to lockWait.
func (c *Client) pause(ctx context.Context, attempt int) error {
	d := min(10*time.Millisecond<<min(attempt, 5), 250*time.Millisecond)
	d += time.Duration(mrand.Int64N(int64(d)))
	// The sum of the waits before this one, at most: 10+20+...+250 ms, then 250 ms each.
	if attempt > 5 && time.Duration(attempt-5)*250*time.Millisecond > lockWait {
		return errors.New("gave up")
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func (c *Client) unlock(name, token string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if resp, err := c.do(ctx, "UNLOCK", name, false, nil, map[string]string{"Lock-Token": "<" + token + ">"}); err == nil {
		drain(resp)
	}
}

// moveOnce MOVEs tmp to name with "Overwrite: F" (and the extra headers).
func (c *Client) moveOnce(ctx context.Context, tmp, name string, data []byte, extra map[string]string) error {
	hdr := map[string]string{"Destination": c.url(name, false), "Overwrite": "F"}
	for k, v := range extra {
		hdr[k] = v
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.do(ctx, "MOVE", tmp, false, nil, hdr)
		if err != nil {
			return err
		}
		switch resp.StatusCode {
		case http.StatusCreated, http.StatusNoContent, http.StatusOK:
			drain(resp)
			return nil
		case http.StatusPreconditionFailed, http.StatusNotFound:
			// name exists; or tmp is gone because a lost-and-retried MOVE already moved it.
			drain(resp)
			got, rerr := c.Read(ctx, name, int64(len(data)))
			if rerr == nil && bytes.Equal(got, data) {
				return nil
			}
			if resp.StatusCode == http.StatusNotFound {
				return c.status("create", name, resp)
			}
			if errors.Is(rerr, transport.ErrNotExist) && !c.listed(ctx, name) { // not a folder either
				return &preconditionNoFile{c.status("create", name, resp)}
			}
			return fmt.Errorf("the WebDAV server %s: create %s: %w", c.host, name, transport.ErrExist)
		case http.StatusLocked:
			// A concurrent creator holds the destination (x/net/webdav locks it during a
			// MOVE or PUT): wait a moment, then ask again; its MOVE will have settled.
			drain(resp)
			if err := c.pause(ctx, attempt); err != nil {
				return c.status("create", name, resp)
			}
		default:
			return c.status("create", name, resp)
		}
	}
}

func (c *Client) removeQuietly(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if resp, err := c.do(ctx, http.MethodDelete, name, false, nil, nil); err == nil {
		drain(resp)
	}
}

// Remove deletes the file name; transport.ErrNotExist if absent.
func (c *Client) Remove(ctx context.Context, name string) error {
	if err := transport.CheckName(name, false); err != nil {
		return err
	}
	resp, err := c.do(ctx, http.MethodDelete, name, false, nil, nil)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusAccepted:
		drain(resp)
		return nil
	}
	return c.status("remove", name, resp)
}

// MkdirAll creates the collection dir and its missing parents.
func (c *Client) MkdirAll(ctx context.Context, dir string) error {
	if err := transport.CheckName(dir, true); err != nil {
		return err
	}
	if dir == "" {
		return nil
	}
	resp, err := c.do(ctx, "MKCOL", dir, true, nil, nil)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusConflict { // a parent is missing: make it, then once more
		drain(resp)
		parent := path.Dir(dir)
		if parent == "." {
			return transport.NotThere("the WebDAV server " + c.host + ": the top folder of the address given is not there")
		}
		if err := c.MkdirAll(ctx, parent); err != nil {
			return err
		}
		if resp, err = c.do(ctx, "MKCOL", dir, true, nil, nil); err != nil {
			return err
		}
	}
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusOK, http.StatusNoContent:
		drain(resp)
		return nil
	case http.StatusMethodNotAllowed: // RFC 4918 §9.3.1: it exists
		drain(resp)
		return nil
	}
	return c.status("make folder", dir, resp)
}
