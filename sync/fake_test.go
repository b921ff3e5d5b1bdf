package sync_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhir"
	"carekeeper/sync/smart"
)

// fakePortal is a minimal in-memory FHIR server behind the Client interface, for unit tests
// of the engine: search by patient with paging, _lastUpdated, self links, edits, deletes,
// and injected failures. The end-to-end tests use the real test portal (sync/fhirtest).
type fakePortal struct {
	mu       gosync.Mutex
	base     string
	patient  string
	now      time.Time
	res      map[string][]*fakeRes // type -> resources in insertion order
	byKey    map[string]*fakeRes
	ignoreLU bool // drop _lastUpdated (and say so in the self link)
	requests int
	searches map[string]int // type -> searches
	// fail, when set, is asked before each request; a non-nil error is returned instead.
	fail func(n int, kind, path string) error

	// Sign-in: when ts is set, every request needs access == the current access token; a
	// wrong one gets one ts.Refresh (as fhir.Client does), then 401.
	ts            fhir.TokenSource
	access        string
	refresh       string
	rotations     int
	checkRotation func() // called on the first request after a rotation
	rotated       bool
}

// refreshFunc is the fake token endpoint: rotates the refresh token on each use.
func (f *fakePortal) refreshFunc(ctx context.Context, p *cksync.Portal, rt string) (*smart.Token, error) {
	if rt != f.refresh {
		return nil, smart.ErrSignInAgain
	}
	f.rotations++
	f.refresh = fmt.Sprintf("refresh-%d", f.rotations)
	f.access = fmt.Sprintf("access-%d", f.rotations)
	f.rotated = true
	return &smart.Token{AccessToken: f.access, RefreshToken: f.refresh, Expiry: time.Now().Add(time.Hour)}, nil
}

type fakeRes struct {
	typ, id string
	version int
	updated time.Time
	fields  map[string]any
	deleted bool
}

func (r *fakeRes) body() []byte {
	m := map[string]any{"resourceType": r.typ, "id": r.id,
		"meta": map[string]any{"versionId": strconv.Itoa(r.version), "lastUpdated": r.updated.UTC().Format("2006-01-02T15:04:05.000Z")}}
	for k, v := range r.fields {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return b
}

func newFakePortal(base, patient string, start time.Time) *fakePortal {
	f := &fakePortal{base: base, patient: patient, now: start, res: map[string][]*fakeRes{}, byKey: map[string]*fakeRes{}, searches: map[string]int{}}
	f.put("Patient", patient, map[string]any{"name": []any{map[string]any{"family": "Doe", "given": []any{"Jane"}}}, "birthDate": "1970-01-01",
		"identifier": []any{map[string]any{"system": "urn:mrn:" + base, "value": "MRN-" + patient}}})
	return f
}

// put adds or edits a resource (a new version, lastUpdated = now).
func (f *fakePortal) put(typ, id string, fields map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := typ + "/" + id
	r := f.byKey[k]
	if r == nil {
		r = &fakeRes{typ: typ, id: id}
		f.byKey[k] = r
		f.res[typ] = append(f.res[typ], r)
	}
	r.version++
	r.updated = f.now
	r.fields = fields
	r.deleted = false
}

func (f *fakePortal) del(typ, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.byKey[typ+"/"+id].deleted = true
}

func (f *fakePortal) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// addObservations adds n Observations (and one Encounter per 10) referring to the patient
// and a Practitioner.
func (f *fakePortal) addObservations(prefix string, n int) {
	f.put("Practitioner", "pr1", map[string]any{"name": []any{map[string]any{"family": "Who"}}})
	f.put("Organization", "org1", map[string]any{"name": "Clinic"})
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			f.put("Encounter", fmt.Sprintf("%se%d", prefix, i/10), map[string]any{"status": "finished",
				"subject":         map[string]any{"reference": "Patient/" + f.patient},
				"serviceProvider": map[string]any{"reference": "Organization/org1"},
				"period":          map[string]any{"start": fmt.Sprintf("2020-01-%02dT10:00:00Z", i/10%28+1)}})
		}
		f.put("Observation", fmt.Sprintf("%so%d", prefix, i), map[string]any{"status": "final",
			"code":              map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "8867-4"}}},
			"subject":           map[string]any{"reference": "Patient/" + f.patient},
			"encounter":         map[string]any{"reference": fmt.Sprintf("Encounter/%se%d", prefix, i/10)},
			"performer":         []any{map[string]any{"reference": "Practitioner/pr1"}},
			"effectiveDateTime": fmt.Sprintf("2020-01-%02dT10:%02d:00Z", i/10%28+1, i%60),
			"valueQuantity":     map[string]any{"value": 60 + i%40, "unit": "/min"}})
	}
}

func (f *fakePortal) check(kind, path string) error {
	f.requests++
	if f.ts != nil {
		ctx := context.Background()
		tok, err := f.ts.Token(ctx)
		if err != nil {
			return err
		}
		if tok != f.access {
			if tok, err = f.ts.Refresh(ctx); err != nil {
				return err
			}
			if tok != f.access {
				return fhir.ErrUnauthorized
			}
		}
		if f.rotated && f.checkRotation != nil {
			f.checkRotation()
		}
		f.rotated = false
	}
	if f.fail != nil {
		return f.fail(f.requests, kind, path)
	}
	return nil
}

func (f *fakePortal) Read(ctx context.Context, path string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("read", path); err != nil {
		return nil, err
	}
	r := f.byKey[path]
	if r == nil || r.deleted {
		return nil, &fhir.OutcomeError{Status: 404}
	}
	return r.body(), nil
}

func (f *fakePortal) Capabilities(ctx context.Context) (*fhir.Capability, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("metadata", ""); err != nil {
		return nil, err
	}
	c := &fhir.Capability{SearchParams: map[string][]string{}, FHIRVersion: "4.0.1"}
	for _, t := range []string{"Observation", "Encounter", "Condition", "Patient", "Practitioner"} {
		c.Types = append(c.Types, t)
		c.SearchParams[t] = []string{"patient", "_lastUpdated"}
	}
	return c, nil
}

func (f *fakePortal) Search(ctx context.Context, link string) (*fhir.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.check("search", link); err != nil {
		return nil, err
	}
	rel := strings.TrimPrefix(link, f.base+"/")
	typ, query, _ := strings.Cut(rel, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	f.searches[typ]++
	if q.Get("patient") != f.patient {
		return nil, &fhir.OutcomeError{Status: 403}
	}
	if f.ignoreLU {
		q.Del("_lastUpdated")
	}
	var since time.Time
	if s := q.Get("_lastUpdated"); s != "" {
		if since, err = time.Parse(time.RFC3339, strings.TrimPrefix(s, "gt")); err != nil {
			return nil, &fhir.OutcomeError{Status: 400}
		}
	}
	var match []*fakeRes
	for _, r := range f.res[typ] {
		if !r.deleted && (since.IsZero() || r.updated.After(since)) {
			match = append(match, r)
		}
	}
	if q.Get("_sort") == "_lastUpdated" {
		sort.SliceStable(match, func(i, j int) bool { return match[i].updated.Before(match[j].updated) })
	}
	count, _ := strconv.Atoi(q.Get("_count"))
	if count <= 0 {
		count = 50
	}
	off, _ := strconv.Atoi(q.Get("_offset"))
	p := &fhir.Page{Total: len(match), ServerTime: f.now, Self: f.base + "/" + typ + "?" + q.Encode()}
	for _, r := range match[min(off, len(match)):min(off+count, len(match))] {
		p.Resources = append(p.Resources, r.body())
	}
	if off+count < len(match) {
		q.Set("_offset", strconv.Itoa(off+count))
		p.Next = f.base + "/" + typ + "?" + q.Encode()
	}
	return p, nil
}

// contents is what the portal holds: "Type/id" -> body, deleted ones left out.
func (f *fakePortal) contents() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for k, r := range f.byKey {
		if !r.deleted {
			out[k] = string(r.body())
		}
	}
	return out
}

// vaultContents is what the vault holds from source: "Type/id" -> resource, deleted (marked)
// ones left out, and how many are marked deleted.
func vaultContents(t *testing.T, v *storage.Vault, source string) (map[string]string, int) {
	t.Helper()
	out := map[string]string{}
	deleted := 0
	err := v.Records(context.Background(), storage.Query{}, func(r *storage.Record) error {
		if r.ID.Source != source {
			return nil
		}
		if !r.Meta.Deleted.IsZero() {
			deleted++
			return nil
		}
		k := r.ID.Type + "/" + r.ID.ID
		if _, dup := out[k]; dup {
			return errors.New("duplicate record " + k)
		}
		out[k] = string(r.Resource)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, deleted
}

func diffContents(want, got map[string]string) string {
	var b strings.Builder
	n := 0
	for k, w := range want {
		if g, ok := got[k]; !ok {
			fmt.Fprintf(&b, "missing %s; ", k)
			n++
		} else if g != w {
			fmt.Fprintf(&b, "differs %s; ", k)
			n++
		}
		if n > 5 {
			break
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok && n <= 5 {
			fmt.Fprintf(&b, "extra %s; ", k)
			n++
		}
	}
	return b.String()
}
