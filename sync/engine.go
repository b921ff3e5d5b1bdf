package sync

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/storage"
	"carekeeper/sync/fhir"
	"carekeeper/sync/smart"
)

// DefaultTypes are the resource types a sync searches, when the portal's CapabilityStatement
// supports them: the US Core patient data types, and the other patient-compartment types
// portals commonly serve (claims, imaging, administrations, provenance).
var DefaultTypes = []string{
	"AllergyIntolerance", "Appointment", "CarePlan", "CareTeam", "Claim", "Condition", "Coverage",
	"Device", "DiagnosticReport", "DocumentReference", "Encounter", "ExplanationOfBenefit", "Goal",
	"ImagingStudy", "Immunization", "MedicationAdministration", "MedicationDispense",
	"MedicationRequest", "MedicationStatement", "Observation", "Procedure", "Provenance",
	"QuestionnaireResponse", "RelatedPerson", "ServiceRequest", "Specimen", "SupplyDelivery",
}

// referencedTypes are fetched by id once each when a synced record refers to one the vault
// does not hold yet.
var referencedTypes = []string{"Practitioner", "Organization", "Location", "Medication"}

// Defaults of SyncOptions.
const (
	DefaultFullEvery = 7 * 24 * time.Hour
	DefaultOverlap   = 5 * time.Minute
	PageSize         = 100
	// DefaultMaxPages caps the pages of one type in one pass (a million resources at
	// PageSize): a portal whose next links never end is stopped there.
	DefaultMaxPages = 10000
	// DefaultDeadline is how long one sync of one portal may take; a pass that is not done
	// by then stops and resumes at the next sync.
	DefaultDeadline = 30 * time.Minute
)

// Client is what a sync needs of a portal's FHIR API; *fhir.Client implements it.
type Client interface {
	Read(ctx context.Context, path string) ([]byte, error)
	Capabilities(ctx context.Context) (*fhir.Capability, error)
	Search(ctx context.Context, url string) (*fhir.Page, error)
}

// SyncOptions tune a sync. The zero value syncs with real HTTP.
type SyncOptions struct {
	Now        func() time.Time // clock; nil = time.Now
	FullEvery  time.Duration    // a full pass (notices deletions) this often; default 7 days
	Overlap    time.Duration    // incremental passes ask for changes since watermark - Overlap; default 5 min
	Types      []string         // types to search (when the server supports them); nil = DefaultTypes
	Full       bool             // force a full pass
	HTTPClient *http.Client     // FHIR and token requests (tests: loopback); nil = default
	RetryMax   int              // FHIR retries per request (fhir.Options.RetryMax); 0 = default
	Logger     *slog.Logger     // never gets health data or URLs; nil = discard
	// Progress, if set, is called after each page (from the syncing goroutine).
	Progress func(Progress)
	// Refresh exchanges refresh tokens; nil = smart.Refresh with HTTPClient.
	Refresh RefreshFunc
	// NewClient builds the FHIR client; nil = fhir.New. Tests use it to wrap or fake it.
	NewClient func(p *Portal, ts fhir.TokenSource, opt fhir.Options) (Client, error)
	// MaxPages caps the pages of one type in one pass; 0 = DefaultMaxPages.
	MaxPages int
	// Deadline is how long the sync may take in all; 0 = DefaultDeadline.
	Deadline time.Duration
}

func (o *SyncOptions) maxPages() int {
	if o.MaxPages > 0 {
		return o.MaxPages
	}
	return DefaultMaxPages
}

func (o *SyncOptions) deadline() time.Duration {
	if o.Deadline > 0 {
		return o.Deadline
	}
	return DefaultDeadline
}

func (o *SyncOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Progress reports where a portal's sync is.
type Progress struct {
	Portal    string `json:"portal"`
	Type      string `json:"type"`      // resource type being fetched ("" between steps)
	Pages     int    `json:"pages"`     // pages of Type fetched in this run
	Resources int    `json:"resources"` // resources of Type fetched in this run
	Total     int    `json:"total"`     // resources fetched in this run, all types
	Done      bool   `json:"done"`      // the sync of this portal has ended
}

// Counts is what a sync did with one resource type.
type Counts struct {
	Fetched   int `json:"fetched"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
}

// Result is what one sync of one portal did (the JSON of `sync --json`).
type Result struct {
	Portal    string             `json:"portal"`
	Complete  bool               `json:"complete"` // never with an error: set only when everything came
	Full      bool               `json:"full"`
	Requests  int                `json:"requests"`
	Resources map[string]*Counts `json:"resources"`
	Error     string             `json:"error"` // why the sync is incomplete, in plain words ("" when complete)

	// RetryAfter is set when the portal asked to come back later.
	RetryAfter time.Duration `json:"-"`
	// Offline is set when the portal could not be reached at all.
	Offline bool `json:"-"`
	// SignInAgain is set when the portal refused the saved sign-in.
	SignInAgain bool `json:"-"`
}

func (r *Result) counts(typ string) *Counts {
	c := r.Resources[typ]
	if c == nil {
		c = &Counts{}
		r.Resources[typ] = c
	}
	return c
}

func (r *Result) fail(reason string) {
	r.Complete = false
	if reason == "" {
		reason = "the sync did not finish"
	}
	if r.Error == "" {
		r.Error = reason
	} else if !strings.Contains(r.Error, reason) {
		r.Error += "; " + reason
	}
}

// countingClient counts requests.
type countingClient struct {
	c Client
	n *int
}

func (c countingClient) Read(ctx context.Context, path string) ([]byte, error) {
	*c.n++
	return c.c.Read(ctx, path)
}
func (c countingClient) Capabilities(ctx context.Context) (*fhir.Capability, error) {
	*c.n++
	return c.c.Capabilities(ctx)
}
func (c countingClient) Search(ctx context.Context, u string) (*fhir.Page, error) {
	*c.n++
	return c.c.Search(ctx, u)
}

// SyncPortal runs one sync pass of a portal (or resumes the one a killed or failed sync left).
// Problems at the portal (unreachable, busy, a page that fails, a refused sign-in, next links
// that never end, a sync past its deadline) end up in the Result (Complete false, Error) and
// the portal's Status; the error is for problems that stop the sync from running at all
// (unknown or unconnected portal, the vault, ctx). A Result returned with an error is never
// Complete.
func SyncPortal(ctx context.Context, v *storage.Vault, portalID string, opt SyncOptions) (res *Result, err error) {
	p, err := GetPortal(v, portalID)
	if err != nil {
		return nil, err
	}
	if !p.Connected || p.Patient == "" {
		return nil, ErrNotConnected
	}
	s := &syncer{v: v, p: p, opt: opt, log: opt.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.res = &Result{Portal: p.ID, Resources: map[string]*Counts{}}
	defer func() {
		if err != nil && res != nil {
			reason := "the sync did not finish"
			if ctx.Err() != nil {
				reason = "the sync was cancelled"
			}
			res.fail(reason)
		}
	}()
	if err := s.client(); err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithTimeout(ctx, opt.deadline())
	defer cancel()
	runErr := s.run(runCtx)
	s.progress(Progress{Done: true})
	if ctx.Err() != nil {
		return s.res, ctx.Err()
	}
	var se *stopError
	switch {
	case runCtx.Err() != nil:
		// Our own deadline, not the caller's: the portal is too slow or never ends.
		s.res.fail(fmt.Sprintf("the sync with %s took longer than %s and was stopped; it carries on at the next sync",
			s.p.Name, opt.deadline().Round(time.Second)))
	case runErr == nil:
	case errors.As(runErr, &se):
		s.res.fail(se.reason)
	default:
		return s.res, runErr
	}
	s.res.Complete = s.res.Error == ""
	if err := s.finish(ctx); err != nil {
		return s.res, err
	}
	return s.res, nil
}

type syncer struct {
	v    *storage.Vault
	p    *Portal
	opt  SyncOptions
	log  *slog.Logger
	c    Client
	ts   *TokenStore
	res  *Result
	pass passState
	cap  *fhir.Capability

	profile string // person of the portal's patient
	changed bool   // this run added or updated something
	resumed bool   // this run resumed a pass left unfinished
	total   int
}

func (s *syncer) client() error {
	refresh := s.opt.Refresh
	if refresh == nil {
		hc := s.opt.HTTPClient
		refresh = func(ctx context.Context, p *Portal, rt string) (*smart.Token, error) {
			cfg := p.Config
			if cfg == nil {
				return nil, errors.New("the portal's sign-in configuration is missing: add the portal again")
			}
			return smart.Refresh(ctx, hc, cfg, p.ClientID, rt)
		}
	}
	// Token expiry is measured on the real clock, as the token endpoint's expires_in is.
	ts, err := NewTokenStore(s.v, s.p, refresh, nil)
	if err != nil {
		return err
	}
	s.ts = ts
	fo := fhir.Options{HTTPClient: s.opt.HTTPClient, RetryMax: s.opt.RetryMax, Logger: s.opt.Logger}
	var c Client
	if s.opt.NewClient != nil {
		c, err = s.opt.NewClient(s.p, ts, fo)
	} else {
		c, err = fhir.New(s.p.FHIR, ts, fo)
	}
	if err != nil {
		return err
	}
	s.c = countingClient{c: c, n: &s.res.Requests}
	return nil
}

func (s *syncer) progress(pr Progress) {
	if s.opt.Progress == nil {
		return
	}
	pr.Portal = s.p.ID
	pr.Total = s.total
	s.opt.Progress(pr)
}

// stopError ends a pass early: the portal cannot be used now.
type stopError struct {
	reason string
	cause  error
}

func (e *stopError) Error() string { return e.reason }
func (e *stopError) Unwrap() error { return e.cause }

// classify turns an error from the portal into a stop (the whole pass cannot go on) or a
// plain reason (this type or page failed; the others may still work).
func (s *syncer) classify(err error) (stop bool, reason string) {
	var rl *fhir.RetryLaterError
	switch {
	case errors.As(err, &rl):
		s.res.RetryAfter = max(rl.After, time.Second)
		return true, "the portal is busy; try again in " + rl.After.Round(time.Second).String()
	case errors.Is(err, ErrSignInAgain), errors.Is(err, smart.ErrSignInAgain), errors.Is(err, fhir.ErrUnauthorized):
		s.res.SignInAgain = true
		return true, "the portal needs you to sign in again"
	case isOffline(err):
		s.res.Offline = true
		return true, "cannot reach the portal (offline?)"
	}
	return false, oneLine(err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// isOffline reports connection failures (no network, the server down), as opposed to errors
// the server returned.
func isOffline(err error) bool {
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &oe) || errors.As(err, &de) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		(errors.As(err, &ne) && ne.Timeout())
}

func newPassID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

func (s *syncer) run(ctx context.Context) error {
	if err := s.patient(ctx); err != nil {
		return err
	}
	capab, err := s.c.Capabilities(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		_, reason := s.classify(err)
		return &stopError{"reading the portal's capabilities: " + reason, err}
	}
	s.cap = capab
	// The pass: resume the one left unfinished, or start one.
	ok, err := getJSON(s.v, passKey(s.p.ID), &s.pass)
	if err != nil {
		return err
	}
	if ok && s.pass.ID != "" && !s.opt.Full {
		s.resumed = true
	} else {
		now := s.opt.now()
		s.pass = passState{ID: newPassID(), Started: now.UTC(),
			Full: s.opt.Full || s.p.LastFull.IsZero() || now.Sub(s.p.LastFull) >= s.fullEvery()}
		if err := s.v.UpdateState(ctx, jsonOp(passKey(s.p.ID), s.pass)); err != nil {
			return err
		}
	}
	s.res.Full = s.pass.Full
	for _, typ := range s.types() {
		if err := s.syncType(ctx, typ); err != nil {
			return err
		}
	}
	if !s.pass.RefsDone {
		if err := s.references(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *syncer) fullEvery() time.Duration {
	if s.opt.FullEvery > 0 {
		return s.opt.FullEvery
	}
	return DefaultFullEvery
}

func (s *syncer) overlap() time.Duration {
	if s.opt.Overlap > 0 {
		return s.opt.Overlap
	}
	return DefaultOverlap
}

// types are the types to search: the wanted ones the server can search.
func (s *syncer) types() []string {
	want := s.opt.Types
	if want == nil {
		want = DefaultTypes
	}
	var out []string
	for _, t := range want {
		if slices.Contains(s.cap.Types, t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// patient reads the portal's Patient and stores it, linked to the portal's person (the
// profile given at `portal add`, else matched or created like a file import).
func (s *syncer) patient(ctx context.Context) error {
	body, err := s.c.Read(ctx, "Patient/"+url.PathEscape(s.p.Patient))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		_, reason := s.classify(err)
		return &stopError{"reading the patient: " + reason, err}
	}
	info, err := fhirjson.Summarize(body)
	if err != nil || info.Type != "Patient" || info.ID != s.p.Patient {
		return &stopError{reason: "the portal returned something other than the signed-in patient"}
	}
	b, profile, _, err := planPage(s.v, s.p.Source(), [][]byte{body}, s.p.Profile, s.opt.now())
	if err != nil {
		return &stopError{"storing the patient: " + oneLine(err.Error()), err}
	}
	if profile == "" {
		return &stopError{reason: "the patient could not be linked to a person"}
	}
	if s.p.Profile != profile {
		s.p.Profile = profile
		op, err := portalOp(s.p)
		if err != nil {
			return err
		}
		b.State = append(b.State, op)
	}
	s.profile = profile
	b.Durable = true
	res, err := s.v.Write(ctx, b)
	if err != nil {
		return err
	}
	s.account("Patient", 1, res)
	return nil
}

func (s *syncer) account(typ string, fetched int, res *storage.Result) {
	c := s.res.counts(typ)
	c.Fetched += fetched
	added, updated := res.Added[typ], res.Updated[typ]
	c.Added += added
	c.Updated += updated
	c.Unchanged += max(0, fetched-added-updated)
	for t, n := range res.Added {
		if t != typ {
			s.res.counts(t).Added += n
		}
	}
	for t, n := range res.Updated {
		if t != typ {
			s.res.counts(t).Updated += n
		}
	}
	for t, n := range res.Deleted {
		s.res.counts(t).Deleted += n
	}
	if len(res.Added) > 0 || len(res.Updated) > 0 {
		s.changed = true
	}
	s.total += fetched
}

// firstURL is the first search of a type in this pass.
func (s *syncer) firstURL(typ string, cp *checkpoint) (u string, since bool) {
	q := url.Values{}
	q.Set("patient", s.p.Patient)
	q.Set("_count", fmt.Sprint(PageSize))
	lu := s.cap.Supports(typ, "_lastUpdated")
	if lu {
		q.Set("_sort", "_lastUpdated")
	}
	if !s.pass.Full && lu && !cp.NoLastUpdated && !cp.Watermark.IsZero() {
		q.Set("_lastUpdated", "gt"+cp.Watermark.Add(-s.overlap()).UTC().Format("2006-01-02T15:04:05Z"))
		since = true
	}
	return typ + "?" + q.Encode(), since
}

// selfKeeps reports whether a self link still carries the _lastUpdated filter (servers drop
// the parameters they ignored). Without a self link nothing can be told: trust it.
func selfKeeps(self string) bool {
	if self == "" {
		return true
	}
	u, err := url.Parse(self)
	if err != nil {
		return true
	}
	return u.Query().Has("_lastUpdated")
}

// maxPageAttempts is how often a page that fails in a way the HTTP retries do not cover (a
// malformed body) is asked for again within one sync.
const maxPageAttempts = 2

// syncType fetches one type: from the checkpoint's next link if this pass already started it,
// else from the first page. Each page is stored with its checkpoint in one transaction.
func (s *syncer) syncType(ctx context.Context, typ string) error {
	var cp checkpoint
	if _, err := getJSON(s.v, checkpointKey(s.p.ID, typ), &cp); err != nil {
		return err
	}
	if cp.Pass == s.pass.ID && cp.Done {
		return nil
	}
	restarted := false
	var cleanup []storage.StateOp
	if cp.Pass != s.pass.ID || cp.Pages == 0 {
		var err error
		if cleanup, err = staleSeen(ctx, s.v, s.p.ID, typ); err != nil {
			return err
		}
		cp = checkpoint{Watermark: cp.Watermark, NoLastUpdated: cp.NoLastUpdated, Pass: s.pass.ID}
	}
	pages, fetched := 0, 0
	followed := map[string]bool{} // the links of this type asked for in this run
	for {
		link, since := cp.Next, false
		first := cp.Pages == 0
		if first {
			link, since = s.firstURL(typ, &cp)
		}
		var endless string
		switch {
		case followed[link]:
			// A next link seen before: the portal's paging repeats or goes in a circle.
			endless = fmt.Sprintf("%s: %s sent a next-page link it had sent before (its paging goes in circles); stopped after %d pages",
				typ, s.p.Name, cp.Pages)
		case cp.Pages >= s.opt.maxPages():
			endless = fmt.Sprintf("%s: %s sent more than %d pages (its paging does not end); stopped there",
				typ, s.p.Name, s.opt.maxPages())
		}
		if endless != "" {
			// What came is kept; the next sync starts this type over (a new checkpoint), so a
			// portal that pages properly again completes.
			s.log.Warn("sync: the portal's paging does not end; the type stops", "type", typ, "pages", cp.Pages)
			s.res.fail(endless)
			return s.v.UpdateState(ctx, jsonOp(checkpointKey(s.p.ID, typ), checkpoint{Watermark: cp.Watermark, NoLastUpdated: cp.NoLastUpdated}))
		}
		followed[link] = true
		var page *fhir.Page
		var err error
		for attempt := 1; ; attempt++ {
			page, err = s.c.Search(ctx, link)
			if err == nil || ctx.Err() != nil || attempt >= maxPageAttempts || !retryablePage(err) {
				break
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			stop, reason := s.classify(err)
			if stop {
				return &stopError{reason, err}
			}
			var oe *fhir.OutcomeError
			if !first && !restarted && errors.As(err, &oe) && oe.Status >= 400 && oe.Status < 500 {
				// The saved next link expired (opaque cursors do): start this type over.
				restarted = true
				s.log.Info("sync: next link refused; restarting the type", "type", typ, "status", oe.Status)
				del, err := staleSeen(ctx, s.v, s.p.ID, typ)
				if err != nil {
					return err
				}
				cleanup = append(cleanup, del...)
				cp = checkpoint{Watermark: cp.Watermark, NoLastUpdated: cp.NoLastUpdated, Pass: s.pass.ID}
				clear(followed)
				continue
			}
			s.res.fail(fmt.Sprintf("%s: page %d failed: %s", typ, cp.Pages+1, reason))
			return nil // the checkpoint stays: the next sync resumes this type here
		}
		if first {
			cp.Start = page.ServerTime
			ignored := since && !selfKeeps(page.Self)
			if ignored {
				// The server ignored _lastUpdated: what came is everything; compare by content.
				cp.NoLastUpdated = true
				s.log.Info("sync: the portal ignores _lastUpdated", "type", typ)
			}
			// Everything of the type comes in this pass: what does not come was deleted.
			cp.Complete = (!since || ignored) && (s.pass.Full || cp.NoLastUpdated)
		}
		b, _, infos, err := planPage(s.v, s.p.Source(), page.Resources, s.profile, s.opt.now())
		if err != nil {
			s.res.fail(fmt.Sprintf("%s: page %d could not be stored: %s", typ, cp.Pages+1, oneLine(err.Error())))
			return nil
		}
		var ids []string
		for i := range infos {
			if infos[i].Type == typ {
				ids = append(ids, infos[i].ID)
			}
			if lu := infos[i].LastUpdated; lu > cp.MaxSeen {
				cp.MaxSeen = lu
			}
		}
		for _, d := range page.Deleted {
			if t, id, ok := strings.Cut(d, "/"); ok {
				b.Deleted = append(b.Deleted, storage.ID{Source: s.p.Source(), Type: t, ID: id})
			}
		}
		cp.Pages++
		cp.Next = page.Next
		b.State = append(b.State, cleanup...)
		cleanup = nil
		if cp.Complete && len(ids) > 0 {
			b.State = append(b.State, storage.StateOp{Key: seenKey(s.p.ID, typ, s.pass.ID, cp.Pages), Value: []byte(strings.Join(ids, "\n"))})
		}
		if page.Next == "" {
			if err := s.finishType(ctx, typ, &cp, ids, b); err != nil {
				return err
			}
		}
		b.State = append(b.State, jsonOp(checkpointKey(s.p.ID, typ), cp))
		res, err := s.v.Write(ctx, b)
		if err != nil {
			return err
		}
		s.account(typ, len(ids), res)
		fetched += len(ids)
		pages++
		s.progress(Progress{Type: typ, Pages: pages, Resources: fetched})
		if cp.Done {
			return nil
		}
	}
}

// retryablePage reports errors worth asking for the same page again: not statuses the server
// meant, not a refused sign-in, not offline.
func retryablePage(err error) bool {
	var oe *fhir.OutcomeError
	var rl *fhir.RetryLaterError
	return !errors.As(err, &oe) && !errors.As(err, &rl) && !errors.Is(err, fhir.ErrUnauthorized) &&
		!errors.Is(err, ErrSignInAgain) && !errors.Is(err, smart.ErrSignInAgain) && !isOffline(err)
}

// finishType completes a type pass in the batch of its last page: the new watermark, and in
// a complete pass the records of this portal and type it did not see are marked deleted.
func (s *syncer) finishType(ctx context.Context, typ string, cp *checkpoint, lastIDs []string, b *storage.Batch) error {
	cp.Done = true
	switch {
	case !cp.Start.IsZero():
		cp.Watermark = cp.Start
	case cp.MaxSeen != "":
		if t, err := time.Parse(time.RFC3339Nano, cp.MaxSeen); err == nil && t.After(cp.Watermark) {
			cp.Watermark = t.UTC()
		}
	}
	if !cp.Complete {
		return nil
	}
	seen, del, err := seenIDs(ctx, s.v, s.p.ID, typ, s.pass.ID)
	if err != nil {
		return err
	}
	for _, id := range lastIDs {
		seen[id] = true
	}
	b.State = append(b.State, del...)
	src := s.p.Source()
	inBatch := map[storage.ID]bool{}
	for i := range b.Records {
		inBatch[b.Records[i].ID] = true
	}
	return s.v.Records(ctx, storage.Query{Profile: s.profile, Type: typ}, func(r *storage.Record) error {
		if r.ID.Source == src && r.Meta.Deleted.IsZero() && !seen[r.ID.ID] && !inBatch[r.ID] {
			b.Deleted = append(b.Deleted, r.ID)
		}
		return nil
	})
}

// references fetches the Practitioners, Organizations, Locations and Medications the
// portal's records refer to and the vault does not hold yet, once each.
func (s *syncer) references(ctx context.Context) error {
	if !s.pass.Full && !s.changed && !s.resumed {
		return s.markRefsDone(ctx)
	}
	var missing []string
	if _, err := getJSON(s.v, missingKey(s.p.ID), &missing); err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, m := range missing {
		gone[m] = true
	}
	src := s.p.Source()
	for round := 0; round < 3; round++ {
		want := map[storage.ID]bool{}
		collect := func(r *storage.Record) error {
			for _, l := range r.Meta.Links {
				if l.Source == src && slices.Contains(referencedTypes, l.Type) && !want[l] && !gone[l.Type+"/"+l.ID] {
					if _, ok := s.v.ProfileOf(l); !ok {
						want[l] = true
					}
				}
			}
			return nil
		}
		for _, prof := range []string{s.profile, storage.SharedProfile} {
			if err := s.v.Records(ctx, storage.Query{Profile: prof}, collect); err != nil {
				return err
			}
		}
		if len(want) == 0 {
			break
		}
		ids := make([]storage.ID, 0, len(want))
		for id := range want {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			return ids[i].Type < ids[j].Type || ids[i].Type == ids[j].Type && ids[i].ID < ids[j].ID
		})
		var batch [][]byte
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			b, _, infos, err := planPage(s.v, src, batch, s.profile, s.opt.now())
			if err != nil {
				return &stopError{"storing referenced resources: " + oneLine(err.Error()), err}
			}
			missingNow := missing
			b.State = append(b.State, jsonOp(missingKey(s.p.ID), missingNow))
			res, err := s.v.Write(ctx, b)
			if err != nil {
				return err
			}
			byType := map[string]int{}
			for i := range infos {
				byType[infos[i].Type]++
			}
			for t, n := range byType {
				s.account(t, n, &storage.Result{Added: map[string]int{t: res.Added[t]}, Updated: map[string]int{t: res.Updated[t]}})
			}
			batch = batch[:0]
			return nil
		}
		failed := 0
		for _, id := range ids {
			body, err := s.c.Read(ctx, id.Type+"/"+url.PathEscape(id.ID))
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				var oe *fhir.OutcomeError
				if errors.As(err, &oe) && (oe.Status == 404 || oe.Status == 410 || oe.Status == 403) {
					missing = append(missing, id.Type+"/"+id.ID)
					gone[id.Type+"/"+id.ID] = true
					continue
				}
				stop, reason := s.classify(err)
				if stop {
					if ferr := flush(); ferr != nil {
						return ferr
					}
					return &stopError{reason, err}
				}
				failed++
				s.res.fail(fmt.Sprintf("%s: a referenced record could not be fetched: %s", id.Type, reason))
				continue
			}
			// Checked as the page will be (planPage): one record the batch would refuse (a
			// date naming no real day) is left out and said, not the batch of them.
			info, err := fhirjson.SummarizeIncoming(body)
			if err != nil {
				failed++
				s.res.fail(fmt.Sprintf("%s: a referenced record could not be stored: it is not valid FHIR: %s", id.Type, oneLine(err.Error())))
				continue
			}
			if info.Type != id.Type || info.ID != id.ID {
				failed++
				s.res.fail(fmt.Sprintf("%s: the portal returned another record than the one referenced", id.Type))
				continue
			}
			batch = append(batch, body)
			if len(batch) >= PageSize {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if failed > 0 {
			return nil // incomplete: retried next time
		}
		if len(missing) > 0 {
			if err := s.v.UpdateState(ctx, jsonOp(missingKey(s.p.ID), missing)); err != nil {
				return err
			}
		}
	}
	return s.markRefsDone(ctx)
}

func (s *syncer) markRefsDone(ctx context.Context) error {
	if s.res.Error != "" {
		return nil
	}
	s.pass.RefsDone = true
	return s.v.UpdateState(ctx, jsonOp(passKey(s.p.ID), s.pass))
}

// finish records the outcome on the portal; a complete pass is removed (the next sync
// starts a new one), an incomplete one stays to be resumed.
func (s *syncer) finish(ctx context.Context) error {
	now := s.opt.now().UTC()
	p := s.p
	ops := []storage.StateOp{}
	switch {
	case s.res.Complete:
		p.Status, p.LastError, p.LastSync, p.RetryAt = StatusOK, "", now, time.Time{}
		if s.pass.Full {
			p.LastFull = s.pass.Started
		}
		ops = append(ops, storage.StateOp{Key: passKey(p.ID), Delete: true})
	case s.res.SignInAgain:
		p.Status, p.Connected, p.LastError = StatusSignInAgain, false, s.res.Error
	case s.res.RetryAfter > 0:
		p.Status, p.LastError, p.RetryAt = StatusRetryLater, s.res.Error, now.Add(s.res.RetryAfter)
	case s.res.Offline:
		p.Status, p.LastError = StatusOffline, s.res.Error
	default:
		p.Status, p.LastError = StatusIncomplete, s.res.Error
	}
	op, err := portalOp(p)
	if err != nil {
		return err
	}
	return s.v.UpdateState(context.WithoutCancel(ctx), append(ops, op)...)
}
