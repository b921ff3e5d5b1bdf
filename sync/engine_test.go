package sync_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhir"
	"carekeeper/sync/smart"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clock is a settable fake clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// connect adds the fake portal to the vault and records a sign-in to it.
func connect(t *testing.T, v *storage.Vault, f *fakePortal) *cksync.Portal {
	t.Helper()
	p, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "Fake clinic", FHIR: f.base}, t0)
	if err != nil {
		t.Fatal(err)
	}
	f.access, f.refresh = "access-0", "refresh-0"
	if err := cksync.Connected(ctx, v, p, &smart.Token{AccessToken: f.access, RefreshToken: f.refresh, Patient: f.patient, Expiry: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return p
}

func fakeOptions(f *fakePortal, c *clock) cksync.SyncOptions {
	return cksync.SyncOptions{
		Now:     c.Now,
		Refresh: f.refreshFunc,
		NewClient: func(p *cksync.Portal, ts fhir.TokenSource, _ fhir.Options) (cksync.Client, error) {
			return f, nil
		},
	}
}

func syncOK(t *testing.T, v *storage.Vault, id string, opt cksync.SyncOptions) *cksync.Result {
	t.Helper()
	r, err := cksync.SyncPortal(ctx, v, id, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete || r.Error != "" {
		t.Fatalf("sync incomplete: %q", r.Error)
	}
	return r
}

func checkEqual(t *testing.T, v *storage.Vault, f *fakePortal) {
	t.Helper()
	got, _ := vaultContents(t, v, f.base)
	if d := diffContents(f.contents(), got); d != "" {
		t.Errorf("vault differs from the portal: %s", d)
	}
}

func fetched(r *cksync.Result) int {
	n := 0
	for typ, c := range r.Resources {
		if typ != "Patient" {
			n += c.Fetched
		}
	}
	return n
}

func TestSyncFirstIncrementalEditDelete(t *testing.T) {
	v, _ := newVault(t)
	f := newFakePortal("https://a.example/fhir", "p1", t0)
	f.addObservations("", 250)
	f.advance(time.Hour)
	p := connect(t, v, f)
	c := &clock{t0}
	opt := fakeOptions(f, c)

	r := syncOK(t, v, p.ID, opt)
	if !r.Full {
		t.Error("the first sync is not a full pass")
	}
	want := map[string]cksync.Counts{
		"Patient":      {Fetched: 1, Added: 1},
		"Observation":  {Fetched: 250, Added: 250},
		"Encounter":    {Fetched: 25, Added: 25},
		"Practitioner": {Fetched: 1, Added: 1},
		"Organization": {Fetched: 1, Added: 1},
	}
	for typ, w := range want {
		if got := r.Resources[typ]; got == nil || *got != w {
			t.Errorf("%s: %+v, want %+v", typ, got, w)
		}
	}
	checkEqual(t, v, f)
	p, _ = cksync.GetPortal(v, p.ID)
	if p.Profile == "" || p.Status != cksync.StatusOK || p.LastSync.IsZero() {
		t.Errorf("portal after sync: %+v", p)
	}
	prof, err := v.Profile(p.Profile)
	if err != nil || prof.Name != "Jane Doe" {
		t.Errorf("profile %+v %v", prof, err)
	}

	// No changes: one request per type (plus the Patient and the CapabilityStatement).
	f.advance(time.Hour)
	c.t = c.t.Add(time.Hour)
	r = syncOK(t, v, p.ID, opt)
	if r.Full || fetched(r) != 0 || r.Requests != 2+3 {
		t.Errorf("no-change sync: full %v, fetched %d, %d requests", r.Full, fetched(r), r.Requests)
	}

	// An edit and a delete: the edit shows at once, the delete at the next full pass.
	f.advance(time.Hour)
	f.put("Observation", "o5", map[string]any{"status": "amended", "subject": map[string]any{"reference": "Patient/p1"}})
	f.del("Observation", "o7")
	f.advance(time.Minute)
	c.t = c.t.Add(2 * time.Hour)
	r = syncOK(t, v, p.ID, opt)
	if o := r.Resources["Observation"]; o == nil || o.Updated != 1 || o.Fetched != 1 || o.Deleted != 0 {
		t.Errorf("incremental: %+v", o)
	}
	c.t = c.t.Add(8 * 24 * time.Hour)
	f.advance(8 * 24 * time.Hour)
	r = syncOK(t, v, p.ID, opt)
	if o := r.Resources["Observation"]; !r.Full || o == nil || o.Deleted != 1 || o.Unchanged != 249 {
		t.Errorf("full pass: full %v %+v", r.Full, o)
	}
	checkEqual(t, v, f)
	rec, err := v.Get(storage.ID{Source: f.base, Type: "Observation", ID: "o7"})
	if err != nil || rec.Meta.Deleted.IsZero() {
		t.Errorf("the deleted record is not kept and marked: %v", err)
	}
	// Another full pass changes nothing.
	r = syncOK(t, v, p.ID, cksync.SyncOptions{Now: c.Now, Full: true, NewClient: opt.NewClient})
	for typ, n := range r.Resources {
		if n.Added+n.Updated+n.Deleted != 0 {
			t.Errorf("repeated full pass changed %s: %+v", typ, n)
		}
	}
}

// A server that ignores _lastUpdated (its self link drops it) is noticed: the pass compares
// by content, later passes stop sending the parameter, and deletions are noticed at once.
func TestSyncIgnoredLastUpdated(t *testing.T) {
	v, _ := newVault(t)
	f := newFakePortal("https://b.example/r4", "p1", t0)
	f.ignoreLU = true
	f.addObservations("", 120)
	p := connect(t, v, f)
	c := &clock{t0}
	opt := fakeOptions(f, c)
	syncOK(t, v, p.ID, opt)
	f.advance(time.Hour)
	var sent []string
	f.fail = func(_ int, kind, path string) error {
		if kind == "search" {
			sent = append(sent, path)
		}
		return nil
	}
	r := syncOK(t, v, p.ID, opt)
	if o := r.Resources["Observation"]; o == nil || o.Fetched != 120 || o.Unchanged != 120 {
		t.Errorf("ignored _lastUpdated: %+v", o)
	}
	f.del("Observation", "o1")
	sent = nil
	r = syncOK(t, v, p.ID, opt)
	for _, s := range sent {
		if strings.Contains(s, "_lastUpdated=") {
			t.Errorf("still sends _lastUpdated: %s", s)
		}
	}
	if o := r.Resources["Observation"]; o == nil || o.Deleted != 1 {
		t.Errorf("deletion not noticed: %+v", o)
	}
	checkEqual(t, v, f)
}

// A sync cancelled at every possible request resumes and ends equal to the portal, with no
// duplicates, and never fetches a finished page again.
func TestSyncResumesAfterCancelAtEveryRequest(t *testing.T) {
	f := newFakePortal("https://c.example/fhir", "p1", t0)
	f.addObservations("", 230)
	v0, _ := newVault(t)
	p0 := connect(t, v0, f)
	c := &clock{t0}
	r0 := syncOK(t, v0, p0.ID, fakeOptions(f, c))
	total := r0.Requests
	for k := 1; k <= total; k++ {
		v, _ := newVault(t)
		p := connect(t, v, f)
		cctx, cancel := context.WithCancel(ctx)
		f.fail = func(n int, _, _ string) error {
			if n == k {
				cancel()
				return context.Canceled
			}
			return nil
		}
		f.requests = 0
		_, err := cksync.SyncPortal(cctx, v, p.ID, fakeOptions(f, c))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("k=%d: %v", k, err)
		}
		f.fail = nil
		f.requests = 0
		r := syncOK(t, v, p.ID, fakeOptions(f, c))
		checkEqual(t, v, f)
		// Pages stored before the cancel are not fetched again (the Patient and metadata are,
		// and the two referenced resources, stored together).
		if r.Requests > total-(k-1)+2+2 {
			t.Errorf("k=%d: the resumed sync made %d requests (uninterrupted: %d)", k, r.Requests, total)
		}
		ps, _ := v.Profiles()
		if len(ps) != 1 {
			t.Errorf("k=%d: %d profiles", k, len(ps))
		}
		cancel()
		testvault.Done(t, v) // one vault a request: closed and removed now, not at the end
	}
}

func TestSyncPageFailureIsIncompleteThenResumes(t *testing.T) {
	v, _ := newVault(t)
	f := newFakePortal("https://d.example/fhir", "patient-secret-42", t0)
	f.addObservations("", 250)
	p := connect(t, v, f)
	c := &clock{t0}
	f.fail = func(_ int, kind, path string) error {
		if kind == "search" && strings.Contains(path, "Observation") && strings.Contains(path, "_offset=100") {
			return errors.New("fhir: the page is not valid JSON (at byte 17)")
		}
		return nil
	}
	r, err := cksync.SyncPortal(ctx, v, p.ID, fakeOptions(f, c))
	if err != nil {
		t.Fatal(err)
	}
	if r.Complete || !strings.Contains(r.Error, "Observation: page 2 failed") {
		t.Fatalf("complete %v, error %q", r.Complete, r.Error)
	}
	for _, bad := range []string{"secret", "http", "example"} {
		if strings.Contains(r.Error, bad) {
			t.Errorf("the error shows %q: %q", bad, r.Error)
		}
	}
	p, _ = cksync.GetPortal(v, p.ID)
	if p.Status != cksync.StatusIncomplete || p.LastError == "" {
		t.Errorf("portal %q %q", p.Status, p.LastError)
	}
	f.fail = nil
	r = syncOK(t, v, p.ID, fakeOptions(f, c))
	// Resumed at page 2 of Observation: pages 2 and 3, nothing else searched again.
	if o := r.Resources["Observation"]; o == nil || o.Fetched != 150 {
		t.Errorf("resume: %+v", o)
	}
	if e := r.Resources["Encounter"]; e != nil && e.Fetched != 0 {
		t.Errorf("a finished type was fetched again: %+v", e)
	}
	checkEqual(t, v, f)
}

func TestSyncStops(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status string
		check  func(*cksync.Result) bool
	}{
		{"retry later", &fhir.RetryLaterError{After: 10 * time.Minute}, cksync.StatusRetryLater, func(r *cksync.Result) bool { return r.RetryAfter == 10*time.Minute }},
		{"offline", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, cksync.StatusOffline, func(r *cksync.Result) bool { return r.Offline }},
		{"unauthorized", fhir.ErrUnauthorized, cksync.StatusSignInAgain, func(r *cksync.Result) bool { return r.SignInAgain }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVault(t)
			f := newFakePortal("https://e.example/fhir", "p1", t0)
			f.addObservations("", 150)
			p := connect(t, v, f)
			c := &clock{t0}
			f.fail = func(_ int, kind, path string) error {
				if strings.Contains(path, "Observation") && strings.Contains(path, "_offset") {
					return tc.err
				}
				return nil
			}
			r, err := cksync.SyncPortal(ctx, v, p.ID, fakeOptions(f, c))
			if err != nil {
				t.Fatal(err)
			}
			if r.Complete || !tc.check(r) {
				t.Errorf("result %+v", r)
			}
			p, _ = cksync.GetPortal(v, p.ID)
			if p.Status != tc.status {
				t.Errorf("status %q, want %q", p.Status, tc.status)
			}
			if tc.status == cksync.StatusSignInAgain {
				return
			}
			f.fail = nil
			syncOK(t, v, p.ID, fakeOptions(f, c))
			checkEqual(t, v, f)
		})
	}
}

// An expired access token is refreshed once; the rotated refresh token is in the vault
// before the new access token is used. A refused refresh asks the person to sign in again.
func TestSyncTokenRefresh(t *testing.T) {
	v, _ := newVault(t)
	f := newFakePortal("https://f.example/fhir", "p1", t0.Add(2*time.Hour))
	f.addObservations("", 30)
	p := connect(t, v, f)
	// The access token has expired (token expiry is on the real clock).
	if err := cksync.Connected(ctx, v, p, &smart.Token{AccessToken: f.access, RefreshToken: f.refresh, Patient: f.patient, Expiry: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	c := &clock{t0.Add(2 * time.Hour)}
	opt := fakeOptions(f, c)
	opt.NewClient = func(_ *cksync.Portal, ts fhir.TokenSource, _ fhir.Options) (cksync.Client, error) {
		f.ts = ts
		return f, nil
	}
	checked := 0
	f.checkRotation = func() {
		checked++
		tok, err := cksync.GetTokens(v, p.ID)
		if err != nil || tok.RefreshToken != f.refresh || tok.AccessToken != f.access {
			t.Errorf("the rotated tokens were not saved before use: %v", err)
		}
	}
	syncOK(t, v, p.ID, opt)
	if f.rotations != 1 || checked != 1 {
		t.Errorf("%d refreshes, %d checks", f.rotations, checked)
	}
	// The server revokes the access token mid-sync: one refresh, the sync carries on.
	f.access = "revoked"
	f.advance(time.Hour)
	syncOK(t, v, p.ID, opt)
	if f.rotations != 2 {
		t.Errorf("%d refreshes", f.rotations)
	}
	// The refresh token is revoked too: sign in again.
	f.access, f.refresh = "revoked", "revoked"
	r, err := cksync.SyncPortal(ctx, v, p.ID, opt)
	if err != nil {
		t.Fatal(err)
	}
	if r.Complete || !r.SignInAgain {
		t.Errorf("result %+v", r)
	}
	p, _ = cksync.GetPortal(v, p.ID)
	if p.Status != cksync.StatusSignInAgain || p.Connected {
		t.Errorf("portal %q connected %v", p.Status, p.Connected)
	}
	if _, err := cksync.SyncPortal(ctx, v, p.ID, opt); !errors.Is(err, cksync.ErrNotConnected) {
		t.Errorf("sync of a disconnected portal: %v", err)
	}
}

func TestPortalAddList(t *testing.T) {
	v, _ := newVault(t)
	if _, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "x", FHIR: "http://portal.example/fhir"}, t0); err == nil {
		t.Error("plain http accepted")
	}
	if _, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "x", FHIR: "https://portal.example/fhir", Profile: "nobody"}, t0); !errors.Is(err, cksync.ErrUnknownProfile) {
		t.Errorf("unknown profile: %v", err)
	}
	a, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "A", FHIR: "https://a.example/fhir/"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "B", FHIR: "http://127.0.0.1:9/fhir", ClientID: "me"}, t0.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := cksync.Portals(ctx, v)
	if err != nil || len(ps) != 2 || ps[0].ID != a.ID || ps[1].ID != b.ID {
		t.Fatalf("portals %+v %v", ps, err)
	}
	if ps[0].FHIR != "https://a.example/fhir" || ps[0].ClientID != cksync.DefaultClientID || ps[1].ClientID != "me" || ps[0].Status != cksync.StatusNotConnected {
		t.Errorf("portals %+v", ps)
	}
	if _, err := cksync.GetPortal(v, "nope"); !errors.Is(err, cksync.ErrUnknownPortal) {
		t.Errorf("unknown portal: %v", err)
	}
	if _, err := cksync.SyncPortal(ctx, v, a.ID, cksync.SyncOptions{}); !errors.Is(err, cksync.ErrNotConnected) {
		t.Errorf("unconnected: %v", err)
	}
}
