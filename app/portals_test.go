package app

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/clinic"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhirtest"

	"fyne.io/fyne/v2/test"
)

func init() {
	// Tests drive syncs themselves, and see no clinic configuration of the machine running them.
	backgroundSync = false
	newClinicLoader = func() (*clinic.Loader, error) { return &clinic.Loader{}, nil }
}

// playBrowser stands in for the system browser: it follows the sign-in page's redirects to the
// app's loopback listener, as a browser would after the person signs in.
func playBrowser(t *testing.T) (restore func()) {
	t.Helper()
	old := openBrowser
	openBrowser = func(u string) error {
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				t.Errorf("the browser could not sign in: %v", err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
		return nil
	}
	return func() { openBrowser = old }
}

// testPortal serves a Synthea patient on loopback.
func testPortal(t *testing.T, glob string) (*fhirtest.Server, string) {
	t.Helper()
	ds, err := fhirtest.Load(fixture(t, glob))
	if err != nil {
		t.Fatal(err)
	}
	srv := fhirtest.New(ds, fhirtest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base, err := srv.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return srv, base
}

func TestPortals_ConnectAndSyncNow(t *testing.T) {
	_, base := testPortal(t, "synthea/Ned_Hintz_*.json")
	defer playBrowser(t)()
	u := unlocked(t)
	s := u.shell
	s.show(scFiles)
	u.idle()
	p := s.portalsPage()
	if p == nil || len(p.rows) != 0 || !p.emptyState.Visible() {
		t.Fatalf("portals screen: %+v", p)
	}

	// A portal that is not there: a clear message, nothing saved.
	p.openConnect("")
	f := p.flow
	setText(f.base, "http://127.0.0.1:1/fhir")
	test.Tap(f.goBt)
	u.idle()
	if !f.message.isError() || !strings.Contains(f.message.Text, "could not read the portal") {
		t.Errorf("unreachable portal: %q", f.message.Text)
	}
	setText(f.base, "ftp://example.org")
	test.Tap(f.goBt)
	u.idle()
	if !strings.Contains(f.message.Text, "https://") {
		t.Errorf("not https: %q", f.message.Text)
	}

	// The test portal: discovery, check, sign-in through the loopback listener, first sync.
	setText(f.name, "Test hospital")
	setText(f.base, base)
	setText(f.clientID, fhirtest.DefaultClientID)
	var synced map[string]*cksync.Result
	p.onSynced = func(r map[string]*cksync.Result) { synced = r }
	test.Tap(f.goBt)
	u.idle()
	if f.message.isError() {
		t.Fatalf("connect: %q", f.message.Text)
	}
	if synced == nil {
		t.Fatal("no sync after connecting")
	}
	if len(p.portals) != 1 || !p.portals[0].Connected || p.portals[0].Status != cksync.StatusOK {
		t.Fatalf("portal after the first sync: %+v", p.portals)
	}
	r := synced[p.portals[0].ID]
	if r == nil || !r.Complete || sumChanged(r) == 0 {
		t.Fatalf("first sync: %+v", r)
	}
	if len(p.rows) != 1 || !strings.Contains(p.rows[0].Title, "Test hospital") || !strings.Contains(p.rows[0].Sub, "up to date") ||
		!strings.Contains(p.rows[0].Sub, "new") {
		t.Errorf("row: %+v", p.rows)
	}
	if len(s.people) != 1 || s.set == nil || len(s.set.Records) == 0 {
		t.Errorf("the records did not arrive: people %+v", s.people)
	}
	if !strings.Contains(p.lastRun.Text, "Test hospital") {
		t.Errorf("last run: %q", p.lastRun.Text)
	}

	// Sync now again: nothing new, the screen says so.
	synced = nil
	test.Tap(p.syncBt)
	u.idle()
	if synced == nil || sumChanged(synced[p.portals[0].ID]) != 0 || !strings.Contains(p.rows[0].Sub, "nothing new") {
		t.Errorf("second sync: %+v, row %+v", synced, p.rows)
	}

	// Today's sync-status line names the portal.
	ins := newInsightsPanel(s)
	apply := ins.compute(&pageData{ctx: u.ctx, v: u.vault, profile: s.profile, people: s.people, set: s.set, now: time.Now()})
	apply()
	if !ins.status.Visible() || len(ins.status.Objects) != 2 {
		t.Errorf("sync status: %d lines", len(ins.status.Objects))
	}
}

func TestPortals_SignInShowsURLAndCancel(t *testing.T) {
	_, base := testPortal(t, "synthea/Ned_Hintz_*.json")
	old := openBrowser
	var opened string
	openBrowser = func(u string) error { opened = u; return nil }
	defer func() { openBrowser = old }()
	u := unlocked(t)
	s := u.shell
	s.show(scFiles)
	u.idle()
	p := s.portalsPage()
	p.openConnect("")
	setText(p.flow.base, base)
	setText(p.flow.clientID, fhirtest.DefaultClientID)
	test.Tap(p.flow.goBt)
	// Run until the sign-in waits for the browser (the wait itself stays pending).
	for p.signin == nil || p.signin.login == nil {
		(<-u.testQueue)()
	}
	f := p.signin
	if opened == "" || f.url.Text != opened || !strings.Contains(opened, "code_challenge_method=S256") {
		t.Fatalf("authorize URL %q shown %q", opened, f.url.Text)
	}
	test.Tap(f.copyBt)
	if u.app.Clipboard().Content() != opened {
		t.Error("copy did not copy the address")
	}
	f.dialog.Hide() // Cancel
	u.idle()
	if len(p.portals) != 1 || p.portals[0].Connected {
		t.Errorf("after cancelling: %+v", p.portals)
	}
}

// A portal that gave no refresh token says, in its status, that its sign-in lasts a session.
func TestPortalStatusWordsSessionOnly(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		p    cksync.Portal
		warn bool
	}{
		{cksync.Portal{Connected: true, Status: cksync.StatusOK, LastSync: now, SessionOnly: true}, true},
		{cksync.Portal{Connected: true, Status: cksync.StatusOK, LastSync: now}, false},
		{cksync.Portal{Connected: false, Status: cksync.StatusSignInAgain, SessionOnly: true}, false},
	} {
		got := portalStatusWords(&tt.p, now)
		if strings.Contains(got, "sign in again after each session") != tt.warn {
			t.Errorf("%+v: %q", tt.p, got)
		}
	}
}

// A sync that did not finish says so in plain words, whatever the engine's error text; the
// portal's reason follows as the detail.
func TestSyncResultWords(t *testing.T) {
	counts := map[string]*cksync.Counts{"Observation": {Added: 3}}
	for _, tt := range []struct {
		r    cksync.Result
		want string
	}{
		{cksync.Result{Complete: true, Resources: counts}, "3 new, 0 changed, 0 deleted at the portal"},
		{cksync.Result{Resources: counts, Offline: true, Error: "fhir: cannot reach the portal after 3 attempt(s): dial tcp: connection refused"},
			"not finished: CareKeeper could not reach the portal. Check the address and your connection. Details: Fhir: cannot reach"},
		{cksync.Result{Resources: counts, SignInAgain: true}, "the portal asks you to sign in again"},
		{cksync.Result{Resources: counts, RetryAfter: time.Minute}, "the portal is busy"},
		{cksync.Result{Resources: counts}, "not finished: some records did not come"}, // incomplete without a reason
	} {
		got := resultWords(&tt.r)
		if !strings.Contains(got, tt.want) {
			t.Errorf("resultWords(%+v) = %q, want %q", tt.r, got, tt.want)
		}
		if !tt.r.Complete && strings.HasPrefix(got, "3 new") && !strings.Contains(got, "not finished") {
			t.Errorf("an incomplete sync reads as complete: %q", got)
		}
	}
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	p := cksync.Portal{Connected: true, Status: cksync.StatusOffline, LastSync: now.Add(-time.Hour), LastError: "dial tcp: i/o timeout"}
	if got := portalStatusWords(&p, now); !strings.Contains(got, "could not reach the portal") || !strings.Contains(got, "Details: Dial tcp") {
		t.Errorf("offline status %q", got)
	}
}
