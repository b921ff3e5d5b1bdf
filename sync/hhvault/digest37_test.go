package hhvault

import (
	"bytes"
	"context"
	"testing"

	"carekeeper/storage"
)

// RecordsDigest (moved from the app's join undo): the same while nothing is recorded for the
// person, another once a record is added or changed; another person's records do not count.
func TestRecordsDigestChangesWithThePersonsRecords(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	p, err := v.AddProfile("Tom Baker", "1950-03-03")
	if err != nil {
		t.Fatal(err)
	}
	q, err := v.AddProfile("Ann Baker", "1952-05-05")
	if err != nil {
		t.Fatal(err)
	}
	add := func(profile, id, value string) {
		t.Helper()
		rec, err := storage.NewRecord(profile, storage.ID{Source: storage.AppSource, Type: "Observation", ID: id},
			[]byte(`{"resourceType":"Observation","id":"`+id+`","status":"final","code":{"text":"weight"},"valueQuantity":{"value":`+value+`,"unit":"kg"}}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	digest := func() []byte {
		t.Helper()
		d, err := RecordsDigest(ctx, v, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	add(p.ID, "w1", "80")
	d1 := digest()
	if !bytes.Equal(d1, digest()) {
		t.Error("the digest changed with nothing recorded")
	}
	add(q.ID, "w9", "60")
	if !bytes.Equal(d1, digest()) {
		t.Error("another person's record changed the digest")
	}
	add(p.ID, "w1", "81")
	d2 := digest()
	if bytes.Equal(d1, d2) {
		t.Error("a record changed, the digest not")
	}
	add(p.ID, "w2", "82")
	if bytes.Equal(d2, digest()) {
		t.Error("a record added, the digest not")
	}
}
