package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// ReadRefs gives every record of refs in the order of refs, whatever order the vault keeps
// them in, across windows, with the resources Get gives.
func TestReadRefs(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	const n = readWindow + 300 // more than one window
	b := &Batch{File: "f.json", Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}, {ID: "p2", Name: "Second"}}}
	for i := 0; i < n; i++ {
		p, date := "p1", fmt.Sprintf("20%02d-01-01T00:00:00Z", i%30)
		if i%3 == 0 {
			p, date = "p2", "" // undated records too
		}
		id := fmt.Sprintf("r%05d", i)
		b.Records = append(b.Records, Record{Profile: p, ID: ID{"local", "Observation", id}, Resource: resource("Observation", id, fmt.Sprintf(`,"n":%d`, i)),
			Meta: Meta{FullURL: "urn:uuid:" + id, Date: date}})
	}
	if _, err := v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var refs []Ref
	if err := v.Records(ctx, Query{MetaOnly: true}, func(r *Record) error { refs = append(refs, r.Ref()); return nil }); err != nil {
		t.Fatal(err)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	tests := []struct {
		name string
		refs []Ref
	}{
		{"none", nil},
		{"one", refs[:1]},
		{"shuffled, more than a window", refs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := 0
			err := v.ReadRefs(ctx, tc.refs, func(r *Record) error {
				want, err := v.Get(tc.refs[i].ID)
				if err != nil {
					return err
				}
				if r.ID != tc.refs[i].ID || r.Profile != want.Profile || !bytes.Equal(r.Resource, want.Resource) || r.Meta.FullURL != want.Meta.FullURL {
					t.Fatalf("record %d: got %v in %s, want %v in %s", i, r.ID, r.Profile, want.ID, want.Profile)
				}
				i++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if i != len(tc.refs) {
				t.Errorf("%d records, want %d", i, len(tc.refs))
			}
		})
	}
	missing := []Ref{refs[0], {Profile: "p1", Date: "2001-01-01T00:00:00Z", ID: ID{"local", "Observation", "nope"}}}
	if err := v.ReadRefs(ctx, missing, func(*Record) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("a ref to no record: %v, want ErrNotFound", err)
	}
	stop := errors.New("stop")
	if err := v.ReadRefs(ctx, refs, func(*Record) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := v.ReadRefs(cancelled, refs, func(*Record) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// Query.Reuse lends one Record and buffer; the resources are the same as without it.
func TestRecordsReuse(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	b := &Batch{File: "f.json", Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}}}
	for i := 0; i < 50; i++ {
		id := fmt.Sprintf("r%02d", i)
		b.Records = append(b.Records, Record{Profile: "p1", ID: ID{"local", "Observation", id}, Resource: randomResource("Observation", id, 100+40*(i%7)),
			Meta: Meta{Date: "2020-01-01T00:00:00Z"}})
	}
	if _, err := v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var want [][]byte
	if err := v.Records(ctx, Query{}, func(r *Record) error { want = append(want, r.Resource); return nil }); err != nil {
		t.Fatal(err)
	}
	i := 0
	err := v.Records(ctx, Query{Reuse: true}, func(r *Record) error {
		if !bytes.Equal(r.Resource, want[i]) {
			t.Errorf("record %d differs with Reuse", i)
		}
		i++
		return nil
	})
	if err != nil || i != len(want) {
		t.Fatalf("%d records, %v", i, err)
	}
}

// ReadRefsInKeyOrder gives every record of refs once, with its index in refs, in the vault's
// key order, with the resources Get gives; Query.Sizes gives each resource's length without
// reading it, small (no size in the frame header) and large alike.
func TestReadRefsInKeyOrder(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	b := &Batch{File: "f.json", Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}, {ID: "p2", Name: "Second"}}}
	for i := 0; i < 3000; i++ {
		p, date := "p1", fmt.Sprintf("20%02d-01-01T00:00:00Z", i%30)
		if i%3 == 0 {
			p, date = "p2", "" // undated records too
		}
		id := fmt.Sprintf("r%05d", i)
		size := []int{60, 200, 255, 256, 300, 1500, 70000}[i%7] // frames with and without their size
		b.Records = append(b.Records, Record{Profile: p, ID: ID{"local", "Observation", id}, Resource: randomResource("Observation", id, size),
			Meta: Meta{FullURL: "urn:uuid:" + id, Date: date}})
	}
	if _, err := v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var refs []Ref
	sizes := map[ID]int{}
	if err := v.Records(ctx, Query{MetaOnly: true, Sizes: true}, func(r *Record) error {
		refs, sizes[r.ID] = append(refs, r.Ref()), r.Size
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	keyOrder := append([]Ref(nil), refs...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	for _, tc := range []struct {
		name string
		refs []Ref
	}{{"none", nil}, {"one", refs[:1]}, {"shuffled", refs}} {
		t.Run(tc.name, func(t *testing.T) {
			seen := make([]bool, len(tc.refs))
			n := 0
			err := v.ReadRefsInKeyOrder(ctx, tc.refs, func(i int, r *Record) error {
				want, err := v.Get(tc.refs[i].ID)
				if err != nil {
					return err
				}
				if seen[i] || r.ID != tc.refs[i].ID || r.Profile != want.Profile || !bytes.Equal(r.Resource, want.Resource) || r.Meta.FullURL != want.Meta.FullURL {
					t.Fatalf("record %d: got %v in %s, want %v in %s (seen before: %v)", i, r.ID, r.Profile, want.ID, want.Profile, seen[i])
				}
				if sizes[r.ID] != len(want.Resource) {
					t.Fatalf("Size of %v = %d, want %d", r.ID, sizes[r.ID], len(want.Resource))
				}
				if len(tc.refs) == len(keyOrder) && r.ID != keyOrder[n].ID {
					t.Fatalf("record %d read as %v, the vault's order has %v", n, r.ID, keyOrder[n].ID)
				}
				seen[i] = true
				n++
				return nil
			})
			if err != nil || n != len(tc.refs) {
				t.Fatalf("%d records of %d, %v", n, len(tc.refs), err)
			}
		})
	}
	missing := []Ref{refs[0], {Profile: "p1", Date: "2001-01-01T00:00:00Z", ID: ID{"local", "Observation", "nope"}}}
	if err := v.ReadRefsInKeyOrder(ctx, missing, func(int, *Record) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("a ref to no record: %v, want ErrNotFound", err)
	}
	stop := errors.New("stop")
	if err := v.ReadRefsInKeyOrder(ctx, refs, func(int, *Record) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := v.ReadRefsInKeyOrder(cancelled, refs, func(int, *Record) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// A type query without a person skips other records by their key alone (recordOfType).
func TestRecordOfType(t *testing.T) {
	for _, tc := range []struct {
		key, typ string
		want     bool
	}{
		{"r\x00p1\x002020-01-01T00:00:00Z\x00local\x00Observation\x00o1", "Observation", true},
		{"r\x00p1\x00\x00local\x00Observation\x00o1", "Observation", true}, // undated
		{"r\x00p1\x002020-01-01T00:00:00Z\x00local\x00Observation\x00o1", "Observ", false},
		{"r\x00p1\x002020-01-01T00:00:00Z\x00local\x00ObservationX\x00o1", "Observation", false},
		{"r\x00p1\x002020-01-01T00:00:00Z\x00local\x00Condition\x00Observation", "Observation", false},
		{"r\x00p1\x002020-01-01T00:00:00Z\x00Observation", "Observation", false}, // damaged
	} {
		if got := recordOfType([]byte(tc.key), tc.typ); got != tc.want {
			t.Errorf("recordOfType(%q, %q) = %v", tc.key, tc.typ, got)
		}
	}
}

// Scans parse record keys with keyNames: the same parts as splitKey, other forms refused.
func TestKeyNamesRecord(t *testing.T) {
	var c keyNames
	for _, k := range []string{
		"r\x00p1\x002020-01-01T00:00:00Z\x00local\x00Observation\x00o1",
		"r\x00p1\x00\x00local\x00Observation\x00o2",
		"r\x00p2\x002020-01-01T00:00:00Z\x00https://x.example\x00Condition\x00c1",
		"r\x00p1\x00\x00local\x00Observation",            // damaged: four parts
		"r\x00p1\x00\x00local\x00Observation\x00o1\x00x", // damaged: six parts
	} {
		parts := splitKey([]byte(k), prefixRecord)
		profile, id, ok := c.record([]byte(k))
		if ok != (len(parts) == 5) {
			t.Fatalf("%q: ok = %v for %d parts", k, ok, len(parts))
		}
		if ok && (profile != parts[0] || id != (ID{parts[2], parts[3], parts[4]})) {
			t.Errorf("%q: %s %v", k, profile, id)
		}
	}
}
