package storage

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// The decoder reads a frame's matches into the dictionary through its assembly loop, with the
// dictionary's content as the history before the frame (third_party/compress, seqdec_asm.go):
// every fixture record, a record of several zstd blocks and records decoded after others into
// one buffer (the decoder then keeps each block apart) come back exactly; damaged frames give
// an error or other bytes, never a panic.
func TestEnvelopeDecodeDictionaryMatches(t *testing.T) {
	if err := codecs(); err != nil {
		t.Fatal(err)
	}
	records := fixtureRecords(t)
	var big []byte // several 128 KiB blocks, with matches into the dictionary in each
	for _, r := range records {
		if big = append(big, r...); len(big) > 600<<10 {
			break
		}
	}
	records = append(records, big)
	var slab []byte
	for i, r := range records {
		env, err := encodeEnvelopeZstd(&Meta{Date: "2020-01-01T00:00:00Z"}, r)
		if err != nil {
			t.Fatal(err)
		}
		_, got, err := decodeEnvelope(env)
		if err != nil || !bytes.Equal(got, r) {
			t.Fatalf("record %d (%d bytes): decoded differently: %v", i, len(r), err)
		}
		start := len(slab)
		_, slab, err = decodeEnvelopeInto(env, slab)
		if err != nil || !bytes.Equal(slab[start:], r) {
			t.Fatalf("record %d (%d bytes) after %d bytes of others: decoded differently: %v", i, len(r), start, err)
		}
		if len(slab) > 1<<20 {
			slab = slab[:0]
		}
	}
	rng := rand.New(rand.NewPCG(7, 13))
	for i := 0; i < 3000; i++ {
		r := records[rng.IntN(len(records)-1)]
		env, err := encodeEnvelopeZstd(&Meta{}, r)
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
		decodeEnvelope(env) //nolint:errcheck // damaged on purpose: an error or not, but no panic
	}
}
