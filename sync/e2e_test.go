package sync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhirtest"
	"carekeeper/sync/smart"
)

// End-to-end tests: the real FHIR client, SMART sign-in and loopback listener against the
// strict test portal (sync/fhirtest) on 127.0.0.1.

// midPatient is the fixture most end-to-end tests use (803 resources, 16 types).
const midPatient = "synthea/synthea_Jules135_Gutmann970_*.json"

var datasets struct {
	mu gosync.Mutex
	m  map[string]*fhirtest.Dataset
}

func dataset(t testing.TB, pattern string) *fhirtest.Dataset {
	t.Helper()
	datasets.mu.Lock()
	defer datasets.mu.Unlock()
	if ds := datasets.m[pattern]; ds != nil {
		return ds
	}
	ds, err := fhirtest.Load(testutil.Fixture(t, pattern))
	if err != nil {
		t.Fatal(err)
	}
	if datasets.m == nil {
		datasets.m = map[string]*fhirtest.Dataset{}
	}
	datasets.m[pattern] = ds
	return ds
}

// startPortal runs a test portal serving ds until the test ends and returns it and its base.
func startPortal(t testing.TB, ds *fhirtest.Dataset, opt fhirtest.Options) (*fhirtest.Server, string) {
	t.Helper()
	srv := fhirtest.New(ds, opt)
	sctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base, err := srv.Start(sctx)
	if err != nil {
		t.Fatal(err)
	}
	return srv, base
}

// signIn adds the portal to the vault and signs in through the real loopback listener: the
// test plays the browser, following the authorization URL to 127.0.0.1:<port>/callback.
func signIn(t testing.TB, v *storage.Vault, base, profile string) *cksync.Portal {
	t.Helper()
	hc := &http.Client{Timeout: 30 * time.Second}
	cfg, err := smart.Discover(ctx, hc, base)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	p, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "Test portal", FHIR: base, ClientID: fhirtest.DefaultClientID, Profile: profile, Config: cfg}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	login, err := smart.Begin(ctx, hc, cfg, p.ClientID, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer login.Close()
	browser := func() error {
		resp, err := hc.Get(login.AuthorizeURL) // follows the redirect to the loopback listener
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != 200 {
			return fmt.Errorf("the callback page answered %d", resp.StatusCode)
		}
		return nil
	}
	errc := make(chan error, 1)
	go func() { errc <- browser() }()
	tok, err := login.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if err := cksync.Connected(ctx, v, p, tok); err != nil {
		t.Fatal(err)
	}
	p, _ = cksync.GetPortal(v, p.ID)
	return p
}

// syncUntilComplete syncs up to n times (faults may leave a sync incomplete; each resumes).
func syncUntilComplete(t testing.TB, v *storage.Vault, id string, n int, opt cksync.SyncOptions) []*cksync.Result {
	t.Helper()
	var rs []*cksync.Result
	for i := 0; i < n; i++ {
		r, err := cksync.SyncPortal(ctx, v, id, opt)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
		if r.Complete {
			return rs
		}
		if r.SignInAgain {
			t.Fatalf("sync %d: %s", i+1, r.Error)
		}
		t.Logf("sync %d incomplete: %s", i+1, r.Error)
	}
	t.Fatalf("not complete after %d syncs", n)
	return nil
}

var fetchedTypes = []string{"Practitioner", "Organization", "Location", "Medication"}

// portalWants is what a complete sync must hold: the patient's compartment and the
// Practitioners, Organizations, Locations and Medications it references.
func portalWants(srv *fhirtest.Server) map[string]string {
	want := map[string]string{}
	for k, b := range srv.Compartment(srv.Patient()) {
		want[k] = string(b)
	}
	for k, b := range srv.Referenced(srv.Patient()) {
		typ, _, _ := strings.Cut(k, "/")
		if slices.Contains(fetchedTypes, typ) {
			want[k] = string(b)
		}
	}
	return want
}

// checkVaultEqualsPortal compares per type and byte for byte (after compaction: the portal
// serves what it stores, the vault keeps it verbatim).
func checkVaultEqualsPortal(t testing.TB, v *storage.Vault, srv *fhirtest.Server, base string) {
	t.Helper()
	got, _ := vaultContents(t.(*testing.T), v, base)
	want := portalWants(srv)
	for k, w := range want {
		var c bytes.Buffer
		if json.Compact(&c, []byte(w)) == nil {
			want[k] = c.String()
		}
	}
	if d := diffContents(want, got); d != "" {
		t.Errorf("the vault differs from the portal (%d vs %d records): %s", len(got), len(want), d)
	}
	wc, gc := map[string]int{}, map[string]int{}
	for k := range want {
		typ, _, _ := strings.Cut(k, "/")
		wc[typ]++
	}
	for k := range got {
		typ, _, _ := strings.Cut(k, "/")
		gc[typ]++
	}
	if fmt.Sprint(wc) != fmt.Sprint(gc) {
		t.Errorf("per-type counts: vault %v, portal %v", gc, wc)
	}
}

func TestEndToEnd(t *testing.T) {
	ds := dataset(t, midPatient)
	c := &clock{ds.LoadedAt().Add(time.Hour)}
	srv, base := startPortal(t, ds, fhirtest.Options{Clock: c.Now})
	v, _ := newVault(t)
	p := signIn(t, v, base, "")
	opt := cksync.SyncOptions{Now: c.Now}

	// First sync: everything, equal to the portal.
	r := syncUntilComplete(t, v, p.ID, 1, opt)[0]
	checkVaultEqualsPortal(t, v, srv, base)
	counts := srv.TypeCounts(srv.Patient())
	for typ, n := range counts {
		if got := r.Resources[typ]; got == nil || got.Fetched != n || got.Added != n {
			t.Errorf("%s: %+v, portal has %d", typ, got, n)
		}
	}
	t.Logf("first sync: %d requests for %d resources", r.Requests, len(portalWants(srv)))

	// No changes: at most one request per type, nothing fetched.
	c.t = c.t.Add(time.Hour)
	srv.ResetCounts()
	r = syncUntilComplete(t, v, p.ID, 1, opt)[0]
	types := 0
	for _, typ := range cksync.DefaultTypes {
		if counts[typ] > 0 {
			types++
		}
	}
	if fetched(r) != 0 || srv.Counts().Search+srv.Counts().Page > len(cksync.DefaultTypes) {
		t.Errorf("no-change sync fetched %d in %d requests (%+v)", fetched(r), r.Requests, srv.Counts())
	}
	t.Logf("no-change sync: %d requests (%d searches and pages; %d types with data)", r.Requests, srv.Counts().Search+srv.Counts().Page, types)

	// An edit and a delete on the portal.
	comp := srv.Compartment(srv.Patient())
	var obs []string
	for k := range comp {
		if strings.HasPrefix(k, "Observation/") {
			obs = append(obs, strings.TrimPrefix(k, "Observation/"))
		}
	}
	slices.Sort(obs)
	c.t = c.t.Add(time.Hour)
	if err := srv.Update("Observation", obs[0], func(m map[string]any) { m["status"] = "amended" }); err != nil {
		t.Fatal(err)
	}
	if err := srv.Delete("Observation", obs[1]); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(time.Minute)
	r = syncUntilComplete(t, v, p.ID, 1, opt)[0]
	if o := r.Resources["Observation"]; o == nil || o.Updated != 1 {
		t.Errorf("the edit: %+v", o)
	}
	// The delete shows at the next full pass (a week later, or forced).
	c.t = c.t.Add(8 * 24 * time.Hour)
	r = syncUntilComplete(t, v, p.ID, 1, opt)[0]
	if o := r.Resources["Observation"]; !r.Full || o == nil || o.Deleted != 1 {
		t.Errorf("the delete: full %v, %+v", r.Full, o)
	}
	checkVaultEqualsPortal(t, v, srv, base)
	rec, err := v.Get(storage.ID{Source: base, Type: "Observation", ID: obs[1]})
	if err != nil || rec.Meta.Deleted.IsZero() {
		t.Errorf("the deleted Observation is not kept and marked: %v", err)
	}
}

// Every fault flag of the test portal: syncs (resuming) until complete; then the vault equals
// the portal with no duplicates, and an edit and a delete still come through.
func TestEndToEndFaults(t *testing.T) {
	ds := dataset(t, "synthea/synthea_Carl856_Powlowski563_*.json")
	cases := []struct {
		name string
		opt  fhirtest.Options
	}{
		{"none", fhirtest.Options{}},
		{"offset paging", fhirtest.Options{Paging: fhirtest.PagingOffset, MaxCount: 20}},
		{"small pages", fhirtest.Options{MaxCount: 7}},
		{"hangup", fhirtest.Options{Faults: fhirtest.Faults{Hangup: fhirtest.Rule{Every: 5, Times: 2}}}},
		{"drop", fhirtest.Options{Faults: fhirtest.Faults{Drop: fhirtest.Rule{Every: 4, Times: 2}}}},
		{"503", fhirtest.Options{Faults: fhirtest.Faults{Unavailable: fhirtest.Rule{Every: 3, Times: 3}}}},
		{"429", fhirtest.Options{Faults: fhirtest.Faults{TooManyRequests: fhirtest.Rule{Every: 3, Times: 3}}}},
		{"429 beyond the cap", fhirtest.Options{Faults: fhirtest.Faults{TooManyRequests: fhirtest.Rule{Every: 6, Times: 2}, RetryAfter: time.Hour}}},
		{"malformed", fhirtest.Options{Faults: fhirtest.Faults{Malformed: fhirtest.Rule{Every: 3, Times: 4}}}},
		{"slow", fhirtest.Options{Faults: fhirtest.Faults{Slow: fhirtest.Rule{Every: 2, Times: 6}, SlowDelay: 20 * time.Millisecond}}},
		{"tokens expire mid-sync", fhirtest.Options{Faults: fhirtest.Faults{ExpireTokenAfter: 4}}},
		{"_lastUpdated ignored", fhirtest.Options{Faults: fhirtest.Faults{IgnoreLastUpdated: true}}},
		{"no _lastUpdated", fhirtest.Options{NoLastUpdated: true, NoSort: true, OmitTotal: true}},
		{"Epic content type", fhirtest.Options{EpicContentType: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := &clock{ds.LoadedAt().Add(time.Hour)}
			tc.opt.Clock = c.Now
			srv, base := startPortal(t, ds, tc.opt)
			v, _ := newVault(t)
			p := signIn(t, v, base, "")
			opt := cksync.SyncOptions{Now: c.Now, RetryMax: 2}
			syncUntilComplete(t, v, p.ID, 8, opt)
			checkVaultEqualsPortal(t, v, srv, base)
			// Changes still come through the faults.
			c.t = c.t.Add(time.Hour)
			var obs []string
			for k := range srv.Compartment(srv.Patient()) {
				if strings.HasPrefix(k, "Observation/") {
					obs = append(obs, strings.TrimPrefix(k, "Observation/"))
				}
			}
			slices.Sort(obs)
			if err := srv.Update("Observation", obs[0], func(m map[string]any) { m["status"] = "amended" }); err != nil {
				t.Fatal(err)
			}
			if err := srv.Delete("Observation", obs[1]); err != nil {
				t.Fatal(err)
			}
			c.t = c.t.Add(time.Minute)
			opt.Full = true
			syncUntilComplete(t, v, p.ID, 8, opt)
			checkVaultEqualsPortal(t, v, srv, base)
			// A repeated sync changes nothing.
			rs := syncUntilComplete(t, v, p.ID, 8, opt)
			for typ, n := range rs[len(rs)-1].Resources {
				if n.Added+n.Updated+n.Deleted != 0 {
					t.Errorf("a repeated full sync changed %s: %+v", typ, n)
				}
			}
		})
	}
}

// Two portals serving overlapping copies of the same patient: one person, every record shown
// once with both sources, and a medicine stopped at one portal flagged.
func TestEndToEndTwoPortalsDedup(t *testing.T) {
	ds := dataset(t, midPatient)
	srvA, baseA := startPortal(t, ds, fhirtest.Options{})
	srvB, baseB := startPortal(t, ds, fhirtest.Options{})
	// B lacks a third of the Observations and has one record A does not.
	var obs, meds []string
	for k, b := range srvB.Compartment(srvB.Patient()) {
		typ, id, _ := strings.Cut(k, "/")
		switch typ {
		case "Observation":
			obs = append(obs, id)
		case "MedicationRequest":
			if strings.Contains(string(b), `"status":"active"`) {
				meds = append(meds, id)
			}
		}
	}
	slices.Sort(obs)
	slices.Sort(meds)
	onlyA := 0
	for i, id := range obs {
		if i%3 == 0 {
			if err := srvB.Delete("Observation", id); err != nil {
				t.Fatal(err)
			}
			onlyA++
		}
	}
	if len(meds) == 0 {
		t.Fatal("the fixture has no active MedicationRequest")
	}
	if err := srvB.Update("MedicationRequest", meds[0], func(m map[string]any) { m["status"] = "stopped" }); err != nil {
		t.Fatal(err)
	}
	if _, err := srvB.Add(map[string]any{"resourceType": "Observation", "id": "only-at-b", "status": "final",
		"code":              map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "29463-7"}}},
		"subject":           map[string]any{"reference": "Patient/" + srvB.Patient()},
		"effectiveDateTime": "2016-01-01T00:00:00Z", "valueQuantity": map[string]any{"value": 70, "unit": "kg"}}); err != nil {
		t.Fatal(err)
	}

	v, _ := newVault(t)
	pa := signIn(t, v, baseA, "")
	syncUntilComplete(t, v, pa.ID, 1, cksync.SyncOptions{})
	pb := signIn(t, v, baseB, "")
	syncUntilComplete(t, v, pb.ID, 1, cksync.SyncOptions{})
	pa, _ = cksync.GetPortal(v, pa.ID)
	pb, _ = cksync.GetPortal(v, pb.ID)
	if pa.Profile == "" || pa.Profile != pb.Profile {
		t.Fatalf("two portals of one patient made profiles %q and %q", pa.Profile, pb.Profile)
	}
	if ps, _ := v.Profiles(); len(ps) != 1 {
		t.Errorf("%d profiles", len(ps))
	}
	groups, err := cksync.Merged(ctx, v, pa.Profile, "Observation")
	if err != nil {
		t.Fatal(err)
	}
	both, one := 0, 0
	for _, g := range groups {
		switch len(g.Records) {
		case 2:
			both++
			if s := g.Sources(); s[0] == s[1] {
				t.Errorf("a group of one source: %v", s)
			}
		case 1:
			one++
		default:
			t.Errorf("a group of %d", len(g.Records))
		}
	}
	if both != len(obs)-onlyA || one != onlyA+1 {
		t.Errorf("Observations: %d at both, %d at one; want %d and %d", both, one, len(obs)-onlyA, onlyA+1)
	}
	// Every type: shown once.
	for _, typ := range []string{"Encounter", "Condition", "Immunization", "Procedure", "DiagnosticReport", "MedicationRequest", "Patient"} {
		gs, err := cksync.Merged(ctx, v, pa.Profile, typ)
		if err != nil {
			t.Fatal(err)
		}
		n := srvA.TypeCounts(srvA.Patient())[typ]
		if len(gs) != n {
			t.Errorf("%s: %d groups, want %d", typ, len(gs), n)
		}
		for _, g := range gs {
			if len(g.Records) != 2 {
				t.Errorf("%s: a group of %d", typ, len(g.Records))
				break
			}
		}
	}
	dups, err := cksync.Duplicates(ctx, v, pa.Profile, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records seen at both portals", len(dups))
	conflicts, err := cksync.MedicationConflicts(ctx, v, pa.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 1 || len(conflicts[0].ActiveAt) != 1 || conflicts[0].ActiveAt[0] != baseA || conflicts[0].NotActiveAt[0] != baseB {
		t.Errorf("medication conflicts: %+v", conflicts)
	}
}

// A portal whose next links never end (the same link again, a circle back to the first page,
// or new links forever) is stopped: the sync ends incomplete, says which portal misbehaved
// (no URL), and completes once the portal pages properly again.
func TestEndToEndNextLinksNeverEnd(t *testing.T) {
	ds := dataset(t, "synthea/synthea_Carl856_Powlowski563_*.json")
	const maxPages = 15
	for _, tc := range []struct {
		fault fhirtest.NextLinkFault
		want  string
	}{
		{fhirtest.NextRepeat, "sent a next-page link it had sent before"},
		{fhirtest.NextCycle, "sent a next-page link it had sent before"},
		{fhirtest.NextEndless, fmt.Sprintf("sent more than %d pages", maxPages)},
	} {
		t.Run(string(tc.fault), func(t *testing.T) {
			t.Parallel()
			c := &clock{ds.LoadedAt().Add(time.Hour)}
			srv, base := startPortal(t, ds, fhirtest.Options{Clock: c.Now, MaxCount: 10, Faults: fhirtest.Faults{NextLinks: tc.fault}})
			v, _ := newVault(t)
			p := signIn(t, v, base, "")
			opt := cksync.SyncOptions{Now: c.Now, RetryMax: 1, MaxPages: maxPages, Types: []string{"Observation", "Condition", "Encounter"}}
			srv.ResetCounts()
			r, err := cksync.SyncPortal(ctx, v, p.ID, opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Complete || !strings.Contains(r.Error, tc.want) || !strings.Contains(r.Error, "Test portal") {
				t.Fatalf("complete %v, error %q: want incomplete, naming the portal, %q", r.Complete, r.Error, tc.want)
			}
			if strings.Contains(r.Error, "http") || strings.Contains(r.Error, srv.Patient()) {
				t.Errorf("the error shows a URL or an id: %q", r.Error)
			}
			// Bounded: at most maxPages (+ the first search) per type, the patient, metadata and references.
			if n := srv.Counts().Data(); n > 3*(maxPages+1)+200 {
				t.Errorf("%d requests", n)
			}
			got, err := cksync.GetPortal(v, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != cksync.StatusIncomplete || got.LastError != r.Error {
				t.Errorf("portal status %q, %q", got.Status, got.LastError)
			}
			// The portal pages properly again: the next sync completes.
			srv.SetFaults(fhirtest.Faults{})
			syncUntilComplete(t, v, p.ID, 3, opt)
		})
	}
}

// Every sync has an overall deadline: a portal that never answers ends the sync, incomplete,
// with the portal's name; the caller's context is not needed to stop it.
func TestEndToEndDeadline(t *testing.T) {
	ds := dataset(t, "synthea/synthea_Carl856_Powlowski563_*.json")
	srv, base := startPortal(t, ds, fhirtest.Options{})
	v, _ := newVault(t)
	p := signIn(t, v, base, "")
	srv.SetFaults(fhirtest.Faults{Slow: fhirtest.Rule{Every: 3}, SlowDelay: time.Hour})
	r, err := cksync.SyncPortal(ctx, v, p.ID, cksync.SyncOptions{Deadline: 500 * time.Millisecond, RetryMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Complete || !strings.Contains(r.Error, "Test portal took longer than") {
		t.Fatalf("complete %v, error %q", r.Complete, r.Error)
	}
	if got, _ := cksync.GetPortal(v, p.ID); got.Status == cksync.StatusOK {
		t.Errorf("portal status %q", got.Status)
	}
}

// A sync stopped by its caller returns its Result with the error: never marked complete.
func TestSyncCancelledIsNotComplete(t *testing.T) {
	ds := dataset(t, "synthea/synthea_Carl856_Powlowski563_*.json")
	_, base := startPortal(t, ds, fhirtest.Options{MaxCount: 10})
	v, _ := newVault(t)
	p := signIn(t, v, base, "")
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r, err := cksync.SyncPortal(cctx, v, p.ID, cksync.SyncOptions{Progress: func(pr cksync.Progress) {
		if pr.Pages == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if r == nil || r.Complete || r.Error == "" {
		t.Fatalf("a cancelled sync: %+v", r)
	}
}
