package webdav_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"carekeeper/sync/transport"
	"carekeeper/sync/transport/webdav"
)

const pass = "app-password-SECRET"

func newClient(t *testing.T, url string, mod func(*webdav.Config)) *webdav.Client {
	t.Helper()
	cfg := webdav.Config{URL: url, User: "anna", Password: pass, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	c, err := webdav.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewRefuses(t *testing.T) {
	for _, tc := range []struct {
		url, user, pass, want string
	}{
		{"http://cloud.example.org/dav/", "u", "p", "must use https"},
		{"ftp://cloud.example.org/", "u", "p", "must use https"},
		{"https://anna:pw@cloud.example.org/", "u", "p", "must not carry"},
		{"https://cloud.example.org/?x=1", "u", "p", "must not carry"},
		{"not a url", "u", "p", "not a valid URL"},
		{"https://cloud.example.org/", "", "p", "needs a user name and an app password"},
		{"https://cloud.example.org/", "u", "", "needs a user name and an app password"},
	} {
		_, err := webdav.New(webdav.Config{URL: tc.url, User: tc.user, Password: tc.pass})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q): %v, want %q", tc.url, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("New(%q): the error shows the password: %v", tc.url, err)
		}
	}
	for _, u := range []string{"https://cloud.example.org", "http://127.0.0.1:8080/x", "http://localhost/", "http://[::1]:9/"} {
		if _, err := webdav.New(webdav.Config{URL: u, User: "u", Password: "p"}); err != nil {
			t.Errorf("New(%q): %v", u, err)
		}
	}
}

// 401, 403 and 507 are said in plain words, with the host, never the user or password; they
// are not retried.
func TestStatusInPlainWords(t *testing.T) {
	for _, tc := range []struct {
		code int
		want string
	}{
		{401, "refused the user name or app password"},
		{403, "does not allow this"},
		{507, "out of space"},
	} {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.WriteHeader(tc.code)
			}))
			defer srv.Close()
			c := newClient(t, srv.URL+"/dav/", nil)
			ctx := context.Background()
			errs := []error{c.Create(ctx, "seg", []byte("segment-bytes")), c.Remove(ctx, "seg"), c.MkdirAll(ctx, "d")}
			_, err := c.List(ctx, "")
			errs = append(errs, err)
			_, err = c.Read(ctx, "seg", 10)
			errs = append(errs, err)
			for _, err := range errs {
				msg := fmt.Sprint(err)
				if !strings.Contains(msg, tc.want) || !strings.Contains(msg, c.Host()) {
					t.Errorf("error %q does not say %q with the host", msg, tc.want)
				}
				if strings.Contains(msg, pass) || strings.Contains(msg, "anna") || strings.Contains(msg, "segment-bytes") {
					t.Errorf("error %q shows the credentials or the data", msg)
				}
				if tc.code == 401 && (strings.Contains(msg, "seg") || strings.Contains(msg, "top folder") || strings.Contains(msg, " d:")) {
					t.Errorf("error %q names a file: a refused password is about the account", msg)
				}
				var se *webdav.StatusError
				if !errors.As(err, &se) || se.Code != tc.code {
					t.Errorf("error %v is not a StatusError %d", err, tc.code)
				}
			}
			if n := calls.Load(); n != int32(len(errs)) {
				t.Errorf("%d requests for %d calls: retried", n, len(errs))
			}
		})
	}
}

// Connection errors and 503 are retried; the request succeeds when the server recovers.
func TestRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if u, p, ok := r.BasicAuth(); !ok || u != "anna" || p != pass {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte("body"))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	b, err := c.Read(context.Background(), "f", 10)
	if err != nil || string(b) != "body" || calls.Load() != 3 {
		t.Fatalf("%q %v after %d calls", b, err, calls.Load())
	}
	// No retries: the 503 shows.
	calls.Store(0)
	c = newClient(t, srv.URL+"/", func(cfg *webdav.Config) { cfg.RetryMax = -1 })
	if _, err := c.Read(context.Background(), "f", 10); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("without retries: %v", err)
	}
	// A server that is not there: the error names the host, not the URL's path.
	srv.Close()
	_, err = c.Read(context.Background(), "secret-name", 10)
	if err == nil || !strings.Contains(err.Error(), "cannot reach the WebDAV server 127.0.0.1:") || strings.Contains(err.Error(), "secret-name") {
		t.Fatalf("unreachable: %v", err)
	}
}

// Read refuses a body beyond the limit whether or not the server announces its length.
func TestReadLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no Content-Length
		}
		w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	for _, name := range []string{"sized", "chunked"} {
		if _, err := c.Read(context.Background(), name, 99); !errors.Is(err, transport.ErrTooLarge) {
			t.Errorf("%s: %v", name, err)
		}
		if b, err := c.Read(context.Background(), name, 100); err != nil || len(b) != 100 {
			t.Errorf("%s: %d %v", name, len(b), err)
		}
	}
}

// Redirects are not followed (the password would go along); the error says so.
func TestNoRedirects(t *testing.T) {
	var other atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer target.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/x", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	if _, err := c.Read(context.Background(), "f", 10); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("%v", err)
	}
	if other.Load() != 0 {
		t.Fatal("the redirect was followed")
	}
}

// PROPFIND always carries Depth: 1.
func TestListSendsDepthOne(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "PROPFIND" || r.Header.Get("Depth") != "1" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusMultiStatus)
		fmt.Fprint(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
<d:response><d:href>/dav/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>http://host/dav/a%20b</d:href><d:propstat><d:prop><d:resourcetype/><d:getcontentlength>12</d:getcontentlength></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/dav/sub/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/dav/sub/deep</d:href><d:propstat><d:prop><d:getcontentlength>1</d:getcontentlength></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/dav/locknull</d:href><d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>`)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/dav/", nil)
	es, err := c.List(context.Background(), "")
	if err != nil || fmt.Sprint(es) != "[{a b 12 false} {sub 0 true}]" {
		t.Fatalf("%v %v", es, err)
	}
}

// A Retry-After of an hour is waited only up to RetryWaitMax.
func TestRetryAfterIsCapped(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if b, err := c.Read(ctx, "f", 10); err != nil || string(b) != "ok" {
		t.Fatalf("%q %v", b, err)
	}
}

// The timeout is of no progress: an answer that stops half-way fails, and so does no answer;
// one that keeps coming slowly (longer in all than the timeout) succeeds.
func TestTimeoutIsOfNoProgress(t *testing.T) {
	const timeout = 400 * time.Millisecond
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/stall":
			w.Header().Set("Content-Length", "10")
			w.Write([]byte("12345"))
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "/slow":
			w.Header().Set("Content-Length", "20")
			for range 20 { // 20 × 40 ms = 800 ms in all, twice the timeout
				w.Write([]byte("x"))
				w.(http.Flusher).Flush()
				time.Sleep(40 * time.Millisecond)
			}
		case "/silent":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", func(cfg *webdav.Config) { cfg.Timeout = timeout; cfg.RetryMax = -1 })
	ctx := context.Background()
	if _, err := c.Read(ctx, "stall", 100); err == nil || !strings.Contains(err.Error(), "stopped sending") {
		t.Errorf("stalled answer: %v", err)
	}
	if _, err := c.Read(ctx, "silent", 100); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("no answer: %v", err)
	}
	if b, err := c.Read(ctx, "slow", 100); err != nil || len(b) != 20 {
		t.Errorf("slow answer: %d bytes, %v", len(b), err)
	}
}
