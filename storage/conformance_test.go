package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// The conformance suite: what every store configuration must do, run against the encrypted
// vault (the app) and the plaintext one (benchmarks). Each case gets a fresh vault and ends
// with the index consistency check.

var storeVariants = []struct {
	name string
	opt  Options
}{
	{"encrypted", Options{}},
	{"plaintext", Options{Plaintext: true}},
}

var conformanceCases = []struct {
	name string
	run  func(t *testing.T, v *Vault)
}{
	{"write and get", testWriteGet},
	{"records by profile type and date", testRecordsQuery},
	{"lookup fullUrl", testLookupFullURL},
	{"lookup identifier", testLookupIdentifier},
	{"profile of", testProfileOf},
	{"profiles", testProfiles},
	{"unchanged", testUnchanged},
	{"update moves indexes", testUpdateMovesIndexes},
	{"duplicate in batch", testDuplicateInBatch},
	{"large batch (journal)", testLargeBatch},
	{"cancelled", testCancelled},
	{"too large", testTooLarge},
	{"type counts", testTypeCounts},
	{"state", testState},
	{"state with records in one batch", testStateInBatch},
	{"deleted marks", testDeleted},
	{"meta only", testMetaOnly},
	{"timeline", testTimeline},
	{"timeline follows updates and deletes", testTimelineUpdates},
	{"delete profile", testDeleteProfile},
	{"delete profile (journal)", testDeleteProfileLarge},
	{"reopen", nil}, // see TestConformance
}

func TestConformance(t *testing.T) {
	for _, sv := range storeVariants {
		t.Run(sv.name, func(t *testing.T) {
			for _, c := range conformanceCases {
				t.Run(c.name, func(t *testing.T) {
					dir := newVaultDir(t)
					v := openTestVault(t, dir, sv.opt)
					if c.run == nil { // reopen: the sample survives close and open
						if _, err := v.Write(context.Background(), sample()); err != nil {
							t.Fatal(err)
						}
						want := dumpRecords(t, v, Query{})
						if err := v.Close(); err != nil {
							t.Fatal(err)
						}
						v = openTestVault(t, dir, sv.opt)
						if got := dumpRecords(t, v, Query{}); !reflect.DeepEqual(got, want) {
							t.Errorf("after reopen:\n got %v\nwant %v", got, want)
						}
					} else {
						c.run(t, v)
					}
					checkConsistency(t, v)
				})
			}
		})
	}
}

var (
	t0       = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	alicePat = ID{"local", "Patient", "alice-1"}
	aliceHb1 = ID{"local", "Observation", "hb-2019"}
	aliceHb2 = ID{"local", "Observation", "hb-2020"}
	aliceBP  = ID{"https://ehr.example/fhir", "Observation", "bp-1"}
	aliceCnd = ID{"local", "Condition", "cond-undated"}
	bobPat   = ID{"local", "Patient", "bob-1"}
	bobHb    = ID{"local", "Observation", "hb-bob"}
	org      = ID{"local", "Organization", "org-1"}
)

// sample is two people and a shared Organization.
func sample() *Batch {
	return &Batch{File: "sample.json", Now: t0,
		Profiles: []Profile{{ID: "alice", Name: "Alice", BirthDate: "1980-01-01", Created: t0}, {ID: "bob", Name: "Bob", Created: t0.Add(time.Second)}},
		Records: []Record{
			{Profile: "alice", ID: alicePat, Resource: resource("Patient", "alice-1", ""), Meta: Meta{FullURL: "urn:uuid:alice", Identifiers: []string{"http://hospital/mrn|A1"}}},
			{Profile: "alice", ID: aliceHb2, Resource: resource("Observation", "hb-2020", `,"valueQuantity":{"value":6.5}`), Meta: Meta{Date: "2020-03-04T00:00:00Z", Codes: []string{"http://loinc.org|4548-4"}, Links: []ID{alicePat, org}}},
			{Profile: "alice", ID: aliceHb1, Resource: resource("Observation", "hb-2019", `,"valueQuantity":{"value":7.1}`), Meta: Meta{Date: "2019-05-06T00:00:00Z", Codes: []string{"http://loinc.org|4548-4"}, Links: []ID{alicePat}}},
			{Profile: "alice", ID: aliceBP, Resource: resource("Observation", "bp-1", ""), Meta: Meta{FullURL: "https://ehr.example/fhir/Observation/bp-1", Date: "2021-01-01T10:00:00Z", Codes: []string{"http://loinc.org|85354-9", "http://loinc.org|8480-6"}}},
			{Profile: "alice", ID: aliceCnd, Resource: resource("Condition", "cond-undated", "")},
			{Profile: "bob", ID: bobPat, Resource: resource("Patient", "bob-1", ""), Meta: Meta{Identifiers: []string{"http://hospital/mrn|B1"}}},
			{Profile: "bob", ID: bobHb, Resource: resource("Observation", "hb-bob", ""), Meta: Meta{Date: "2020-01-01T00:00:00Z", Codes: []string{"http://loinc.org|4548-4"}}},
			{Profile: SharedProfile, ID: org, Resource: resource("Organization", "org-1", `,"name":"General"`), Meta: Meta{FullURL: "urn:uuid:org", Identifiers: []string{"http://npi|999"}}},
		}}
}

func write(t *testing.T, v *Vault, b *Batch) *Result {
	t.Helper()
	res, err := v.Write(context.Background(), b)
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	return res
}

func countRecords(tb testing.TB, v *Vault, q Query) int {
	tb.Helper()
	n := 0
	if err := v.Records(context.Background(), q, func(*Record) error { n++; return nil }); err != nil {
		tb.Fatal(err)
	}
	return n
}

// recordIDs lists the identities a query returns, in its order.
func recordIDs(tb testing.TB, v *Vault, q Query) []ID {
	tb.Helper()
	var out []ID
	if err := v.Records(context.Background(), q, func(r *Record) error { out = append(out, r.ID); return nil }); err != nil {
		tb.Fatal(err)
	}
	return out
}

func dumpRecords(tb testing.TB, v *Vault, q Query) []string {
	tb.Helper()
	var out []string
	err := v.Records(context.Background(), q, func(r *Record) error {
		out = append(out, fmt.Sprintf("%s %v %s %+v", r.Profile, r.ID, r.Resource, r.Meta))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func testWriteGet(t *testing.T, v *Vault) {
	b := sample()
	res := write(t, v, b)
	if want := map[string]int{"Patient": 2, "Observation": 4, "Condition": 1, "Organization": 1}; !reflect.DeepEqual(res.Added, want) || len(res.Updated) != 0 || res.Unchanged != 0 || !res.Changed() {
		t.Errorf("result %+v, want added %v", res, want)
	}
	for _, want := range sample().Records {
		got, err := v.Get(want.ID)
		if err != nil {
			t.Fatalf("Get %v: %v", want.ID, err)
		}
		if got.Profile != want.Profile || got.ID != want.ID || !bytes.Equal(got.Resource, want.Resource) {
			t.Errorf("Get %v = %s %v %s", want.ID, got.Profile, got.ID, got.Resource)
		}
		m := got.Meta
		if m.File != "sample.json" || !m.ImportedAt.Equal(t0) || len(m.Hash) != 32 || m.FullURL != want.Meta.FullURL || m.Date != want.Meta.Date ||
			!equalStrings(m.Codes, want.Meta.Codes) || !equalStrings(m.Identifiers, want.Meta.Identifiers) || !reflect.DeepEqual(m.Links, want.Meta.Links) {
			t.Errorf("Get %v meta = %+v, want %+v", want.ID, m, want.Meta)
		}
	}
	if _, err := v.Get(ID{"local", "Patient", "nobody"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get missing: %v", err)
	}
	if _, err := v.Get(ID{"https://other", "Patient", "alice-1"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("same id at another source: %v", err)
	}
}

func equalStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func testRecordsQuery(t *testing.T, v *Vault) {
	write(t, v, sample())
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	sorted := func(ids []ID) []ID {
		ids = append([]ID(nil), ids...)
		sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
		return ids
	}
	cases := []struct {
		name    string
		q       Query
		want    []ID
		ordered bool
	}{
		// Timeline order: records without a date first (Patient, Condition), then by date.
		{"profile", Query{Profile: "alice"}, []ID{aliceCnd, alicePat, aliceHb1, aliceHb2, aliceBP}, false},
		{"profile dated order", Query{Profile: "alice", From: d("1900-01-01")}, []ID{aliceHb1, aliceHb2, aliceBP}, true},
		// In date order too, though the type index that finds them is in identity order.
		{"profile and type", Query{Profile: "alice", Type: "Observation"}, []ID{aliceHb1, aliceHb2, aliceBP}, true},
		{"type everywhere", Query{Type: "Observation"}, []ID{aliceHb1, aliceHb2, aliceBP, bobHb}, false},
		{"type everywhere Patient", Query{Type: "Patient"}, []ID{alicePat, bobPat}, false},
		{"shared", Query{Profile: SharedProfile}, []ID{org}, false},
		{"all", Query{}, []ID{alicePat, aliceHb1, aliceHb2, aliceBP, aliceCnd, bobPat, bobHb, org}, false},
		{"from", Query{Profile: "alice", From: d("2020-01-01")}, []ID{aliceHb2, aliceBP}, true},
		{"to is exclusive", Query{Profile: "alice", To: d("2020-03-04")}, []ID{aliceHb1}, true},
		{"range", Query{Profile: "alice", From: d("2019-05-06"), To: d("2021-01-02")}, []ID{aliceHb1, aliceHb2, aliceBP}, true},
		{"range and type", Query{Profile: "alice", Type: "Observation", From: d("2020-01-01"), To: d("2020-12-31")}, []ID{aliceHb2}, true},
		{"empty range", Query{Profile: "alice", From: d("2022-01-01"), To: d("2023-01-01")}, nil, true},
		{"unknown profile", Query{Profile: "nobody"}, nil, true},
		{"unknown type", Query{Profile: "alice", Type: "Procedure"}, nil, true},
	}
	for _, c := range cases {
		got := recordIDs(t, v, c.q)
		want := c.want
		if !c.ordered {
			got, want = sorted(got), sorted(want)
		}
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: got %v, want %v", c.name, got, want)
		}
	}
	// Full timeline: every undated record precedes every dated one, dates ascend.
	var dates []string
	v.Records(context.Background(), Query{Profile: "alice"}, func(r *Record) error { dates = append(dates, r.Meta.Date); return nil })
	if !sort.StringsAreSorted(dates) {
		t.Errorf("alice's timeline is not in date order: %q", dates)
	}
	// A callback error stops the scan and is returned.
	stop := errors.New("stop")
	n := 0
	if err := v.Records(context.Background(), Query{}, func(*Record) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("callback error: %v after %d records", err, n)
	}
}

func testLookupFullURL(t *testing.T, v *Vault) {
	write(t, v, sample())
	for url, want := range map[string]ID{"urn:uuid:alice": alicePat, "urn:uuid:org": org, "https://ehr.example/fhir/Observation/bp-1": aliceBP} {
		if got, ok := v.LookupFullURL(url); !ok || got != want {
			t.Errorf("LookupFullURL(%s) = %v %v, want %v", url, got, ok, want)
		}
	}
	for _, url := range []string{"urn:uuid:nobody", "", "urn:uuid:ali"} {
		if got, ok := v.LookupFullURL(url); ok {
			t.Errorf("LookupFullURL(%q) = %v", url, got)
		}
	}
}

func testLookupIdentifier(t *testing.T, v *Vault) {
	write(t, v, sample())
	// The same identifier on a Patient at another source, held by another profile.
	write(t, v, &Batch{Now: t0, Records: []Record{{Profile: "bob", ID: ID{"https://ehr.example/fhir", "Patient", "x"}, Resource: resource("Patient", "x", ""), Meta: Meta{Identifiers: []string{"http://hospital/mrn|A1", "http://other|Z"}}}}})
	got, err := v.LookupIdentifier("Patient", "http://hospital/mrn|A1")
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].ID.Source < got[j].ID.Source })
	want := []Located{{ID{"https://ehr.example/fhir", "Patient", "x"}, "bob"}, {alicePat, "alice"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LookupIdentifier = %v, want %v", got, want)
	}
	if got, _ := v.LookupIdentifier("Organization", "http://npi|999"); len(got) != 1 || got[0] != (Located{org, SharedProfile}) {
		t.Errorf("organization: %v", got)
	}
	for _, c := range [][2]string{{"Organization", "http://hospital/mrn|A1"}, {"Patient", "http://hospital/mrn|A"}, {"Patient", "http://hospital/mrn|A1x"}, {"Patient", "http://hospital/mrn"}} {
		if got, err := v.LookupIdentifier(c[0], c[1]); err != nil || len(got) != 0 {
			t.Errorf("LookupIdentifier(%s, %s) = %v, %v; want none", c[0], c[1], got, err)
		}
	}
}

func testProfileOf(t *testing.T, v *Vault) {
	write(t, v, sample())
	for id, want := range map[ID]string{alicePat: "alice", aliceBP: "alice", bobHb: "bob", org: SharedProfile} {
		if got, ok := v.ProfileOf(id); !ok || got != want {
			t.Errorf("ProfileOf(%v) = %q %v, want %q", id, got, ok, want)
		}
	}
	if got, ok := v.ProfileOf(ID{"local", "Observation", "nothing"}); ok {
		t.Errorf("ProfileOf(missing) = %q", got)
	}
}

func testProfiles(t *testing.T, v *Vault) {
	if ps, err := v.Profiles(); err != nil || len(ps) != 0 {
		t.Fatalf("new vault: %v %v", ps, err)
	}
	a, err := v.AddProfile("  Ann Example ", "1990-02-03")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Ann Example" || a.BirthDate != "1990-02-03" || len(a.ID) != 12 {
		t.Errorf("AddProfile = %+v", a)
	}
	time.Sleep(time.Millisecond)
	b, err := v.AddProfile("Ann Example", "") // same name: another person
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][2]string{{"", ""}, {"   ", ""}, {"X", "1990-13-01"}, {"X", "03/02/1990"}, {"X", "1990"}} {
		if p, err := v.AddProfile(bad[0], bad[1]); !errors.Is(err, ErrBadProfile) {
			t.Errorf("AddProfile(%q, %q) = %v, %v; want ErrBadProfile", bad[0], bad[1], p, err)
		}
	}
	ps, err := v.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].ID != a.ID || ps[1].ID != b.ID {
		t.Errorf("Profiles = %+v, want %s then %s", ps, a.ID, b.ID)
	}
	got, err := v.Profile(a.ID)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("Profile(%s) = %+v, %v; want %+v", a.ID, got, err, a)
	}
	if _, err := v.Profile("nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Profile(missing): %v", err)
	}
	// Profiles written in a batch: created, then updated in place.
	p := Profile{ID: "carl", Name: "Carl", Created: t0}
	write(t, v, &Batch{Now: t0, Profiles: []Profile{p}})
	p.Identifiers = []string{"sys|1"}
	p.Patients = []ID{{"local", "Patient", "c"}}
	if res := write(t, v, &Batch{Now: t0, Profiles: []Profile{p}}); res.Changed() {
		t.Errorf("a profile-only write reports record changes: %+v", res)
	}
	if got, _ := v.Profile("carl"); !reflect.DeepEqual(got.Identifiers, p.Identifiers) || !reflect.DeepEqual(got.Patients, p.Patients) {
		t.Errorf("updated profile = %+v", got)
	}
	if ps, _ := v.Profiles(); len(ps) != 3 || ps[0].ID != "carl" { // oldest first
		t.Errorf("Profiles = %+v", ps)
	}
}

func testUnchanged(t *testing.T, v *Vault) {
	write(t, v, sample())
	before := dumpDB(t, v)
	again := sample()
	again.Now = t0.Add(time.Hour)
	again.File = "other-name.json"
	res := write(t, v, again)
	if len(res.Added) != 0 || len(res.Updated) != 0 || res.Unchanged != len(again.Records) || res.Changed() {
		t.Errorf("rewrite: %+v, want %d unchanged", res, len(again.Records))
	}
	if d := diffDumps(before, dumpDB(t, v)); d != "" {
		t.Errorf("an unchanged write changed the database:\n%s", d)
	}
	if r, _ := v.Get(aliceHb1); r.Meta.File != "sample.json" || !r.Meta.ImportedAt.Equal(t0) {
		t.Errorf("unchanged record's source became %s %v", r.Meta.File, r.Meta.ImportedAt)
	}
	// The same resource under another fullUrl or profile is a change.
	b := sample()
	b.Records = b.Records[:2]
	b.Records[0].Meta.FullURL = "urn:uuid:alice-2"
	b.Records[1].Profile = "bob"
	if res := write(t, v, b); res.Updated["Patient"] != 1 || res.Updated["Observation"] != 1 || res.Unchanged != 0 {
		t.Errorf("fullUrl/profile change: %+v", res)
	}
}

func testUpdateMovesIndexes(t *testing.T, v *Vault) {
	write(t, v, sample())
	later := t0.Add(48 * time.Hour)
	moved := Record{Profile: "bob", ID: aliceHb2, Resource: resource("Observation", "hb-2020", `,"status":"amended"`),
		Meta: Meta{FullURL: "urn:uuid:hb-new", Date: "2018-01-01T00:00:00Z", Codes: []string{"http://loinc.org|718-7"}, Identifiers: []string{"lab|77"}, Links: []ID{bobPat}}}
	oldPat := Record{Profile: "alice", ID: alicePat, Resource: resource("Patient", "alice-1", `,"active":true`), Meta: Meta{Identifiers: []string{"http://hospital/mrn|A2"}}}
	res := write(t, v, &Batch{File: "update.json", Now: later, Records: []Record{moved, oldPat}})
	if res.Updated["Observation"] != 1 || res.Updated["Patient"] != 1 || len(res.Added) != 0 {
		t.Fatalf("result %+v", res)
	}
	got, err := v.Get(aliceHb2)
	if err != nil || got.Profile != "bob" || !bytes.Equal(got.Resource, moved.Resource) || got.Meta.File != "update.json" || !got.Meta.ImportedAt.Equal(later) || got.Meta.Date != "2018-01-01T00:00:00Z" {
		t.Fatalf("moved record = %+v, %v", got, err)
	}
	if p, _ := v.ProfileOf(aliceHb2); p != "bob" {
		t.Errorf("ProfileOf = %s", p)
	}
	for _, c := range []struct {
		q    Query
		want int
	}{
		{Query{Profile: "alice"}, 4}, {Query{Profile: "bob"}, 3}, {Query{Profile: "alice", Type: "Observation"}, 2},
		{Query{Profile: "bob", Type: "Observation"}, 2}, {Query{}, 8},
		{Query{Profile: "alice", From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, 1},
		{Query{Profile: "bob", To: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}, 1},
	} {
		if n := countRecords(t, v, c.q); n != c.want {
			t.Errorf("%+v: %d records, want %d", c.q, n, c.want)
		}
	}
	if _, ok := v.LookupFullURL("urn:uuid:alice"); ok {
		t.Error("the Patient's old fullUrl still resolves")
	}
	if id, ok := v.LookupFullURL("urn:uuid:hb-new"); !ok || id != aliceHb2 {
		t.Errorf("new fullUrl: %v %v", id, ok)
	}
	if got, _ := v.LookupIdentifier("Patient", "http://hospital/mrn|A1"); len(got) != 0 {
		t.Errorf("old identifier still indexed: %v", got)
	}
	if got, _ := v.LookupIdentifier("Patient", "http://hospital/mrn|A2"); len(got) != 1 {
		t.Errorf("new identifier: %v", got)
	}
	if got, _ := v.LookupIdentifier("Observation", "lab|77"); len(got) != 1 || got[0].Profile != "bob" {
		t.Errorf("new Observation identifier: %v", got)
	}
}

func testDuplicateInBatch(t *testing.T, v *Vault) {
	id := ID{"local", "Observation", "dup"}
	r := Record{Profile: "p", ID: id, Resource: resource("Observation", "dup", "")}
	res := write(t, v, &Batch{Now: t0, Records: []Record{r, r}})
	if res.Added["Observation"] != 1 || res.Unchanged != 1 || len(res.Updated) != 0 {
		t.Errorf("identical duplicate: %+v, want 1 added 1 unchanged", res)
	}
	if n := countRecords(t, v, Query{}); n != 1 {
		t.Errorf("%d records", n)
	}
	// Two versions of one record in a batch: the later wins and counts as an update.
	id2 := ID{"local", "Observation", "two-versions"}
	first := Record{Profile: "p", ID: id2, Resource: resource("Observation", "two-versions", `,"status":"preliminary"`), Meta: Meta{Date: "2020-01-01T00:00:00Z"}}
	second := Record{Profile: "p", ID: id2, Resource: resource("Observation", "two-versions", `,"status":"final"`), Meta: Meta{Date: "2021-01-01T00:00:00Z"}}
	res = write(t, v, &Batch{Now: t0, Records: []Record{first, second}})
	if res.Added["Observation"] != 1 || res.Updated["Observation"] != 1 || res.Unchanged != 0 {
		t.Errorf("two versions: %+v, want 1 added 1 updated", res)
	}
	if got, _ := v.Get(id2); got == nil || !bytes.Equal(got.Resource, second.Resource) || got.Meta.Date != second.Meta.Date {
		t.Errorf("the later version did not win: %+v", got)
	}
	if n := countRecords(t, v, Query{}); n != 2 {
		t.Errorf("%d records, want 2", n)
	}
	// The same identity from two sources is two records.
	other := Record{Profile: "p", ID: ID{"https://b.example/fhir", "Observation", "dup"}, Resource: r.Resource}
	if res := write(t, v, &Batch{Now: t0, Records: []Record{r, other}}); res.Added["Observation"] != 1 || res.Unchanged != 1 {
		t.Errorf("two sources: %+v", res)
	}
}

func testLargeBatch(t *testing.T, v *Vault) {
	chunks := 0
	testHookAfterChunk = func(int) error { chunks++; return nil }
	defer func() { testHookAfterChunk = nil }()
	base := baseBatch(2500)
	res := write(t, v, base)
	if res.Added["Observation"] != 2500 {
		t.Errorf("result %+v", res)
	}
	if chunks < 2 {
		t.Errorf("a ~4 MB batch took %d journal chunks; want it journaled", chunks)
	}
	if n := countRecords(t, v, Query{Profile: "p1"}); n != 2500 {
		t.Errorf("%d records", n)
	}
	for _, i := range []int{0, 1234, 2499} {
		r := base.Records[i]
		got, err := v.Get(r.ID)
		if err != nil || !bytes.Equal(got.Resource, r.Resource) {
			t.Errorf("record %d: %v", i, err)
		}
	}
	upd := journalBatch(base, 2500, "u")
	res = write(t, v, upd)
	if res.Updated["Observation"] != 1250 || res.Added["Observation"] != 1250 {
		t.Errorf("update: %+v", res)
	}
	if n := countRecords(t, v, Query{Profile: "p2"}); n != 1250 {
		t.Errorf("p2 holds %d records, want 1250", n)
	}
	if res := write(t, v, upd); res.Unchanged != 2500 || res.Changed() {
		t.Errorf("rewrite: %+v", res)
	}
}

func testCancelled(t *testing.T, v *Vault) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := v.Write(ctx, sample()); !errors.Is(err, context.Canceled) {
		t.Errorf("write with a cancelled context: %v", err)
	}
	if _, err := v.Write(ctx, baseBatch(2500)); !errors.Is(err, context.Canceled) {
		t.Errorf("large write with a cancelled context: %v", err)
	}
	if n := countRecords(t, v, Query{}); n != 0 {
		t.Errorf("%d records written", n)
	}
	if ps, _ := v.Profiles(); len(ps) != 0 {
		t.Errorf("profiles written: %v", ps)
	}
	if err := v.Records(ctx, Query{}, func(*Record) error { return nil }); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("records: %v", err)
	}
}

func TestSortableDate(t *testing.T) {
	for in, want := range map[string]string{
		"2019":                      "2019-01-01T00:00:00Z",
		"2019-03":                   "2019-03-01T00:00:00Z",
		"2019-03-04":                "2019-03-04T00:00:00Z",
		"2019-03-04T10:00:00+02:00": "2019-03-04T08:00:00Z",
		"2019-03-04T10:00:00.123Z":  "2019-03-04T10:00:00Z",
		"2019-03-04T10:00:00":       "2019-03-04T10:00:00Z",
		"":                          "",
		"yesterday":                 "",
		"2019-13-01":                "",
	} {
		if got := SortableDate(in); got != want {
			t.Errorf("SortableDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// What Badger cannot hold is refused with ErrTooLarge, naming nothing, and nothing is written.
func testTooLarge(t *testing.T, v *Vault) {
	secretValue := strings.Repeat("Quattlebaum", 7000)
	cases := []Record{
		{Profile: "p", ID: ID{"local", "Patient", "a"}, Resource: resource("Patient", "a", ""), Meta: Meta{Identifiers: []string{"sys|" + secretValue}}},
		{Profile: "p", ID: ID{"local", "Observation", "b"}, Resource: resource("Observation", "b", ""), Meta: Meta{Codes: []string{"sys|" + secretValue}}},
		{Profile: "p", ID: ID{"local", "Observation", "c"}, Resource: resource("Observation", "c", ""), Meta: Meta{FullURL: "urn:uuid:" + secretValue}},
		{Profile: "p", ID: ID{"local", "Binary", "d"}, Resource: randomResource("Binary", "d", 40<<20)},
	}
	for i, r := range cases {
		ok := Record{Profile: "p", ID: ID{"local", "Basic", "fine"}, Resource: resource("Basic", "fine", "")}
		_, err := v.Write(context.Background(), &Batch{Now: t0, Records: []Record{ok, r}})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("case %d: %v, want ErrTooLarge", i, err)
			continue
		}
		if strings.Contains(err.Error(), "Quattlebaum") || strings.Contains(err.Error(), "\n") || len(err.Error()) > 200 {
			t.Errorf("case %d: message %q", i, err)
		}
	}
	if n := countRecords(t, v, Query{}); n != 0 {
		t.Errorf("%d records written", n)
	}
}

// testTypeCounts: TypeCounts agrees with counting the records themselves.
func testTypeCounts(t *testing.T, v *Vault) {
	write(t, v, sample())
	for _, p := range []string{"", SharedProfile, "alice", "bob", "nobody"} {
		want := map[string]int{}
		if err := v.Records(context.Background(), Query{Profile: p}, func(r *Record) error { want[r.ID.Type]++; return nil }); err != nil {
			t.Fatal(err)
		}
		got, err := v.TypeCounts(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("profile %q: TypeCounts = %v, records say %v", p, got, want)
		}
	}
}

func testState(t *testing.T, v *Vault) {
	ctx := context.Background()
	if _, err := v.GetState("remind/x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("absent key: %v", err)
	}
	if err := v.UpdateState(ctx, StateOp{Key: "remind/b", Value: []byte("2")}, StateOp{Key: "remind/a", Value: []byte("1")}, StateOp{Key: "portal/a", Value: []byte("p")}); err != nil {
		t.Fatal(err)
	}
	if got, err := v.GetState("remind/a"); err != nil || string(got) != "1" {
		t.Fatalf("get: %q %v", got, err)
	}
	var keys []string
	if err := v.ScanState(ctx, "remind/", func(k string, val []byte) error { keys = append(keys, k+"="+string(val)); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"remind/a=1", "remind/b=2"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("scan: got %v, want %v", keys, want)
	}
	if err := v.UpdateState(ctx, StateOp{Key: "remind/a", Delete: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.GetState("remind/a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	for _, bad := range []string{"", "a\x00b", strings.Repeat("k", 2000), "\xff"} {
		if err := v.UpdateState(ctx, StateOp{Key: bad, Value: []byte("v")}); !errors.Is(err, ErrBadStateKey) {
			t.Errorf("key %q: got %v, want ErrBadStateKey", bad, err)
		}
	}
	// State entries are not records.
	if n := countRecords(t, v, Query{}); n != 0 {
		t.Errorf("state shows up as %d records", n)
	}
}

// A sync page and its checkpoint are one transaction: a failing batch writes neither.
func testStateInBatch(t *testing.T, v *Vault) {
	ctx := context.Background()
	b := sample()
	b.State = []StateOp{{Key: "sync/checkpoint", Value: []byte("page-1")}}
	b.Durable = true
	write(t, v, b)
	if got, _ := v.GetState("sync/checkpoint"); string(got) != "page-1" {
		t.Fatalf("checkpoint = %q", got)
	}
	bad := &Batch{Now: t0, Records: []Record{{Profile: "alice", ID: ID{"local", "Observation", strings.Repeat("k", 70000)}, Resource: resource("Observation", "k", "")}},
		State: []StateOp{{Key: "sync/checkpoint", Value: []byte("page-2")}}}
	if _, err := v.Write(ctx, bad); err == nil {
		t.Fatal("oversized batch was written")
	}
	if got, _ := v.GetState("sync/checkpoint"); string(got) != "page-1" {
		t.Errorf("checkpoint moved without its page: %q", got)
	}
}

func testDeleted(t *testing.T, v *Vault) {
	write(t, v, sample())
	later := t0.Add(time.Hour)
	res := write(t, v, &Batch{Now: later, Deleted: []ID{aliceHb1, {"local", "Observation", "never-stored"}}})
	if res.Deleted["Observation"] != 1 || !res.Changed() {
		t.Fatalf("deleted counts: %+v", res)
	}
	r, err := v.Get(aliceHb1)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Meta.Deleted.Equal(later) {
		t.Errorf("Deleted = %v, want %v", r.Meta.Deleted, later)
	}
	if n := countRecords(t, v, Query{Profile: "alice", Type: "Observation"}); n != 3 {
		t.Errorf("a deleted record must be kept and marked; %d observations", n)
	}
	// Marking again changes nothing; the source sending it again un-deletes it.
	if res := write(t, v, &Batch{Now: later, Deleted: []ID{aliceHb1}}); res.Changed() {
		t.Errorf("second mark changed: %+v", res)
	}
	again := sample()
	res = write(t, v, again)
	if res.Updated["Observation"] != 1 {
		t.Errorf("re-sent record: %+v", res)
	}
	if r, _ := v.Get(aliceHb1); !r.Meta.Deleted.IsZero() {
		t.Error("re-sent record is still marked deleted")
	}
}

func TestNewRecord(t *testing.T) {
	res := []byte(`{"resourceType":"MedicationAdministration","id":"d1","status":"completed","medicationReference":{"reference":"Medication/m1"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-03-08T08:00:00-05:00","request":{"reference":"https://other/fhir/MedicationRequest/r1"},"identifier":[{"system":"urn:ck","value":"occ-1"}]}`)
	id := ID{AppSource, "MedicationAdministration", "d1"}
	r, err := NewRecord("alice", id, res)
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Date != "2026-03-08T13:00:00Z" {
		t.Errorf("date %q", r.Meta.Date)
	}
	want := []ID{{AppSource, "Medication", "m1"}, {AppSource, "Patient", "p1"}}
	if !reflect.DeepEqual(r.Meta.Links, want) {
		t.Errorf("links %v, want %v", r.Meta.Links, want)
	}
	if !reflect.DeepEqual(r.Meta.Identifiers, []string{"urn:ck|occ-1"}) {
		t.Errorf("identifiers %v", r.Meta.Identifiers)
	}
	if _, err := NewRecord("alice", ID{AppSource, "Observation", "d1"}, res); err == nil {
		t.Error("type mismatch accepted")
	}
	if _, err := NewRecord("alice", id, []byte(`{"resourceType":`)); err == nil {
		t.Error("broken JSON accepted")
	}
}

func testDeleteProfile(t *testing.T, v *Vault) {
	ctx := context.Background()
	write(t, v, sample())
	state := []StateOp{
		{Key: "remind/plan/alice/x", Value: []byte("1")},
		{Key: "journey/questions/alice", Value: []byte("1")},
		{Key: "health/medicine/alice/MedicationRequest%2Fm", Value: []byte("1")},
		{Key: "remind/plan/bob/x", Value: []byte("1")},
		{Key: "remind/watermark", Value: []byte("1")},
		{Key: "portal/p/alice", Value: []byte("a portal whose id is a profile id")},
		{Key: "alice/x/y", Value: []byte("1")},
	}
	if err := v.UpdateState(ctx, state...); err != nil {
		t.Fatal(err)
	}
	// Shared records (F277): alice's medicine and its maker (only through it) and her
	// clinic (org, in sample) are hers alone; a practitioner both see stays, with the
	// organization it names; a location no one's record names is not hers.
	var (
		med     = ID{"local", "Medication", "med-1"}
		maker   = ID{"local", "Organization", "maker"}
		pr      = ID{"local", "Practitioner", "pr-both"}
		prOrg   = ID{"local", "Organization", "pr-org"}
		loc     = ID{"local", "Location", "loc-none"}
		aliceRx = ID{"local", "MedicationRequest", "rx-1"}
		aliceEn = ID{"local", "Encounter", "enc-a"}
		bobEn   = ID{"local", "Encounter", "enc-b"}
	)
	write(t, v, &Batch{File: "more.json", Now: t0, Records: []Record{
		{Profile: SharedProfile, ID: med, Resource: resource("Medication", "med-1", ""), Meta: Meta{FullURL: "urn:uuid:med", Links: []ID{maker}}},
		{Profile: SharedProfile, ID: maker, Resource: resource("Organization", "maker", ""), Meta: Meta{}},
		{Profile: SharedProfile, ID: pr, Resource: resource("Practitioner", "pr-both", ""), Meta: Meta{Links: []ID{prOrg}}},
		{Profile: SharedProfile, ID: prOrg, Resource: resource("Organization", "pr-org", ""), Meta: Meta{}},
		{Profile: SharedProfile, ID: loc, Resource: resource("Location", "loc-none", ""), Meta: Meta{}},
		{Profile: "alice", ID: aliceRx, Resource: resource("MedicationRequest", "rx-1", ""), Meta: Meta{Links: []ID{alicePat, med, pr}}},
		{Profile: "alice", ID: aliceEn, Resource: resource("Encounter", "enc-a", ""), Meta: Meta{Links: []ID{alicePat, pr, org}}},
		{Profile: "bob", ID: bobEn, Resource: resource("Encounter", "enc-b", ""), Meta: Meta{Links: []ID{bobPat, pr}}},
	}})
	bobBefore := dumpRecords(t, v, Query{Profile: "bob"})
	sharedBefore := dumpRecords(t, v, Query{Profile: SharedProfile})

	n, err := v.DeleteProfile(ctx, "alice", StateOp{Key: "portal/token/tok", Delete: true}, StateOp{Key: "portal/p/other", Value: []byte("unbound")})
	if err != nil || n != (Deleted{Records: 7, Shared: 3}) {
		t.Fatalf("DeleteProfile = %+v, %v; want her 7 records and 3 shared ones only she referred to", n, err)
	}
	for _, id := range []ID{org, med, maker} {
		if _, err := v.Get(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("the shared %v only alice referred to remains: %v", id, err)
		}
	}
	for _, id := range []ID{pr, prOrg, loc} {
		if _, err := v.Get(id); err != nil {
			t.Errorf("the shared %v is gone: %v", id, err)
		}
	}
	if _, ok := v.LookupFullURL("urn:uuid:med"); ok {
		t.Error("the medicine's fullUrl is still indexed")
	}
	sharedBefore = slices.DeleteFunc(sharedBefore, func(r string) bool {
		return strings.Contains(r, "org-1") || strings.Contains(r, "med-1") || strings.Contains(r, "Organization/maker")
	})
	if _, err := v.Profile("alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the profile is still there: %v", err)
	}
	if ps, _ := v.Profiles(); len(ps) != 1 || ps[0].ID != "bob" {
		t.Errorf("Profiles = %+v, want bob only", ps)
	}
	if n := countRecords(t, v, Query{Profile: "alice"}); n != 0 {
		t.Errorf("%d of alice's records remain", n)
	}
	for _, id := range []ID{alicePat, aliceHb1, aliceHb2, aliceBP, aliceCnd} {
		if _, err := v.Get(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%v) after delete: %v", id, err)
		}
	}
	if _, ok := v.LookupFullURL("urn:uuid:alice"); ok {
		t.Error("alice's fullUrl is still indexed")
	}
	if _, ok := v.LookupFullURL("urn:uuid:org"); ok {
		t.Error("the fullUrl of the organization only alice referred to is still indexed")
	}
	if got, _ := v.LookupIdentifier("Patient", "http://hospital/mrn|A1"); len(got) != 0 {
		t.Errorf("alice's identifier is still indexed: %v", got)
	}
	if c, _ := v.TypeCounts(ctx, "alice"); len(c) != 0 {
		t.Errorf("type counts of alice: %v", c)
	}
	var tl int
	v.Timeline(ctx, Query{Profile: "alice"}, func(*Entry) error { tl++; return nil })
	if tl != 0 {
		t.Errorf("%d timeline entries of alice remain", tl)
	}
	if got := dumpRecords(t, v, Query{Profile: "bob"}); !reflect.DeepEqual(got, bobBefore) {
		t.Errorf("bob's records changed:\n got %v\nwant %v", got, bobBefore)
	}
	if got := dumpRecords(t, v, Query{Profile: SharedProfile}); !reflect.DeepEqual(got, sharedBefore) {
		t.Errorf("shared records changed:\n got %v\nwant %v", got, sharedBefore)
	}
	var keys []string
	v.ScanState(ctx, "", func(k string, _ []byte) error { keys = append(keys, k); return nil })
	want := []string{"alice/x/y", "portal/p/alice", "portal/p/other", "remind/plan/bob/x", "remind/watermark"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("state after delete: %v, want %v", keys, want)
	}
	if _, err := v.DeleteProfile(ctx, "alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting again: %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", SharedProfile} {
		if _, err := v.DeleteProfile(ctx, bad); !errors.Is(err, ErrBadProfile) {
			t.Errorf("DeleteProfile(%q): %v, want ErrBadProfile", bad, err)
		}
	}
	if _, err := v.DeleteProfile(ctx, "bob", StateOp{Key: "", Delete: true}); !errors.Is(err, ErrBadStateKey) {
		t.Errorf("bad extra state key: %v", err)
	}
	if _, err := v.Profile("bob"); err != nil {
		t.Errorf("a refused delete removed bob: %v", err)
	}
}

// deleteBatchRecords is enough records that deleting their person is too big for one
// transaction (7 keys a record, over apply's 20,000 operations).
const deleteBatchRecords = 3000

func testDeleteProfileLarge(t *testing.T, v *Vault) {
	write(t, v, baseBatch(deleteBatchRecords))
	write(t, v, sample())
	chunks := 0
	testHookAfterChunk = func(int) error { chunks++; return nil }
	defer func() { testHookAfterChunk = nil }()
	n, err := v.DeleteProfile(context.Background(), "p1")
	if err != nil || n.Records != deleteBatchRecords {
		t.Fatalf("DeleteProfile = %+v, %v", n, err)
	}
	if chunks == 0 {
		t.Error("the records were not removed in chunks: the test does not exercise them")
	}
	if c := countRecords(t, v, Query{Profile: "p1"}); c != 0 {
		t.Errorf("%d records remain", c)
	}
	if c := countRecords(t, v, Query{Profile: "alice"}); c != 5 {
		t.Errorf("alice has %d records, want 5", c)
	}
}

// A deletion is all or nothing across a crash, rolled forward: a crash after the commit
// point (the profile removed, the marker written) while the records are being removed leaves,
// after the next open, exactly what a deletion that ran to its end leaves.
func TestDeleteProfileCrash(t *testing.T) {
	defer func() { testHookAfterChunk = nil }()
	dir := newVaultDir(t)
	_, key := keyTemplate(t)
	v, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	write(t, v, baseBatch(deleteBatchRecords))
	write(t, v, sample())
	if err := v.UpdateState(ctx, StateOp{Key: "remind/plan/p1/x", Value: []byte("1")}); err != nil {
		t.Fatal(err)
	}
	// What a deletion that runs to its end leaves, on a copy.
	whole := filepath.Join(t.TempDir(), "vault")
	copyTree(t, dir, whole)
	w, err := OpenWithKey(whole, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.DeleteProfile(ctx, "p1"); err != nil || n.Records != deleteBatchRecords {
		t.Fatalf("DeleteProfile = %d, %v", n, err)
	}
	want := dumpDB(t, w)
	w.Close()
	testHookAfterChunk = func(c int) error {
		if c == 0 {
			return errCrash
		}
		return nil
	}
	if _, err := v.DeleteProfile(ctx, "p1"); !errors.Is(err, errCrash) {
		t.Fatalf("DeleteProfile: %v, want the simulated crash", err)
	}
	testHookAfterChunk = nil
	if countRecords(t, v, Query{Profile: "p1"}) == 0 {
		t.Fatal("the crash left no record to remove: the test does not exercise recovery")
	}
	// The process dies: close the database as it is.
	if err := v.db.Close(); err != nil {
		t.Fatal(err)
	}
	v.lock.release()
	v, err = OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer v.Close()
	if d := diffDumps(want, dumpDB(t, v)); d != "" {
		t.Fatalf("after recovery the person is not wholly gone:\n%s", d)
	}
	if _, err := v.Profile("p1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the profile is back: %v", err)
	}
	if _, err := v.GetState("remind/plan/p1/x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("p1's state remains: %v", err)
	}
	if c := countRecords(t, v, Query{Profile: "alice"}); c != 5 {
		t.Errorf("alice has %d records, want 5", c)
	}
	checkConsistency(t, v)
}
