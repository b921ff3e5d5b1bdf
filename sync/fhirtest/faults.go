package fhirtest

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"time"
)

// Rule makes a fault fire on every Every-th FHIR data request (reads, searches and pages,
// counted from 1 across the whole server, whatever the outcome), at most Times times (0: no
// limit). Every = 0 disables it. Rule{Every: 1, Times: 1} fires once, on the first request.
type Rule struct{ Every, Times int }

// Faults are injected failures. They apply to FHIR data requests only (not to discovery,
// metadata or the OAuth endpoints); when several rules fire on the same request the first in
// field order wins, except Slow, which delays and then lets the request proceed (or fail).
// Everything is counter-based, so a test sees the same faults on every run.
type Faults struct {
	// Hangup closes the connection without answering (the client sees EOF before headers).
	Hangup Rule
	// Drop sends the status line, headers (with the full Content-Length) and half the body,
	// then closes the connection (the client sees an unexpected EOF mid-body).
	Drop Rule
	// Unavailable answers 503 with an OperationOutcome; with a Retry-After header of
	// UnavailableRetryAfter (rounded up to seconds) when that is positive.
	Unavailable           Rule
	UnavailableRetryAfter time.Duration
	// TooManyRequests answers 429 with Retry-After: RetryAfter (default 1 s, rounded up to
	// seconds).
	TooManyRequests Rule
	RetryAfter      time.Duration
	// Malformed answers 200 with the real response cut in half (invalid JSON, consistent
	// Content-Length).
	Malformed Rule
	// Slow waits SlowDelay before handling the request.
	Slow      Rule
	SlowDelay time.Duration
	// ExpireTokenAfter makes every access token stop working (401 invalid_token "expired")
	// after this many FHIR requests made with it: tokens that expire mid-sync.
	ExpireTokenAfter int
	// IgnoreLastUpdated makes searches silently ignore _lastUpdated (it is then absent from
	// the self link, which is how a client can tell).
	IgnoreLastUpdated bool
	// NextLinks makes search paging misbehave (cursor paging only): next links that repeat,
	// cycle or never end. "" pages normally.
	NextLinks NextLinkFault
}

// NextLinkFault is a way for a portal's next links to never end a search.
type NextLinkFault string

const (
	// NextRepeat: every page's next link is the page's own link.
	NextRepeat NextLinkFault = "repeat"
	// NextCycle: the last page's next link goes back to the first page.
	NextCycle NextLinkFault = "cycle"
	// NextEndless: every page has a next link to a new, later offset (empty pages past the end).
	NextEndless NextLinkFault = "endless"
)

// nextLink is the next link of the page [off, end) of n results, under fault f ("" when the
// page is the last one). self is the page's own link.
func nextLink(f NextLinkFault, base, id string, off, end, count, n int) string {
	switch {
	case f == NextRepeat:
		return pageURL(base, id, off, count)
	case f == NextEndless:
		return pageURL(base, id, max(end, off+count), count)
	case end < n:
		return pageURL(base, id, end, count)
	case f == NextCycle:
		return pageURL(base, id, 0, count)
	}
	return ""
}

// Counts are the requests a server has answered.
type Counts struct {
	Discovery, Metadata, Authorize, Token int
	Read, Search, Page                    int            // FHIR data requests by kind
	ByType                                map[string]int // FHIR data requests per resource type
	Faults                                map[string]int // injected faults by name ("429", "503", "drop", "hangup", "malformed", "slow")
	Unauthorized                          int            // 401 answers
}

// Data is the number of FHIR data requests (reads, searches and pages).
func (c Counts) Data() int { return c.Read + c.Search + c.Page }

// Counts returns a copy of the request counters.
func (s *Server) Counts() Counts {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	c := s.counts
	c.ByType = maps.Clone(c.ByType)
	c.Faults = maps.Clone(c.Faults)
	if c.ByType == nil {
		c.ByType = map[string]int{}
	}
	if c.Faults == nil {
		c.Faults = map[string]int{}
	}
	return c
}

// ResetCounts zeroes the request counters (fault rules keep counting from where they were).
func (s *Server) ResetCounts() {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	s.counts = Counts{}
}

func (s *Server) count(fn func(*Counts)) {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	fn(&s.counts)
}

// SetFaults replaces the fault rules (the request counter they use keeps running).
func (s *Server) SetFaults(f Faults) {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	if f.RetryAfter <= 0 {
		f.RetryAfter = time.Second
	}
	s.opts.Faults = f
	s.faultsDone = map[string]int{}
}

func (s *Server) faults() Faults {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	return s.opts.Faults
}

// dataRequest counts a FHIR data request and returns the faults that fire on it.
func (s *Server) dataRequest(kind, typ string) (fire map[string]bool) {
	s.statMu.Lock()
	defer s.statMu.Unlock()
	switch kind {
	case "read":
		s.counts.Read++
	case "search":
		s.counts.Search++
	case "page":
		s.counts.Page++
	}
	if s.counts.ByType == nil {
		s.counts.ByType = map[string]int{}
	}
	if typ != "" {
		s.counts.ByType[typ]++
	}
	s.dataCalls++
	n := s.dataCalls
	f := s.opts.Faults
	fire = map[string]bool{}
	try := func(name string, r Rule) {
		if r.Every > 0 && n%r.Every == 0 && (r.Times == 0 || s.faultsDone[name] < r.Times) {
			s.faultsDone[name]++
			fire[name] = true
			if s.counts.Faults == nil {
				s.counts.Faults = map[string]int{}
			}
			s.counts.Faults[name]++
		}
	}
	try("slow", f.Slow)
	for _, x := range []struct {
		name string
		r    Rule
	}{{"hangup", f.Hangup}, {"drop", f.Drop}, {"503", f.Unavailable}, {"429", f.TooManyRequests}, {"malformed", f.Malformed}} {
		try(x.name, x.r)
		if fire[x.name] {
			break
		}
	}
	return fire
}

func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// bufferedResponse holds a FHIR response until faults have been applied.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

// flush writes the buffered response to w, cut in half when malformed, or half of it on a
// hijacked connection that is then closed when drop.
func (b *bufferedResponse) flush(w http.ResponseWriter, malformed, drop bool) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	body := b.body.Bytes()
	full := len(body)
	if malformed && b.status == http.StatusOK {
		body = body[:len(body)/2]
		full = len(body)
	}
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	h.Set("Content-Length", strconv.Itoa(full))
	if drop {
		if hj, ok := w.(http.Hijacker); ok {
			conn, rw, err := hj.Hijack()
			if err == nil {
				defer conn.Close()
				writeRaw(rw, b.status, h, body[:len(body)/2])
				return
			}
		}
		// Not hijackable (HTTP/2): at least break the body.
		body = body[:len(body)/2]
	}
	w.WriteHeader(b.status)
	w.Write(body)
}

func writeRaw(rw *bufio.ReadWriter, status int, h http.Header, body []byte) {
	fmt.Fprintf(rw, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	h.Write(rw)
	rw.WriteString("\r\n")
	rw.Write(body)
	rw.Flush()
}

// hangup closes the connection without a response.
func hangup(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
