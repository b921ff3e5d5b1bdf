package fhirtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// bundleCounts are the resource counts per type in the fixture bundle, by an independent
// decoder.
func bundleCounts(t *testing.T, pattern string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range testutil.Entries(t, testutil.ReadFile(t, testutil.Fixture(t, pattern))) {
		out[e.Type]++
	}
	return out
}

func TestLoadTime(t *testing.T) {
	dataset(t)
	t.Logf("loading %d resources from %d bundles took %v", dataset(t).Len(), len(dsPaths), dsTook)
}

func TestPagingCollectsThePatient(t *testing.T) {
	want := bundleCounts(t, bigFile)
	shared := map[string]bool{"Organization": true, "Practitioner": true}
	for _, tt := range []struct {
		name  string
		opts  Options
		count string
	}{
		{"cursor default count", Options{}, ""},
		{"cursor _count=100", Options{}, "&_count=100"},
		{"cursor _count capped", Options{}, "&_count=1000"},
		{"offset", Options{Paging: PagingOffset}, "&_count=37"},
		{"no total", Options{OmitTotal: true}, "&_count=100"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := start(t, tt.opts)
			tok := e.login().AccessToken
			got := map[string]int{}
			seen := map[string]bool{}
			for typ, n := range want {
				if shared[typ] {
					continue
				}
				q := typ + "?patient=" + bigID + tt.count
				if typ == "Patient" {
					q = "Patient?_id=" + bigID + tt.count
				}
				keys := e.searchAll(tok, q)
				for _, k := range keys {
					if seen[k] {
						t.Fatalf("%s returned twice", k)
					}
					seen[k] = true
				}
				got[typ] = len(keys)
				first := e.get(tok, q)
				total, hasTotal := first.json["total"]
				if tt.opts.OmitTotal == hasTotal || (hasTotal && total != float64(n)) {
					t.Errorf("%s total %v, want %d", typ, total, n)
				}
			}
			for typ := range shared {
				got[typ] = want[typ]
			}
			if !maps.Equal(got, want) {
				t.Errorf("per-type counts\n got %v\nwant %v", got, want)
			}
			// Every resource matches what the server holds, with search.mode match and a
			// RESTful fullUrl.
			r := e.get(tok, "Observation?patient="+bigID+"&_count=5")
			if id, _ := r.json["id"].(string); !validID(id) || r.json["type"] != "searchset" {
				t.Errorf("Bundle id %q type %v", id, r.json["type"])
			}
			if strings.Contains(string(r.body), `\u0026`) {
				t.Error("links HTML-escaped")
			}
			entries := r.json["entry"].([]any)
			if len(entries) != 5 {
				t.Fatalf("%d entries", len(entries))
			}
			for _, x := range entries {
				m := x.(map[string]any)
				res := m["resource"].(map[string]any)
				if m["search"].(map[string]any)["mode"] != "match" || m["fullUrl"] != e.base+"/Observation/"+res["id"].(string) {
					t.Errorf("entry %v %v", m["search"], m["fullUrl"])
				}
				body, _ := e.srv.Get("Observation", res["id"].(string))
				var stored map[string]any
				json.Unmarshal(body, &stored)
				if fmt.Sprint(stored) != fmt.Sprint(res) {
					t.Errorf("search result differs from the stored resource")
				}
			}
		})
	}
}

func TestReferencesResolved(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	refs := e.srv.Referenced(bigID)
	if len(refs) == 0 {
		t.Fatal("no referenced resources")
	}
	for k := range refs {
		mustStatus(t, e.get(tok, k), 200) // shared resources are readable
	}
	for k, body := range e.srv.Compartment(bigID) {
		if strings.Contains(string(body), `"reference":"urn:uuid:`) {
			t.Fatalf("%s still has urn:uuid references", k)
		}
	}
	body, _ := e.srv.Get("Encounter", firstID(t, e, tok, "Encounter"))
	if !strings.Contains(string(body), `"reference":"Patient/`+bigID+`"`) {
		t.Errorf("Encounter does not reference Patient/%s: %s", bigID, body)
	}
}

func firstID(t *testing.T, e *env, tok, typ string) string {
	t.Helper()
	r := e.get(tok, typ+"?patient="+bigID+"&_count=1")
	mustStatus(t, r, 200)
	return r.resources()[0]["id"].(string)
}

// Patients whose bundles use conditional references load with the supporting bundles, and
// fail clearly without them.
func TestConditionalReferences(t *testing.T) {
	patient := testutil.Fixture(t, "synthea/Bob965_Keeling57_*.json")
	if _, err := Load(patient); err == nil || !strings.Contains(err.Error(), "could not be resolved") {
		t.Fatalf("without the supporting bundles: %v", err)
	}
	ds, err := Load(patient, testutil.Fixture(t, "synthea/hospitalInformation1633536936158.json.gz"),
		testutil.Fixture(t, "synthea/practitionerInformation1633536936158.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	srv := New(ds, Options{})
	pid := srv.Patient()
	want := bundleCounts(t, "synthea/Bob965_Keeling57_*.json")
	got := srv.TypeCounts(pid)
	if !maps.Equal(got, want) {
		t.Errorf("compartment %v, want %v", got, want)
	}
	refs := srv.Referenced(pid)
	types := map[string]bool{}
	for k := range refs {
		typ, _, _ := strings.Cut(k, "/")
		types[typ] = true
	}
	for _, typ := range []string{"Practitioner", "Organization", "Location"} {
		if !types[typ] {
			t.Errorf("no referenced %s", typ)
		}
	}
	for k, body := range srv.Compartment(pid) {
		if strings.Contains(string(body), "?identifier=") {
			t.Fatalf("%s keeps a conditional reference", k)
		}
	}
}

func TestCompartment(t *testing.T) {
	e := start(t, Options{Patient: small1ID})
	tok := e.login().AccessToken
	mine := e.srv.Compartment(small1ID)
	var otherObs string
	for k := range e.srv.Compartment(bigID) {
		if strings.HasPrefix(k, "Observation/") {
			otherObs = k
			break
		}
	}
	mustStatus(t, e.get(tok, "Patient/"+bigID), 404)
	mustStatus(t, e.get(tok, otherObs), 404)
	mustStatus(t, e.get(tok, "Patient/"+small1ID), 200)
	mustStatus(t, e.get(tok, "Observation?patient="+bigID), 403)
	mustStatus(t, e.get(tok, "Observation?patient="+small1ID+","+bigID), 403)
	mustStatus(t, e.get(tok, "Observation?subject=Patient/"+bigID), 403)
	r := e.get(tok, "Patient?_id="+bigID)
	mustStatus(t, r, 200)
	if len(r.resources()) != 0 || r.json["total"] != 0.0 {
		t.Errorf("another patient found by _id: %s", r.body)
	}
	r = e.get(tok, "Patient")
	if len(r.resources()) != 1 || r.resources()[0]["id"] != small1ID {
		t.Errorf("Patient search: %s", r.body)
	}
	// Reference forms of the patient parameter.
	n := 0
	for k := range mine {
		if strings.HasPrefix(k, "Observation/") {
			n++
		}
	}
	for _, q := range []string{"patient=" + small1ID, "patient=Patient/" + small1ID, "subject=Patient/" + small1ID,
		"patient=" + url.QueryEscape(e.base+"/Patient/"+small1ID)} {
		if got := len(e.searchAll(tok, "Observation?"+q)); got != n {
			t.Errorf("%s: %d, want %d", q, got, n)
		}
	}
	// A page link is bound to its login.
	e.srv.SetPatient(bigID)
	otherTok := e.login().AccessToken
	next := e.get(otherTok, "Observation?patient="+bigID+"&_count=10").link("next")
	if next == "" {
		t.Fatal("no next link")
	}
	mustStatus(t, e.get(tok, next), 403)
	mustStatus(t, e.get(otherTok, next), 200)
}

func TestStrictSearch(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	p := "patient=" + bigID
	for _, tt := range []struct {
		path   string
		hdr    []string
		status int
		issue  string
	}{
		{"Observation?" + p + "&code=1234-5", nil, 400, "invalid"},
		{"Observation?" + p + "&patient:Patient=" + bigID, nil, 400, "invalid"},
		{"Observation", nil, 400, "invalid"},
		{"Observation?_id=x", nil, 400, "invalid"},
		{"Practitioner", nil, 400, "too-costly"},
		{"Immunization?subject=" + bigID, nil, 400, "invalid"},
		{"Observation?" + p + "&_count=abc", nil, 400, "invalid"},
		{"Observation?" + p + "&_count=-1", nil, 400, "invalid"},
		{"Observation?" + p + "&_sort=date", nil, 400, "invalid"},
		{"Observation?" + p + "&_offset=10", nil, 400, "invalid"}, // cursor paging
		{"Observation?" + p + "&_lastUpdated=yesterday", nil, 400, "invalid"},
		{"Observation?" + p + "&_lastUpdated=gt2024-01-01T00:00:00%2001:00", nil, 400, "invalid"},
		{"Frobnicate?" + p, nil, 404, "not-supported"},
		{"Observation/a/b/c", nil, 404, "not-supported"},
		{"Observation/nope", nil, 404, "not-found"},
		{"Observation?" + p, []string{"Accept", "application/fhir+xml"}, 406, "not-supported"},
		{"Observation?" + p + "&_format=xml", nil, 406, "not-supported"},
		{"?_getpages=nope&_getpagesoffset=0&_count=10", nil, 410, "not-found"},
		{"Observation?" + p + "&code=1234-5", []string{"Prefer", "handling=lenient"}, 200, ""},
		{"Observation?" + p + "&_count=1000", nil, 200, ""},
		{"Observation?" + p + "&_format=json", []string{"Accept", "application/json"}, 200, ""},
	} {
		t.Run(tt.path, func(t *testing.T) {
			r := e.get(tok, tt.path, tt.hdr...)
			if r.status != tt.status || r.issue() != tt.issue {
				t.Fatalf("%d %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/fhir+json; charset=utf-8" {
				t.Errorf("content type %q", ct)
			}
			if r.status == 200 && strings.Contains(r.link("self"), "code=") {
				t.Errorf("an ignored parameter in the self link: %s", r.link("self"))
			}
		})
	}
	r := e.get(tok, "Observation?"+p+"&_count=1000")
	if !strings.HasSuffix(r.link("self"), "_count=100") || len(r.resources()) != 100 {
		t.Errorf("cap: self %s, %d entries", r.link("self"), len(r.resources()))
	}
	// Writes are refused.
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		req, _ := newRequest(t, m, e.base+"/Observation", tok)
		if req.StatusCode != 405 {
			t.Errorf("%s: %d", m, req.StatusCode)
		}
	}
	// Epic's content type.
	e2 := start(t, Options{EpicContentType: true})
	if ct := e2.get(e2.login().AccessToken, "Patient/"+bigID).header.Get("Content-Type"); ct != "application/json+fhir; charset=utf-8" {
		t.Errorf("Epic content type %q", ct)
	}
}

func TestLastUpdated(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	loaded := dataset(t).LoadedAt()
	t1 := loaded.Add(90 * time.Minute)
	e.srv.SetClock(func() time.Time { return t1 })
	obs := firstID(t, e, tok, "Observation")
	if err := e.srv.Update("Observation", obs, func(r map[string]any) { r["status"] = "amended" }); err != nil {
		t.Fatal(err)
	}
	r := e.get(tok, "Observation/"+obs)
	meta := r.json["meta"].(map[string]any)
	if meta["versionId"] != "2" || meta["lastUpdated"] != t1.UTC().Format("2006-01-02T15:04:05.000Z07:00") || r.json["status"] != "amended" {
		t.Fatalf("after update: meta %v status %v", meta, r.json["status"])
	}
	if r.header.Get("ETag") != `W/"2"` {
		t.Errorf("ETag %q", r.header.Get("ETag"))
	}
	all := len(e.searchAll(tok, "Observation?patient="+bigID))
	ts := func(t time.Time) string { return url.QueryEscape(t.UTC().Format(time.RFC3339)) }
	for _, tt := range []struct {
		q    string
		want int
	}{
		{"gt" + ts(t1.Add(-time.Minute)), 1},
		{"ge" + ts(t1), 1},
		{"gt" + ts(t1), 0},
		{"lt" + ts(t1), all - 1},
		{"le" + ts(t1), all},
		{"eq" + ts(t1), 1},
		{ts(t1), 1},
		{"ne" + ts(t1), all - 1},
		{"gt" + url.QueryEscape(t1.In(time.FixedZone("", 5*3600)).Add(-time.Minute).Format(time.RFC3339)), 1},
		{"gt" + loaded.Format("2006-01-02"), map[bool]int{true: 1, false: 0}[t1.Format("2006-01-02") != loaded.Format("2006-01-02")]},
		{"ge" + loaded.Format("2006"), all},
		{"lt" + loaded.Format("2006"), 0},
	} {
		t.Run(tt.q, func(t *testing.T) {
			path := "Observation?patient=" + bigID + "&_lastUpdated=" + tt.q
			keys := e.searchAll(tok, path)
			if len(keys) != tt.want {
				t.Fatalf("%d results, want %d", len(keys), tt.want)
			}
			if self := e.get(tok, path).link("self"); !strings.Contains(self, "_lastUpdated=") {
				t.Errorf("self link without _lastUpdated: %s", self)
			}
		})
	}
	// Two values are ANDed.
	if n := len(e.searchAll(tok, "Observation?patient="+bigID+"&_lastUpdated=ge"+ts(t1)+"&_lastUpdated=lt"+ts(t1.Add(time.Second)))); n != 1 {
		t.Errorf("range: %d", n)
	}
	// _sort=_lastUpdated puts the edit last, -_lastUpdated first.
	asc := e.searchAll(tok, "Observation?patient="+bigID+"&_sort=_lastUpdated")
	desc := e.get(tok, "Observation?patient="+bigID+"&_sort=-_lastUpdated&_count=1")
	if asc[len(asc)-1] != "Observation/"+obs || desc.resources()[0]["id"] != obs {
		t.Errorf("sort: last %s, first desc %v", asc[len(asc)-1], desc.resources()[0]["id"])
	}
	if self := desc.link("self"); !strings.Contains(self, "_sort=-_lastUpdated") {
		t.Errorf("self %s", self)
	}
	// Disabled _lastUpdated: a 400, or ignored (and absent from the self link) when lenient.
	e2 := start(t, Options{NoLastUpdated: true})
	tok2 := e2.login().AccessToken
	mustStatus(t, e2.get(tok2, "Observation?patient="+bigID+"&_lastUpdated=gt2020"), 400)
	r = e2.get(tok2, "Observation?patient="+bigID+"&_lastUpdated=gt2999", "Prefer", "handling=lenient")
	mustStatus(t, r, 200)
	if strings.Contains(r.link("self"), "_lastUpdated") || len(r.resources()) == 0 {
		t.Errorf("lenient: self %s, %d results", r.link("self"), len(r.resources()))
	}
}

func TestEditsAndDeletes(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	before := e.searchAll(tok, "Condition?patient="+bigID)
	gone := strings.TrimPrefix(before[3], "Condition/")
	if err := e.srv.Delete("Condition", gone); err != nil {
		t.Fatal(err)
	}
	r := e.get(tok, "Condition/"+gone)
	mustStatus(t, r, 410)
	if r.issue() != "deleted" {
		t.Errorf("410 issue %q", r.issue())
	}
	after := e.searchAll(tok, "Condition?patient="+bigID)
	if len(after) != len(before)-1 || slices.Contains(after, "Condition/"+gone) {
		t.Errorf("after delete %d results (before %d)", len(after), len(before))
	}
	if _, ok := e.srv.Compartment(bigID)["Condition/"+gone]; ok {
		t.Error("deleted resource in Compartment")
	}
	if err := e.srv.Delete("Condition", gone); err != ErrNotFound {
		t.Errorf("second delete: %v", err)
	}
	if err := e.srv.Update("Condition", gone, func(map[string]any) {}); err != ErrNotFound {
		t.Errorf("update of deleted: %v", err)
	}
	// Add: a new resource joins the compartment through its subject reference.
	id, err := e.srv.Add(map[string]any{"resourceType": "Condition", "subject": map[string]any{"reference": "Patient/" + bigID},
		"code": map[string]any{"text": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	after = e.searchAll(tok, "Condition?patient="+bigID)
	if len(after) != len(before) || after[len(after)-1] != "Condition/"+id {
		t.Errorf("after add: %v", after[len(after)-3:])
	}
	r = e.get(tok, "Condition/"+id)
	if meta := r.json["meta"].(map[string]any); meta["versionId"] != "1" {
		t.Errorf("added: %v", meta)
	}
	if err := e.srv.Update("Condition", id, func(r map[string]any) { r["id"] = "other" }); err == nil {
		t.Error("Update may not change the id")
	}
	// Moving a resource to another patient moves it out of the compartment.
	e.srv.Update("Condition", id, func(r map[string]any) { r["subject"] = map[string]any{"reference": "Patient/" + small1ID} })
	mustStatus(t, e.get(tok, "Condition/"+id), 404)
	// Edits do not show in another server built from the same dataset.
	other := New(dataset(t), Options{})
	if _, ok := other.Get("Condition", gone); !ok {
		t.Error("the dataset was changed by an edit")
	}
	if _, ok := other.Get("Condition", id); ok {
		t.Error("an added resource leaked into the dataset")
	}
}

func TestCursorAndOffsetUnderEdits(t *testing.T) {
	for _, tt := range []struct {
		name    string
		opts    Options
		shifted bool
	}{
		{"cursor", Options{}, false},
		{"offset", Options{Paging: PagingOffset}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := start(t, tt.opts)
			tok := e.login().AccessToken
			all := e.searchAll(tok, "Observation?patient="+bigID+"&_count=100")
			first := e.get(tok, "Observation?patient="+bigID+"&_count=100")
			// Delete a resource on the first page: offset paging then skips one.
			e.srv.Delete("Observation", first.resources()[0]["id"].(string))
			var keys []string
			for _, res := range first.resources() {
				keys = append(keys, "Observation/"+res["id"].(string))
			}
			keys = append(keys, e.searchAll(tok, first.link("next"))...)
			missed := 0
			for _, k := range all {
				if !slices.Contains(keys, k) {
					missed++
				}
			}
			if (missed > 0) != tt.shifted {
				t.Errorf("%d resources missed by paging across a delete", missed)
			}
		})
	}
}

func TestMaxOffset(t *testing.T) {
	e := start(t, Options{Paging: PagingOffset, MaxOffset: 200})
	tok := e.login().AccessToken
	u := "Observation?patient=" + bigID + "&_count=100"
	var pages int
	for u != "" {
		r := e.get(tok, u)
		if r.status != 200 {
			if r.status != 400 || r.issue() != "too-costly" || pages != 2 {
				t.Fatalf("page %d: %d %s", pages, r.status, r.body)
			}
			return
		}
		pages++
		u = r.link("next")
	}
	t.Fatal("paged past MaxOffset")
}

func TestCounts(t *testing.T) {
	e := start(t, Options{})
	tok := e.login().AccessToken
	e.srv.ResetCounts()
	e.searchAll(tok, "Observation?patient="+bigID+"&_count=100") // 351 → 4 pages
	e.get(tok, "Patient/"+bigID)
	e.get("", "metadata")
	e.get("", ".well-known/smart-configuration")
	c := e.srv.Counts()
	if c.Search != 1 || c.Page != 3 || c.Read != 1 || c.Metadata != 1 || c.Discovery != 1 || c.Data() != 5 {
		t.Errorf("counts %+v", c)
	}
	if c.ByType["Observation"] != 4 || c.ByType["Patient"] != 1 {
		t.Errorf("by type %v", c.ByType)
	}
	// An incremental pass with nothing new: one request per type.
	e.srv.ResetCounts()
	types := slices.Sorted(maps.Keys(dataset(t).Counts(bigID)))
	for _, typ := range types {
		param := "patient"
		if typ == "Patient" {
			param = "_id"
		}
		keys := e.searchAll(tok, typ+"?"+param+"="+bigID+"&_lastUpdated=gt"+url.QueryEscape(e.clock.Now().Format(time.RFC3339)))
		if len(keys) != 0 {
			t.Fatalf("%s: %d changed", typ, len(keys))
		}
	}
	if c := e.srv.Counts(); c.Data() != len(types) {
		t.Errorf("%d requests for %d types", c.Data(), len(types))
	}
}

func TestDatasetCounts(t *testing.T) {
	want := bundleCounts(t, bigFile)
	delete(want, "Organization")
	delete(want, "Practitioner")
	got := dataset(t).Counts(bigID)
	if !maps.Equal(got, want) {
		t.Errorf("%v\nwant %v", got, want)
	}
	ps := dataset(t).Patients()
	sort.Strings(ps)
	if len(ps) != 3 {
		t.Errorf("patients %v", ps)
	}
}
