package hhvault

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F558's rest: an answer the locked computer heard, then undone on Dad's laptop while it is
// still locked (the answer's record removed), reaches the Watch as a tombstone of the same
// key, for the locked engine to raise the alert again; Dad deleted reaches it as his profile's
// tombstone, for his alerts to stop. Nothing else of the household is handed over.
func TestWatchHearsAnAnswerUndoneWhileLocked(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b, ha, hb := pairVaults(t, Config{Folder: dir})
	p, err := a.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	exchangeBoth := func() {
		t.Helper()
		for range 2 {
			if _, err := Exchange(ctx, a, ha, time.Now()); err != nil {
				t.Fatal(err)
			}
			if _, err := Exchange(ctx, b, hb, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	exchangeBoth()
	w, err := NewWatch(ctx, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil { // b locks
		t.Fatal(err)
	}
	rec := doseRecord(t, p.ID, 1)
	key := storage.RecordKey(rec.ID)
	send := func(b *storage.Batch) {
		t.Helper()
		if _, err := a.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := Exchange(ctx, a, ha, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	send(&storage.Batch{Now: time.Now(), Records: []storage.Record{rec}, Durable: true})
	if got, err := w.Answers(ctx, time.Now()); err != nil || len(got) != 1 || got[0].Key != key || got[0].Deleted {
		t.Fatalf("the answer: %+v, %v", got, err)
	}
	send(&storage.Batch{Remove: []storage.ID{rec.ID}, Durable: true})
	got, err := w.Answers(ctx, time.Now())
	if err != nil || len(got) != 1 || got[0].Kind != storage.KindDose || got[0].Key != key || !got[0].Deleted {
		t.Fatalf("the answer undone: %+v, %v; want the tombstone of %s", got, err, key)
	}
	if _, err := a.DeleteProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, a, ha, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err = w.Answers(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	gone := false
	for _, c := range got {
		switch {
		case c.Kind == storage.KindProfile && c.Deleted && c.Key == p.ID:
			gone = true
		case c.Kind != storage.KindDose:
			t.Errorf("handed over: %+v", c)
		}
	}
	if !gone {
		t.Fatalf("Dad deleted: %+v, want his profile's tombstone", got)
	}
}
