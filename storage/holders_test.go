package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"
)

// fixed gives every record of the batches a resource made from its identity and person (the
// test batches' resources are random), so two vaults written alike hold the same bytes.
func fixed(bs ...*Batch) []*Batch {
	for _, b := range bs {
		for i := range b.Records {
			r := &b.Records[i]
			sum := sha256.Sum256([]byte(r.Profile + r.ID.ID + b.File))
			r.Resource = resource(r.ID.Type, r.ID.ID, `,"text":{"div":"`+hex.EncodeToString(sum[:])+`"}`)
		}
	}
	return bs
}

// lookedBatch hands b a Lookup of its records' identities made now, as the importer does.
func lookedBatch(tb testing.TB, v *Vault, b *Batch) {
	tb.Helper()
	ids := make([]ID, len(b.Records))
	b.LookedAt = make([]int32, len(b.Records))
	for i := range b.Records {
		ids[i] = b.Records[i].ID
		b.LookedAt[i] = int32(i)
	}
	l, err := v.Lookup(ids)
	if err != nil {
		tb.Fatal(err)
	}
	b.Looked = l
}

// countLookups counts the records Write looks up while the test runs.
func countLookups(tb testing.TB) *int {
	n := new(int)
	testHookLookup = func(ID) { *n++ }
	tb.Cleanup(func() { testHookLookup = nil })
	return n
}

// writeBoth writes the same batches into two new vaults, the second's last batch with a Lookup
// made just before it, and returns both vaults and the last write's results.
func writeBoth(t *testing.T, batches func() []*Batch, between func(v *Vault, last *Batch)) (plain, looked *Vault, rp, rl *Result, lookups int) {
	t.Helper()
	ctx := context.Background()
	run := func(hint bool) (*Vault, *Result, int) {
		v := newTestVault(t, Options{})
		bs := batches()
		for _, b := range bs[:len(bs)-1] {
			if _, err := v.Write(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		last := bs[len(bs)-1]
		if hint {
			lookedBatch(t, v, last)
		}
		if between != nil {
			between(v, last)
		}
		n := countLookups(t)
		res, err := v.Write(ctx, last)
		if err != nil {
			t.Fatal(err)
		}
		checkConsistency(t, v)
		return v, res, *n
	}
	plain, rp, _ = run(false)
	looked, rl, lookups = run(true)
	return plain, looked, rp, rl, lookups
}

func records(t *testing.T, v *Vault) map[ID]Record {
	t.Helper()
	out := map[ID]Record{}
	if err := v.Records(context.Background(), Query{}, func(r *Record) error { out[r.ID] = *r; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// A write handed a fresh Lookup stores exactly what it stores without one, and looks up only
// the records the Lookup found held (in one part and in several).
func TestWriteSkipsLookupsALookupAnswered(t *testing.T) {
	for _, parts := range []int{2000, 7} {
		old := partRecords
		partRecords = parts
		batches := func() []*Batch {
			base := baseBatch(40)
			return fixed(base, journalBatch(base, 60, "j")) // even records below 40 are stored ones, moved
		}
		plain, looked, rp, rl, lookups := writeBoth(t, batches, nil)
		partRecords = old
		if !reflect.DeepEqual(rp, rl) {
			t.Errorf("parts %d: result %+v with the Lookup, %+v without", parts, rl, rp)
		}
		if d := diffDumps(dumpDB(t, plain), dumpDB(t, looked)); d != "" {
			t.Errorf("parts %d: the vaults differ:\n%s", parts, d)
		}
		if !reflect.DeepEqual(records(t, plain), records(t, looked)) {
			t.Errorf("parts %d: records differ", parts)
		}
		if lookups != 20 {
			t.Errorf("parts %d: %d records looked up with the Lookup, want the 20 it found stored", parts, lookups)
		}
	}
}

// A Lookup made before another write (here: one storing records the Lookup found missing) is
// not trusted: Write looks every record up, and the result is what it is without a Lookup.
func TestWriteLooksUpAgainAfterAnotherWrite(t *testing.T) {
	ctx := context.Background()
	batches := func() []*Batch {
		base := baseBatch(10)
		return fixed(base, journalBatch(base, 30, "k"))
	}
	// Between the Lookup and the write, the new records of the last batch are stored by another
	// write, under another person, with other contents.
	between := func(v *Vault, last *Batch) {
		other := &Batch{File: "other.json", Now: last.Now, Profiles: []Profile{{ID: "p3", Name: "Third"}}}
		for _, r := range last.Records {
			if r.Profile == "p1" {
				r.Profile = "p3"
				r.Resource = randomResource(r.ID.Type, r.ID.ID, 300)
				other.Records = append(other.Records, r)
			}
		}
		if _, err := v.Write(ctx, other); err != nil {
			t.Fatal(err)
		}
	}
	plain, looked, rp, rl, lookups := writeBoth(t, batches, between)
	if !reflect.DeepEqual(rp, rl) {
		t.Errorf("result %+v with the stale Lookup, %+v without", rl, rp)
	}
	if len(rl.Added) != 0 {
		t.Errorf("records stored since the Lookup counted as added: %+v", rl.Added)
	}
	if !reflect.DeepEqual(records(t, plain), records(t, looked)) {
		t.Error("records differ")
	}
	if lookups != 30 {
		t.Errorf("%d records looked up after a stale Lookup, want all 30", lookups)
	}
}

// A Lookup's answer is used only for the identity it was asked about: indexes naming another
// identity, another vault's Lookup, or a Lookup that found the record held change nothing.
func TestWriteUsesLookupOnlyForItsIdentities(t *testing.T) {
	ctx := context.Background()
	cases := map[string]func(v *Vault, b *Batch){
		"indexes shifted": func(v *Vault, b *Batch) {
			for i := range b.LookedAt {
				b.LookedAt[i] = int32((i + 1) % len(b.LookedAt))
			}
		},
		"another vault's": func(v *Vault, b *Batch) {
			lookedBatch(t, newTestVault(t, Options{}), b)
		},
		"found held": func(v *Vault, b *Batch) {}, // every record of the batch is stored
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			v := newTestVault(t, Options{})
			base := baseBatch(12)
			if _, err := v.Write(ctx, base); err != nil {
				t.Fatal(err)
			}
			again := journalBatch(base, 12, "m") // even ones stored (moved), odd ones new
			if name == "found held" {
				again = &Batch{File: base.File, Now: base.Now.Add(1), Records: append([]Record(nil), base.Records...)}
			}
			lookedBatch(t, v, again)
			spoil(v, again)
			n := countLookups(t)
			res, err := v.Write(ctx, again)
			if err != nil {
				t.Fatal(err)
			}
			checkConsistency(t, v)
			if name != "found held" && *n != len(again.Records) {
				t.Errorf("%d of %d records looked up", *n, len(again.Records))
			}
			if name == "found held" && (*n != 12 || res.Unchanged != 12) {
				t.Errorf("%d looked up, %d unchanged; want 12 and 12", *n, res.Unchanged)
			}
		})
	}
}
