package hhvault

import (
	"context"
	"fmt"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// The household's numbers inside a running app or daemon (the vaults open, as they are there):
//
//	go test -run '^$' -bench Delivery -benchtime 20x ./sync/hhvault

// pairVaults makes a household of two open vaults through cfg (a's exchanges admit b).
func pairVaults(tb testing.TB, cfg Config) (a, b *storage.Vault, ha, hb *household.Household) {
	ctx := context.Background()
	a, b = openVault(tb), openVault(tb)
	ha, err := Create(ctx, a, cfg, nil, "Home", "a", time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	code, _, err := ha.Invite(ctx, nil, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		var err error
		hb, err = Join(ctx, b, cfg, nil, code, "b", time.Minute, time.Now)
		done <- err
	}()
	for {
		if _, err := Exchange(ctx, a, ha, time.Now()); err != nil {
			tb.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				tb.Fatal(err)
			}
			return a, b, ha, hb
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func doseRecord(tb testing.TB, profile string, i int) storage.Record {
	id := fmt.Sprintf("dose-%d-%d", time.Now().UnixNano(), i)
	rec, err := storage.NewRecord(profile, storage.ID{Source: storage.AppSource, Type: "MedicationAdministration", ID: id},
		[]byte(`{"resourceType":"MedicationAdministration","id":"`+id+`","status":"completed","effectiveDateTime":"2026-12-01T08:05:00Z","medicationCodeableConcept":{"text":"Metformin 500 mg"}}`))
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

// delivery: a dose answer written on a, a's exchange sends it, b's next exchange applies it.
func delivery(b *testing.B, cfg Config) {
	ctx := context.Background()
	va, vb, ha, hb := pairVaults(b, cfg)
	p, err := va.AddProfile("Dad", "")
	if err != nil {
		b.Fatal(err)
	}
	for range 2 {
		Exchange(ctx, va, ha, time.Now())
		Exchange(ctx, vb, hb, time.Now())
	}
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		rec := doseRecord(b, p.ID, i)
		t0 := time.Now()
		if _, err := va.Write(ctx, &storage.Batch{Now: t0, Records: []storage.Record{rec}, Durable: true}); err != nil {
			b.Fatal(err)
		}
		if r, err := Exchange(ctx, va, ha, time.Now()); err != nil || r.Sent == 0 {
			b.Fatalf("a sent %+v, %v", r, err)
		}
		if r, err := Exchange(ctx, vb, hb, time.Now()); err != nil || r.Applied == 0 {
			b.Fatalf("b applied %+v, %v", r, err)
		}
		total += time.Since(t0)
		if _, err := vb.Get(rec.ID); err != nil {
			b.Fatalf("the dose is not on b: %v", err)
		}
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/answer-to-applied")
}

func BenchmarkDeliveryFolder(b *testing.B) { delivery(b, Config{Folder: b.TempDir()}) }

func BenchmarkDeliveryWebDAVRclone(b *testing.B) {
	w := engines.StartRclone(b)
	delivery(b, Config{WebDAV: w.URL, WebDAVUser: w.User, WebDAVPassword: w.Password})
}

func BenchmarkDeliveryWebDAVApache(b *testing.B) {
	w := engines.StartApache(b)
	delivery(b, Config{WebDAV: w.URL, WebDAVUser: w.User, WebDAVPassword: w.Password})
}
