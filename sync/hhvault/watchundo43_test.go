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
	l := newLockedWatch(t, Config{Folder: t.TempDir()})
	w := l.w
	rec := doseRecord(t, l.dad, 1)
	key := storage.RecordKey(rec.ID)
	l.send(t, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}, Durable: true})
	if got, err := w.Answers(ctx, time.Now()); err != nil || len(got) != 1 || got[0].Key != key || got[0].Deleted {
		t.Fatalf("the answer: %+v, %v", got, err)
	}
	l.send(t, &storage.Batch{Remove: []storage.ID{rec.ID}, Durable: true})
	got, err := w.Answers(ctx, time.Now())
	if err != nil || len(got) != 1 || got[0].Kind != storage.KindDose || got[0].Key != key || !got[0].Deleted {
		t.Fatalf("the answer undone: %+v, %v; want the tombstone of %s", got, err, key)
	}
	if _, err := l.a.DeleteProfile(ctx, l.dad); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, l.a, l.ha, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err = w.Answers(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	gone := false
	for _, c := range got {
		switch {
		case c.Kind == storage.KindProfile && c.Deleted && c.Key == l.dad:
			gone = true
		case c.Kind != storage.KindDose:
			t.Errorf("handed over: %+v", c)
		}
	}
	if !gone {
		t.Fatalf("Dad deleted: %+v, want his profile's tombstone", got)
	}
}
