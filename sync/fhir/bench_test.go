package fhir

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"carekeeper/internal/testutil"
)

// benchPage builds a searchset page of n resources taken from the largest Synthea patient.
func benchPage(b *testing.B, n int) []byte {
	b.Helper()
	var bundle struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(testutil.ReadFile(b, testutil.Fixture(b, "synthea/Fletcher_Hyatt_*.json")), &bundle); err != nil {
		b.Fatal(err)
	}
	type entry struct {
		Resource json.RawMessage `json:"resource"`
		Search   map[string]any  `json:"search"`
	}
	page := map[string]any{"resourceType": "Bundle", "type": "searchset", "total": n}
	var entries []entry
	for i := 0; i < n; i++ {
		entries = append(entries, entry{bundle.Entry[i%len(bundle.Entry)].Resource, map[string]any{"mode": "match"}})
	}
	page["entry"] = entries
	out, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

func BenchmarkParsePage100(b *testing.B) {
	body := benchPage(b, 100)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePage(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchLoopback100 is one 100-resource page through the whole client (retryablehttp,
// body cap, JSON validation, parsing) from a loopback server.
func BenchmarkSearchLoopback100(b *testing.B) {
	body := benchPage(b, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fhir+json")
		w.Write(body)
	}))
	defer srv.Close()
	c, err := New(srv.URL+"/fhir", nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Search(context.Background(), "Observation?patient=p"); err != nil {
			b.Fatal(err)
		}
	}
}
