package smart_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/sync/fhir"
	"carekeeper/sync/fhirtest"
	"carekeeper/sync/smart"
)

// rotatingSource is a fhir.TokenSource over smart.Refresh that keeps the rotated refresh
// token, as the sync engine's vault-backed store does.
type rotatingSource struct {
	mu       sync.Mutex
	cfg      *smart.Configuration
	tok      *smart.Token
	refreshs int
}

func (s *rotatingSource) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.AccessToken, nil
}

func (s *rotatingSource) Refresh(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := smart.Refresh(ctx, nil, s.cfg, fhirtest.DefaultClientID, s.tok.RefreshToken)
	if err != nil {
		return "", err
	}
	t.Patient = s.tok.Patient
	s.tok = t
	s.refreshs++
	return t.AccessToken, nil
}

// signIn runs discovery and the loopback sign-in against the portal, following the
// authorization redirect as the system browser would.
func signIn(t *testing.T, ctx context.Context, base string) (*smart.Configuration, *smart.Token) {
	t.Helper()
	cfg, err := smart.Discover(ctx, nil, base)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	l, err := smart.Begin(ctx, nil, cfg, fhirtest.DefaultClientID, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	resp, err := http.Get(l.AuthorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "You can close this tab") {
		t.Fatalf("callback page: %d %s", resp.StatusCode, page)
	}
	tok, err := l.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Patient == "" || tok.RefreshToken == "" || tok.AccessToken == "" {
		t.Fatalf("token lacks patient or refresh token (patient %q)", tok.Patient)
	}
	return cfg, tok
}

// fetchAll reads the patient and searches every supported type, following next links.
func fetchAll(t *testing.T, ctx context.Context, c *fhir.Client, patient string) map[string]int {
	t.Helper()
	capab, err := c.Capabilities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(ctx, "Patient/"+patient); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	seen := map[string]bool{}
	for _, typ := range capab.Types {
		if !capab.Supports(typ, "patient") {
			continue
		}
		link := typ + "?" + url.Values{"patient": {patient}, "_count": {"100"}}.Encode()
		for link != "" {
			p, err := c.Search(ctx, link)
			if err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			if p.ServerTime.IsZero() {
				t.Fatalf("%s: no Date header", typ)
			}
			for _, r := range p.Resources {
				var head struct{ ResourceType, ID string }
				if err := json.Unmarshal(r, &head); err != nil {
					t.Fatal(err)
				}
				key := head.ResourceType + "/" + head.ID
				if seen[key] {
					t.Fatalf("%s returned twice", head.ResourceType)
				}
				seen[key] = true
				got[head.ResourceType]++
			}
			link = p.Next
		}
	}
	got["Patient"]++ // the read
	return got
}

func TestAgainstTestPortal(t *testing.T) {
	ds, err := fhirtest.Load(testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"))
	if err != nil {
		t.Fatal(err)
	}
	noWait := func(time.Duration) time.Duration { return 0 }
	tests := []struct {
		name   string
		opts   fhirtest.Options
		expect func(t *testing.T, s *fhirtest.Server, ts *rotatingSource)
	}{
		{"strict", fhirtest.Options{}, nil},
		{"epic content type, small pages", fhirtest.Options{EpicContentType: true, MaxCount: 7}, nil},
		{"offset paging", fhirtest.Options{Paging: fhirtest.PagingOffset, MaxCount: 10}, nil},
		{"faults", fhirtest.Options{MaxCount: 10, Faults: fhirtest.Faults{
			TooManyRequests:  fhirtest.Rule{Every: 4},
			Unavailable:      fhirtest.Rule{Every: 7},
			Drop:             fhirtest.Rule{Every: 9},
			Hangup:           fhirtest.Rule{Every: 11},
			Malformed:        fhirtest.Rule{Every: 13},
			ExpireTokenAfter: 6,
		}}, func(t *testing.T, s *fhirtest.Server, ts *rotatingSource) {
			c := s.Counts()
			for _, f := range []string{"429", "503", "drop", "hangup", "malformed"} {
				if c.Faults[f] == 0 {
					t.Errorf("fault %s never fired", f)
				}
			}
			// A 401 whose answer is then dropped by another fault is seen twice by the
			// portal but refreshed once.
			if ts.refreshs == 0 || c.Unauthorized < ts.refreshs {
				t.Errorf("%d refreshes for %d 401s", ts.refreshs, c.Unauthorized)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			s := fhirtest.New(ds, tt.opts)
			base, err := s.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cfg, tok := signIn(t, ctx, base)
			ts := &rotatingSource{cfg: cfg, tok: tok}
			c, err := fhir.New(base, ts, fhir.Options{Wait: noWait})
			if err != nil {
				t.Fatal(err)
			}
			got := fetchAll(t, ctx, c, tok.Patient)
			want := ds.Counts(tok.Patient)
			for typ, n := range want {
				if got[typ] != n {
					t.Errorf("%s: got %d, want %d", typ, got[typ], n)
				}
			}
			for typ := range got {
				if _, ok := want[typ]; !ok {
					t.Errorf("unexpected type %s", typ)
				}
			}
			if tt.expect != nil {
				tt.expect(t, s, ts)
			}
			if n := s.Counts().Token; n != 1+ts.refreshs {
				t.Errorf("%d token requests for 1 sign-in and %d refreshes", n, ts.refreshs)
			}
		})
	}
}

// TestTestPortalRefreshRevoked: after a rotation the old refresh token is refused, and that
// asks the person to sign in again (without naming the token).
func TestTestPortalRefreshRevoked(t *testing.T) {
	ds, err := fhirtest.Load(testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s := fhirtest.New(ds, fhirtest.Options{})
	base, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg, tok := signIn(t, ctx, base)
	t2, err := smart.Refresh(ctx, nil, cfg, fhirtest.DefaultClientID, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	// The test portal rotates refresh tokens on every use (sync/fhirtest): a refresh that
	// gives none, or the same one, is a failure, not a reason to skip the check below.
	if tok.RefreshToken == "" || t2.RefreshToken == "" || t2.RefreshToken == tok.RefreshToken {
		t.Fatalf("the refresh token was not rotated (before %t, after %t, same %t)",
			tok.RefreshToken != "", t2.RefreshToken != "", t2.RefreshToken == tok.RefreshToken)
	}
	// The old, rotated-away refresh token is refused: sign in again.
	_, err = smart.Refresh(ctx, nil, cfg, fhirtest.DefaultClientID, tok.RefreshToken)
	if !errors.Is(err, smart.ErrSignInAgain) {
		t.Fatalf("old refresh token: %v", err)
	}
	if strings.Contains(err.Error(), tok.RefreshToken) {
		t.Fatal("error names the refresh token")
	}
}
