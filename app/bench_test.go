package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// BenchmarkTimelineIndex100k measures opening the timeline of a 100,000-resource history:
// the vault scan and the sort, which is what stands between the tap and the first lines
// (a line's title is read when the line is shown).
func BenchmarkTimelineIndex100k(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "v")
	if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { v.Close() }()
	p, err := v.AddProfile("Bench Person", "1950-01-01")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	const n, batch = 100000, 5000
	for i := 0; i < n; i += batch {
		var recs []storage.Record
		for j := i; j < i+batch; j++ {
			when := t0.Add(time.Duration(j) * 90 * time.Minute).Format(time.RFC3339)
			js := fmt.Sprintf(`{"resourceType":"Observation","id":"o%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body Weight"}],"text":"Body Weight"},"subject":{"reference":"Patient/p"},"effectiveDateTime":%q,"valueQuantity":{"value":%d.5,"unit":"kg"}}`, j, when, 60+j%30)
			r, err := storage.NewRecord(p.ID, storage.ID{Source: "https://bench.example/fhir", Type: "Observation", ID: fmt.Sprint("o", j)}, []byte(js))
			if err != nil {
				b.Fatal(err)
			}
			recs = append(recs, r)
		}
		if _, err := v.Write(ctx, &storage.Batch{Records: recs, Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	// Measure as a person would meet it: the history was written earlier, the vault is opened
	// now (Badger's background work on the fresh writes is not part of opening the timeline).
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	if v, err = storage.Open(dir, []byte(testPass), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	people := []storage.Profile{*p}
	b.ResetTimer()
	for b.Loop() {
		ev, err := timelineIndex(ctx, v, p.ID, people)
		if err != nil || len(ev) != n {
			b.Fatalf("%d events, %v", len(ev), err)
		}
	}
}

// BenchmarkUnlockToToday measures what follows the key derivation when the largest fixture
// is unlocked: reading the person's records and computing Today (headless: painting is
// not included).
func BenchmarkUnlockToToday(b *testing.B) {
	path := fixture(b, "synthea/Fletcher_Hyatt_*.json")
	dir := filepath.Join(b.TempDir(), "v")
	if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	ctx := context.Background()
	if _, err := cksync.ImportFile(ctx, v, path, cksync.Options{}); err != nil {
		b.Fatal(err)
	}
	people, _ := v.Profiles()
	page := &todayPage{}
	b.ResetTimer()
	for b.Loop() {
		ps, _ := v.Profiles()
		set, err := loadSet(ctx, v, ps[0].ID, ps)
		if err != nil {
			b.Fatal(err)
		}
		page.compute(&pageData{ctx: ctx, v: v, profile: ps[0].ID, people: people, set: set, now: time.Now()})
	}
}
