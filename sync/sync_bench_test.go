package sync_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/internal/testutil/testvault"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhirtest"
)

const largestPatient = "synthea/Fletcher_Hyatt_*.json"

// A full first sync of the largest fixture patient through the test portal on loopback,
// against importing the same bundle from a file (goal: sync ≤ 3 × import).
func BenchmarkSyncFirstVsImport(b *testing.B) {
	ds := dataset(b, largestPatient)
	srv, base := startPortal(b, ds, fhirtest.Options{})
	file := testutil.Fixture(b, largestPatient)
	var syncT, importT time.Duration
	resources := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v, _ := newVault(b)
		p := signIn(b, v, base, "")
		b.StartTimer()
		start := time.Now()
		r, err := cksync.SyncPortal(ctx, v, p.ID, cksync.SyncOptions{})
		if err != nil || !r.Complete {
			b.Fatalf("%v %+v", err, r)
		}
		syncT += time.Since(start)
		resources = fetchedAll(r)
		b.StopTimer()
		v2, _ := newVault(b)
		start = time.Now()
		if _, err := cksync.ImportFile(ctx, v2, file, cksync.Options{}); err != nil {
			b.Fatal(err)
		}
		importT += time.Since(start)
		testvault.Done(b, v)
		testvault.Done(b, v2) // two vaults an iteration: not kept open to the end
		b.StartTimer()
	}
	_ = srv
	b.ReportMetric(float64(syncT.Milliseconds())/float64(b.N), "sync-ms")
	b.ReportMetric(float64(importT.Milliseconds())/float64(b.N), "import-ms")
	b.ReportMetric(float64(syncT)/float64(importT), "sync/import")
	b.ReportMetric(float64(resources), "resources")
}

func fetchedAll(r *cksync.Result) int {
	n := 0
	for _, c := range r.Resources {
		n += c.Fetched
	}
	return n
}

// An incremental sync with no changes: requests per searched type (goal ≤ 1).
func BenchmarkSyncNoChange(b *testing.B) {
	ds := dataset(b, largestPatient)
	c := &clock{ds.LoadedAt().Add(time.Hour)}
	srv, base := startPortal(b, ds, fhirtest.Options{Clock: c.Now})
	v, _ := newVault(b)
	p := signIn(b, v, base, "")
	if r, err := cksync.SyncPortal(ctx, v, p.ID, cksync.SyncOptions{Now: c.Now}); err != nil || !r.Complete {
		b.Fatal(err, r)
	}
	b.ResetTimer()
	var perType float64
	for i := 0; i < b.N; i++ {
		c.t = c.t.Add(time.Hour)
		srv.ResetCounts()
		r, err := cksync.SyncPortal(ctx, v, p.ID, cksync.SyncOptions{Now: c.Now})
		if err != nil || !r.Complete || fetched(r) != 0 {
			b.Fatal(err, r)
		}
		cnt := srv.Counts()
		types := 0
		for t, n := range cnt.ByType {
			if t != "Patient" && n > 0 {
				types++
			}
		}
		perType = float64(cnt.Search+cnt.Page) / float64(types)
	}
	b.ReportMetric(perType, "requests/type")
}

// A 20,000-resource patient (the largest fixture's Observations replicated): resources per
// second of a full first sync.
func BenchmarkSync20k(b *testing.B) {
	ds := dataset(b, largestPatient)
	srv, base := startPortal(b, ds, fhirtest.Options{})
	comp := srv.Compartment(srv.Patient())
	var obs []map[string]any
	for k, raw := range comp {
		if len(k) > 12 && k[:12] == "Observation/" {
			var m map[string]any
			if err := jsonUnmarshal(raw, &m); err != nil {
				b.Fatal(err)
			}
			obs = append(obs, m)
		}
	}
	for i := 0; len(comp)+i < 20000; i++ {
		m := obs[i%len(obs)]
		cp := map[string]any{}
		for k, v := range m {
			cp[k] = v
		}
		cp["id"] = fmt.Sprintf("rep-%d", i)
		delete(cp, "meta")
		if _, err := srv.Add(cp); err != nil {
			b.Fatal(err)
		}
	}
	total := len(srv.Compartment(srv.Patient()))
	b.ResetTimer()
	var rate float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v, _ := newVault(b)
		p := signIn(b, v, base, "")
		b.StartTimer()
		start := time.Now()
		r, err := cksync.SyncPortal(ctx, v, p.ID, cksync.SyncOptions{})
		if err != nil || !r.Complete {
			b.Fatal(err, r)
		}
		rate = float64(fetchedAll(r)) / time.Since(start).Seconds()
		b.StopTimer()
		testvault.Done(b, v)
		b.StartTimer()
	}
	b.ReportMetric(float64(total), "resources")
	b.ReportMetric(rate, "resources/s")
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
