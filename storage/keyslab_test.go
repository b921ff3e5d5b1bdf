package storage

import (
	"bytes"
	"testing"
)

// Keys cut from a slab are the keys key makes, and each ends where it ends: appending to one
// (as Badger's transaction does not, but a caller could) never writes into the next.
func TestKeySlabLikeKey(t *testing.T) {
	long := string(bytes.Repeat([]byte("x"), 600)) // over a fresh slab's 256 bytes
	cases := [][]string{
		{"p1", "2020-01-02T00:00:00Z", "local", "Observation", "o-1"},
		{"", ""},
		{"only"},
		{long, "b"},
		{"p1", "http://loinc.org|718-7", "", "local", "Observation", "o-2"},
	}
	for _, size := range []int{0, 16, 4096} {
		s := make(keySlab, 0, size)
		var got [][]byte
		for i, parts := range cases {
			prefix := prefixCode
			if i%2 == 1 {
				prefix = nil
			}
			got = append(got, s.key(prefix, parts...))
		}
		for i, parts := range cases {
			prefix := prefixCode
			if i%2 == 1 {
				prefix = nil
			}
			if want := key(prefix, parts...); !bytes.Equal(got[i], want) {
				t.Errorf("slab of %d, key %d: %q, want %q", size, i, got[i], want)
			}
			if cap(got[i]) != len(got[i]) {
				t.Errorf("slab of %d, key %d: room after it (%d > %d)", size, i, cap(got[i]), len(got[i]))
			}
		}
		_ = append(got[0], "overwrite"...)
		if want := key(nil, cases[1]...); !bytes.Equal(got[1], want) {
			t.Errorf("slab of %d: appending to a key changed the next: %q", size, got[1])
		}
	}
}

// A record's index entries are what they were before they were cut from one slab.
func TestIndexKeysUnchanged(t *testing.T) {
	m := &Meta{Date: "2020-01-02T00:00:00Z", File: "f.json", Codes: []string{"http://loinc.org|718-7", "http://snomed.info/sct|1"},
		Identifiers: []string{"sys|a"}, Precision: 0}
	id := ID{"local", "Observation", "o-1"}
	ks, vs := indexKeys("p1", id, m)
	want := [][2][]byte{
		{key(prefixIdentity, "local", "Observation", "o-1"), key(nil, "p1", m.Date)},
		{key(prefixType, "p1", "Observation", "local", "o-1"), []byte(m.Date)},
		{key(prefixCode, "p1", m.Codes[0], m.Date, "local", "Observation", "o-1"), nil},
		{key(prefixCode, "p1", m.Codes[1], m.Date, "local", "Observation", "o-1"), nil},
		{key(prefixIdent, "Observation", "sys|a", "local", "o-1"), []byte("p1")},
		{timelineKey("p1", m.Date, id), timelineValue(m)},
	}
	if len(ks) != len(want) || len(vs) != len(want) {
		t.Fatalf("%d keys and %d values, want %d", len(ks), len(vs), len(want))
	}
	for i, w := range want {
		if !bytes.Equal(ks[i], w[0]) || !bytes.Equal(vs[i], w[1]) {
			t.Errorf("entry %d: %q = %q, want %q = %q", i, ks[i], vs[i], w[0], w[1])
		}
	}
	if ks, vs := indexKeys("", ID{"s", "Patient", "x"}, &Meta{}); len(ks) != 2 || len(vs[1]) != 0 {
		t.Errorf("an undated record: %q %q", ks, vs)
	}
}
