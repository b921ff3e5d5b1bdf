package storage

import (
	"context"
	"testing"
	"time"
)

// F238: a write without its time (Batch.Now zero: a measurement or an appointment added in the
// app) is stamped with the time of the write; it read back as 30 Aug 1754 (a zero time's
// UnixNano). A zero time in an envelope, and one a vault wrote before, read back as not known.
func TestWriteWithoutItsTimeIsStamped(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	id := ID{AppSource, "Observation", "bp-1"}
	b := &Batch{Profiles: []Profile{{ID: "p1", Name: "Mum"}}, Records: []Record{{Profile: "p1", ID: id, Resource: resource("Observation", "bp-1", "")}}}
	if _, err := v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	r, err := v.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if at := r.Meta.ImportedAt; at.Before(before) || at.After(time.Now().Add(time.Second)) {
		t.Errorf("saved at %v, want the time of the write (%v)", at, before)
	}
	// A deletion without its time deletes.
	if _, err := v.Write(ctx, &Batch{Deleted: []ID{id}}); err != nil {
		t.Fatal(err)
	}
	if r, err = v.Get(id); err != nil || r.Meta.Deleted.IsZero() {
		t.Errorf("deleted without a time: Deleted %v, %v", r.Meta.Deleted, err)
	}
	for _, at := range []time.Time{{}, time.Unix(0, time.Time{}.UnixNano())} { // zero; as written before F238
		env, err := encodeEnvelope(&Meta{ImportedAt: at, Date: "2026-12-05T17:03:00Z"}, []byte(`{"resourceType":"Observation"}`))
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := decodeEnvelope(env)
		if err != nil {
			t.Fatal(err)
		}
		if !m.ImportedAt.IsZero() || m.Date != "2026-12-05T17:03:00Z" {
			t.Errorf("ImportedAt %v written: read back %v (date %q), want not known", at, m.ImportedAt, m.Date)
		}
	}
}
