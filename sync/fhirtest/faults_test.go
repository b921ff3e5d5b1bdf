package fhirtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawGet makes a FHIR GET and returns the status, Retry-After, the body and the error of
// doing the request or reading the body.
func (e *env) rawGet(token, path string) (status int, retryAfter string, body []byte, err error) {
	req, _ := http.NewRequestWithContext(e.t.Context(), http.MethodGet, e.base+"/"+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	// A fresh connection per request: a hijacked connection must not poison the next one.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), body, err
}

func TestFaults(t *testing.T) {
	type result struct {
		status     int
		retryAfter string
		err        bool // transport or body error
		badJSON    bool
	}
	ok := result{status: 200}
	for _, tt := range []struct {
		name   string
		faults Faults
		want   []result // for requests 1..n
		fault  string
	}{
		{"429 every 3", Faults{TooManyRequests: Rule{Every: 3}, RetryAfter: 1500 * time.Millisecond},
			[]result{ok, ok, {status: 429, retryAfter: "2"}, ok, ok, {status: 429, retryAfter: "2"}}, "429"},
		{"429 long", Faults{TooManyRequests: Rule{Every: 1, Times: 1}, RetryAfter: time.Hour},
			[]result{{status: 429, retryAfter: "3600"}, ok}, "429"},
		{"503 with Retry-After", Faults{Unavailable: Rule{Every: 2}, UnavailableRetryAfter: 5 * time.Second},
			[]result{ok, {status: 503, retryAfter: "5"}, ok, {status: 503, retryAfter: "5"}}, "503"},
		{"503 without Retry-After", Faults{Unavailable: Rule{Every: 2, Times: 1}},
			[]result{ok, {status: 503}, ok, ok}, "503"},
		{"hangup", Faults{Hangup: Rule{Every: 2}}, []result{ok, {err: true}, ok}, "hangup"},
		{"drop mid-body", Faults{Drop: Rule{Every: 2}}, []result{ok, {status: 200, err: true}, ok}, "drop"},
		{"malformed once", Faults{Malformed: Rule{Every: 1, Times: 1}}, []result{{status: 200, badJSON: true}, ok, ok}, "malformed"},
		{"malformed every 2", Faults{Malformed: Rule{Every: 2}}, []result{ok, {status: 200, badJSON: true}, ok, {status: 200, badJSON: true}}, "malformed"},
		{"token expires mid-sync", Faults{ExpireTokenAfter: 2}, []result{ok, ok, {status: 401}, {status: 401}}, ""},
		{"first rule wins", Faults{Drop: Rule{Every: 2}, TooManyRequests: Rule{Every: 2}}, []result{ok, {status: 200, err: true}, ok}, "drop"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := start(t, Options{Faults: tt.faults})
			tok := e.login().AccessToken
			for i, w := range tt.want {
				path := "Observation?patient=" + bigID
				if i%2 == 1 {
					path = "Patient/" + bigID
				}
				status, ra, body, err := e.rawGet(tok, path)
				got := result{status: status, retryAfter: ra, err: err != nil}
				if err == nil && status == 200 {
					got.badJSON = !json.Valid(body)
				}
				if got.err && w.err {
					got.status = w.status // a hangup has no status; a drop has 200
				}
				if got != w {
					t.Fatalf("request %d: %+v (err %v), want %+v", i+1, got, err, w)
				}
				if status >= 400 && !strings.Contains(string(body), "OperationOutcome") {
					t.Errorf("request %d: error without OperationOutcome: %s", i+1, body)
				}
			}
			if c := e.srv.Counts(); tt.fault != "" && c.Faults[tt.fault] == 0 {
				t.Errorf("counts %v", c.Faults)
			}
		})
	}
}

func TestSlowFault(t *testing.T) {
	e := start(t, Options{Faults: Faults{Slow: Rule{Every: 2}, SlowDelay: 3 * time.Second}})
	var mu sync.Mutex
	var slept []time.Duration
	e.srv.sleep = func(_ context.Context, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		slept = append(slept, d)
	}
	tok := e.login().AccessToken
	for range 4 {
		mustStatus(t, e.get(tok, "Patient/"+bigID), 200)
	}
	if len(slept) != 2 || slept[0] != 3*time.Second {
		t.Errorf("slept %v", slept)
	}
	// The real sleep gives up when the client does.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	sleepCtx(ctx, time.Hour)
}

func TestIgnoreLastUpdated(t *testing.T) {
	e := start(t, Options{Faults: Faults{IgnoreLastUpdated: true}})
	tok := e.login().AccessToken
	r := e.get(tok, "Condition?patient="+bigID+"&_lastUpdated=gt2999-01-01")
	mustStatus(t, r, 200)
	if len(r.resources()) == 0 {
		t.Fatal("_lastUpdated was applied")
	}
	if self := r.link("self"); strings.Contains(self, "_lastUpdated") {
		t.Errorf("self link shows an ignored parameter: %s", self)
	}
	// Still advertised, as by the servers that do this.
	if !strings.Contains(string(e.get("", "metadata").body), "_lastUpdated") {
		t.Error("_lastUpdated not advertised")
	}
}

func TestSetFaults(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	mustStatus(t, e.get(tok, "Patient/"+bigID), 200)
	e.srv.SetFaults(Faults{Unavailable: Rule{Every: 1}})
	mustStatus(t, e.get(tok, "Patient/"+bigID), 503)
	e.srv.SetFaults(Faults{})
	mustStatus(t, e.get(tok, "Patient/"+bigID), 200)
	// Discovery, metadata and OAuth are never faulted.
	e.srv.SetFaults(Faults{Unavailable: Rule{Every: 1}})
	mustStatus(t, e.get("", "metadata"), 200)
	mustStatus(t, e.get("", ".well-known/smart-configuration"), 200)
	if e.login().AccessToken == "" {
		t.Fatal("login failed")
	}
}

func TestNextLinkFaults(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	first := "Condition?patient=" + bigID + "&_count=5"
	n := len(e.searchAll(tok, first))
	if n < 6 {
		t.Fatalf("the fixture patient has %d conditions; the test needs more than one page", n)
	}
	pages := (n + 4) / 5
	for _, tt := range []struct {
		fault NextLinkFault
		// check looks at the i-th page's links (0: the search) and says when it has seen enough.
		check func(t *testing.T, i int, self, next string, seen map[string]int) bool
	}{
		{NextRepeat, func(t *testing.T, i int, self, next string, seen map[string]int) bool {
			if i > 0 && next != self {
				t.Fatalf("page %d: next %q is not the page's own link %q", i, next, self)
			}
			return i == 3
		}},
		{NextCycle, func(t *testing.T, i int, self, next string, seen map[string]int) bool {
			if next == "" {
				t.Fatalf("page %d has no next link", i)
			}
			return seen[next] > 0 && i >= pages
		}},
		{NextEndless, func(t *testing.T, i int, self, next string, seen map[string]int) bool {
			if next == "" || seen[next] > 0 {
				t.Fatalf("page %d: next %q is missing or repeats", i, next)
			}
			return i == 3*pages
		}},
	} {
		t.Run(string(tt.fault), func(t *testing.T) {
			e.srv.SetFaults(Faults{NextLinks: tt.fault})
			t.Cleanup(func() { e.srv.SetFaults(Faults{}) })
			seen := map[string]int{}
			u := first
			for i := 0; ; i++ {
				if i > 10*pages {
					t.Fatal("the fault never showed")
				}
				r := e.get(tok, u)
				mustStatus(t, r, http.StatusOK)
				self, next := r.link("self"), r.link("next")
				seen[self]++
				if tt.check(t, i, self, next, seen) {
					break
				}
				u = next
			}
		})
	}
	// Without the fault the same search ends.
	if got := len(e.searchAll(tok, first)); got != n {
		t.Errorf("after the faults: %d conditions, want %d", got, n)
	}
}
