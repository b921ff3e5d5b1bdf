package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// goldenRecord is a record as testdata/zstdvault.json holds it (the resource as text).
type goldenRecord struct {
	Profile  string
	ID       ID
	Meta     Meta
	Resource string
}

// readAll is every record of the vault as Records gives it, through JSON as the golden file
// went (so times compare as written).
func readAll(t *testing.T, v *Vault, q Query) []goldenRecord {
	t.Helper()
	var out []goldenRecord
	if err := v.Records(context.Background(), q, func(r *Record) error {
		out = append(out, goldenRecord{r.Profile, r.ID, r.Meta, string(r.Resource)})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var back []goldenRecord
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

// envelopeForms is the version byte of every record envelope in the vault, by record key.
func envelopeForms(t *testing.T, v *Vault) map[string]byte {
	t.Helper()
	forms := map[string]byte{}
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixRecord})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := string(it.Item().KeyCopy(nil))
			if err := it.Item().Value(func(env []byte) error { forms[k] = env[0]; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return forms
}

// TestVaultOfZstdEnvelopesReadsAsBefore opens a vault written before S2 envelopes
// (testdata/zstdvault: every resource a zstd frame, envelope versions 4 to 7, a deleted mark, a
// card mark, a kept precision, a record written again, one over s2ResourceMax): every record
// reads back as that code read it (testdata/zstdvault.json), whole, resource only and by
// identity, with its size; records written into it then are S2 blocks (the large one a zstd
// frame still), and old and new read side by side.
func TestVaultOfZstdEnvelopesReadsAsBefore(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "zstdvault"))
	data, err := os.ReadFile(filepath.Join("testdata", "zstdvault.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []goldenRecord
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { v.Close() }()
	versions := map[byte]bool{}
	for k, f := range envelopeForms(t, v) {
		if f&envelopeS2 != 0 {
			t.Fatalf("%q: an S2 envelope in the vault written before them", k)
		}
		versions[f] = true
	}
	for _, ver := range []byte{envelopeVersion, envelopeVersionCard, envelopeVersionPrecision, envelopeVersionAdded} {
		if !versions[ver] {
			t.Errorf("no version %d envelope in testdata/zstdvault (has %v)", ver, versions)
		}
	}
	got := readAll(t, v, Query{})
	if len(got) != len(want) || len(want) < 12 {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("record %d reads\n%+v\nwant\n%+v", i, got[i], want[i])
		}
	}
	ctx := context.Background()
	i := 0
	if err := v.Records(ctx, Query{ResourceOnly: true}, func(r *Record) error {
		if string(r.Resource) != want[i].Resource {
			t.Errorf("resource only, record %d: %.60s", i, r.Resource)
		}
		i++
		return nil
	}); err != nil || i != len(want) {
		t.Fatalf("resource only: %d records, %v", i, err)
	}
	i = 0
	if err := v.Records(ctx, Query{MetaOnly: true, Sizes: true}, func(r *Record) error {
		if r.Size != len(want[i].Resource) {
			t.Errorf("record %d: size %d, want %d", i, r.Size, len(want[i].Resource))
		}
		i++
		return nil
	}); err != nil || i != len(want) {
		t.Fatalf("sizes: %d records, %v", i, err)
	}
	for _, w := range want {
		r, err := v.Get(w.ID)
		if err != nil || string(r.Resource) != w.Resource {
			t.Errorf("Get %v: %v", w.ID, err)
		}
	}

	// Written now: a new small record and an old one changed are S2 blocks; the large one
	// changed stays a zstd frame.
	var big goldenRecord
	for _, w := range want {
		if len(w.Resource) >= s2ResourceMax {
			big = w
		}
	}
	if big.Resource == "" {
		t.Fatal("no record over s2ResourceMax in testdata/zstdvault")
	}
	newRec := Record{Profile: "bob", ID: ID{"local", "Observation", "new-1"}, Resource: resource("Observation", "new-1", `,"status":"final"`),
		Meta: Meta{Date: "2025-06-07T08:00:00Z", Codes: []string{"http://loinc.org|4548-4"}}}
	changed := func(res string) []byte { return []byte(strings.TrimSuffix(res, "}") + `,"language":"en"}`) }
	again := Record{Profile: want[1].Profile, ID: want[1].ID, Resource: changed(want[1].Resource), Meta: want[1].Meta}
	bigAgain := Record{Profile: big.Profile, ID: big.ID, Resource: changed(big.Resource), Meta: big.Meta}
	write(t, v, &Batch{File: "now.json", Now: t0.Add(72 * time.Hour), Records: []Record{newRec, again, bigAgain}})
	v.Close()
	if v, err = Open(dir, []byte(testPass), Options{}); err != nil {
		t.Fatal(err)
	}
	forms := envelopeForms(t, v)
	for _, c := range []struct {
		r  Record
		s2 bool
	}{{newRec, true}, {again, true}, {bigAgain, false}} {
		if f, ok := forms[string(recordKey(c.r.Profile, c.r.Meta.Date, c.r.ID))]; !ok || (f&envelopeS2 != 0) != c.s2 {
			t.Errorf("%v written now: version byte %#x (found %v), want S2 %v", c.r.ID, f, ok, c.s2)
		}
	}
	n := 0
	for _, r := range readAll(t, v, Query{}) {
		switch r.ID {
		case newRec.ID, again.ID, big.ID:
			w := string(newRec.Resource)
			switch r.ID {
			case again.ID:
				w = string(again.Resource)
			case big.ID:
				w = string(bigAgain.Resource)
			}
			if r.Resource != w || r.Meta.File != "now.json" {
				t.Errorf("%v written now reads %.60s from %q", r.ID, r.Resource, r.Meta.File)
			}
		default:
			for _, w := range want {
				if w.ID == r.ID && !reflect.DeepEqual(r, w) {
					t.Errorf("%v changed by the write of others:\n%+v\nwant\n%+v", r.ID, r, w)
				}
			}
		}
		n++
	}
	if n != len(want)+1 {
		t.Errorf("%d records after the write, want %d", n, len(want)+1)
	}
	checkConsistency(t, v)
}

// TestEnvelopeS2: every record of the fixtures under s2ResourceMax is stored as an S2 block and
// larger ones as zstd frames; each decodes back, also appended after other bytes (which it
// leaves as they were), and its size is read from the block; damaged S2 envelopes give an
// error or other bytes, never a panic, and a block whose length says more than an S2 block
// may hold is refused before anything is allocated for it.
func TestEnvelopeS2(t *testing.T) {
	records := fixtureRecords(t)
	var big []byte
	for _, r := range records {
		if big = append(big, r...); len(big) > 100<<10 {
			break
		}
	}
	records = append(records, big, []byte(`{}`), bytes.Repeat([]byte("x"), s2ResourceMax-1), bytes.Repeat([]byte("x"), s2ResourceMax))
	var slab []byte
	s2s := 0
	for i, r := range records {
		env, err := encodeEnvelope(&Meta{Date: "2020-01-01T00:00:00Z", Codes: []string{"http://loinc.org|1-8"}}, r)
		if err != nil {
			t.Fatal(err)
		}
		if isS2 := env[0]&envelopeS2 != 0; isS2 != (len(r) < s2ResourceMax) {
			t.Fatalf("record %d (%d bytes): S2 %v", i, len(r), isS2)
		} else if isS2 {
			s2s++
		}
		m, got, err := decodeEnvelope(env)
		if err != nil || !bytes.Equal(got, r) || m.Codes[0] != "http://loinc.org|1-8" {
			t.Fatalf("record %d (%d bytes): decoded differently: %v", i, len(r), err)
		}
		_, z, _ := decodeMeta(env)
		if n, _, err := resourceSize(env, z, nil); err != nil || n != len(r) {
			t.Fatalf("record %d (%d bytes): size %d, %v", i, len(r), n, err)
		}
		before := append([]byte(nil), slab...)
		if slab, err = decodeResourceInto(env, slab); err != nil || !bytes.Equal(slab[len(before):], r) || !bytes.Equal(slab[:len(before)], before) {
			t.Fatalf("record %d (%d bytes) after %d bytes of others: decoded differently: %v", i, len(r), len(before), err)
		}
		if len(slab) > 1<<20 {
			slab = slab[:0]
		}
	}
	if s2s < 7000 {
		t.Fatalf("%d S2 envelopes of %d records", s2s, len(records))
	}
	rng := rand.New(rand.NewPCG(7, 13))
	for range 3000 {
		r := records[rng.IntN(len(records)-4)]
		env, err := encodeEnvelope(&Meta{}, r)
		if err != nil {
			t.Fatal(err)
		}
		_, z, err := decodeMeta(env)
		if err != nil {
			t.Fatal(err)
		}
		hdr := len(env) - len(z)
		for range 1 + rng.IntN(3) {
			env[hdr+rng.IntN(len(z))] ^= byte(1 + rng.IntN(255))
		}
		decodeEnvelope(env)               //nolint:errcheck // damaged on purpose: an error or not, but no panic
		resourceSize(env, env[hdr:], nil) //nolint:errcheck // the same
	}
	huge := append(appendMeta(nil, &Meta{}), 0xff, 0xff, 0xff, 0xff, 0x0f) // a length of 4 GiB
	huge[0] |= envelopeS2
	if _, _, err := decodeEnvelope(huge); err != errBadEnvelope {
		t.Errorf("an S2 block of 4 GiB: %v", err)
	}
}
