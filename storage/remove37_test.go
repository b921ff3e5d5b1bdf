package storage

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Batch.Remove removes a record with every index entry of it (delRecord, the one removal the
// household's deletions and a person's deletion use too): no key of the vault names it after,
// and its fullUrl goes with it unless a record of the same batch takes it.
func TestBatchRemoveLeavesNoKeyOfTheRecord(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	p, err := v.AddProfile("Ann Lee", "1960-02-03")
	if err != nil {
		t.Fatal(err)
	}
	const u = "https://ehr.example/fhir/Observation/o1"
	rec := func(id string, url string) Record {
		r, err := NewRecord(p.ID, ID{Source: "local#" + p.ID, Type: "Observation", ID: id}, []byte(`{"resourceType":"Observation","id":"`+id+
			`","status":"final","identifier":[{"system":"urn:lab","value":"L-`+id+`"}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-12-01T08:00:00Z","valueQuantity":{"value":70,"unit":"kg"}}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Meta.FullURL = url
		return r
	}
	names := func(id string) []string {
		var out []string
		err := v.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().KeyCopy(nil)
				val, _ := it.Item().ValueCopy(nil)
				if bytes.Contains(k, []byte(id)) || bytes.HasPrefix(k, prefixFullURL) && bytes.Contains(val, []byte(id)) {
					out = append(out, string(k))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a := rec("gone-a", u)
	if _, err := v.Write(ctx, &Batch{Now: time.Now(), Records: []Record{a}}); err != nil {
		t.Fatal(err)
	}
	if len(names("gone-a")) < 5 {
		t.Fatalf("the record's keys: %q", names("gone-a"))
	}
	// Given another identity in one write: the new one takes the fullUrl.
	b := rec("kept-b", u)
	if _, err := v.Write(ctx, &Batch{Move: true, Records: []Record{b}, Remove: []ID{a.ID}}); err != nil {
		t.Fatal(err)
	}
	if left := names("gone-a"); len(left) > 0 {
		t.Errorf("keys left of the record removed: %q", left)
	}
	if id, ok := v.LookupFullURL(u); !ok || id != b.ID {
		t.Errorf("the fullUrl names %v (%v), want the record that took it", id, ok)
	}
	// Removed alone: its fullUrl goes too.
	if _, err := v.Write(ctx, &Batch{Move: true, Remove: []ID{b.ID}}); err != nil {
		t.Fatal(err)
	}
	if left := names("kept-b"); len(left) > 0 {
		t.Errorf("keys left of the record removed: %q", left)
	}
	if id, ok := v.LookupFullURL(u); ok {
		t.Errorf("the fullUrl still names %v", id)
	}
}
