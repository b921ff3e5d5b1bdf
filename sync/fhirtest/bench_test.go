package fhirtest

import (
	"net/http"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// BenchmarkLoadLargest loads the largest Synthea patient (ns/op is the load time).
func BenchmarkLoadLargest(b *testing.B) {
	path := testutil.Fixture(b, bigFile)
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAll loads every bundle of the Synthea fixtures directory.
func BenchmarkLoadAll(b *testing.B) {
	dir := testutil.FixturesDir(b) + "/synthea"
	for b.Loop() {
		ds, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(ds.Len()), "resources")
	}
}

// BenchmarkFullPatientPaging pages through every compartment type of the largest patient
// over loopback with _count=100 (what a first sync fetches).
func BenchmarkFullPatientPaging(b *testing.B) {
	ds := dataset(b)
	srv := New(ds, Options{})
	base, err := srv.Start(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	// A token without the OAuth dance.
	srv.authMu.Lock()
	g := &grant{clientID: DefaultClientID, patient: bigID, scopes: []string{"patient/*.rs"}}
	srv.access["bench"] = &accessToken{grant: g, scopes: g.scopes, expiry: time.Now().Add(24 * time.Hour)}
	srv.authMu.Unlock()
	e := &env{srv: srv, base: base}
	counts := ds.Counts(bigID)
	n := 0
	for b.Loop() {
		n = 0
		for typ := range counts {
			q := typ + "?patient=" + bigID + "&_count=100"
			if typ == "Patient" {
				q = "Patient?_id=" + bigID
			}
			for u := q; u != ""; {
				r := e.benchGet(b, u)
				n += len(r.resources())
				u = r.link("next")
			}
		}
	}
	b.ReportMetric(float64(n), "resources/op")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}

func (e *env) benchGet(b *testing.B, path string) *response {
	u := path
	if len(path) < 4 || path[:4] != "http" {
		u = e.base + "/" + path
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer bench")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	r := &response{status: resp.StatusCode}
	if err := jsonDecode(resp.Body, &r.json); err != nil || r.status != 200 {
		b.Fatalf("%s: %d %v", path, r.status, err)
	}
	return r
}
