package storage

import (
	"bytes"
	"fmt"
	"testing"
)

// Write hashes a batch's records with one recordHasher: the same hashes as RecordHash (the
// stored Meta.Hash, which a re-import compares), each its own 32 bytes however many records
// share its allocation, and less than one allocation a record (RecordHash: four).
func TestRecordHasherAsRecordHash(t *testing.T) {
	var h recordHasher
	var sums [][]byte
	res := func(i int) []byte {
		return bytes.Repeat([]byte(fmt.Sprintf(`{"resourceType":"Observation","id":"%d"}`, i)), 1+i%7)
	}
	for i := range 300 {
		profile, url := fmt.Sprintf("p%d", i%3), fmt.Sprintf("urn:uuid:%d", i)
		if i%5 == 0 {
			url = ""
		}
		sums = append(sums, h.hash(profile, url, res(i)))
	}
	for i, got := range sums {
		profile, url := fmt.Sprintf("p%d", i%3), fmt.Sprintf("urn:uuid:%d", i)
		if i%5 == 0 {
			url = ""
		}
		if want := RecordHash(profile, url, res(i)); !bytes.Equal(got, want) {
			t.Fatalf("record %d: hash %x, RecordHash %x", i, got, want)
		}
		if cap(got) != len(got) {
			t.Fatalf("record %d: its hash has room after it (%d > %d)", i, cap(got), len(got))
		}
	}
	r := res(1)
	if n := testing.AllocsPerRun(200, func() { h.hash("profile", "urn:uuid:1", r) }); n >= 1 {
		t.Errorf("%.2f allocations a record (RecordHash: 4)", n)
	}
}

// A record's index entries cut from a batch's shared slab are those indexKeys gives.
func TestAddIndexKeysAsIndexKeys(t *testing.T) {
	id := ID{Source: "src", Type: "Observation", ID: "o1"}
	for _, m := range []Meta{
		{},
		{Date: "2020-01-02T00:00:00Z", File: "f.json"},
		{Date: "2020-01-02T00:00:00Z", File: "f.json", Codes: []string{"http://loinc.org|1-1", "x|2"}, Identifiers: []string{"sys|v"}, Precision: 1},
	} {
		keys, vals := indexKeys("p1", id, &m)
		var slab keySlab
		var i int
		addIndexKeys(&slab, "p1", id, &m, func(k, v []byte) {
			if i >= len(keys) || !bytes.Equal(k, keys[i]) || !bytes.Equal(v, vals[i]) {
				t.Fatalf("entry %d: %q = %q, want those of indexKeys", i, k, v)
			}
			if cap(k) != len(k) || (v != nil && cap(v) != len(v)) {
				t.Fatalf("entry %d: room after a key or value cut from the slab", i)
			}
			i++
		})
		if i != len(keys) {
			t.Fatalf("%d entries, indexKeys %d", i, len(keys))
		}
	}
}

// A vault outside a household captures no changes: writing a record makes no log key for it
// (RecordKey escaped the record's identity for every record written, and dropped it).
func TestNoCaptureMakesNoLogKey(t *testing.T) {
	var c *capture
	id := ID{Source: "https://fhir.example/r4", Type: "Observation", ID: "a b/c"}
	if n := testing.AllocsPerRun(100, func() { c.record("p1", id) }); n != 0 {
		t.Errorf("%.0f allocations recording a write with no capture", n)
	}
}
