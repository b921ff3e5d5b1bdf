//go:build unix

package storage

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/s2"
)

// s2DecodeByBytes decodes the S2 block z against s2Dict one byte at a time, as the format
// says (the block's length, then literals and copies; a copy that reaches back before the
// block's start reads the dictionary's end). It is the reference for the patched decoder
// (third_party/compress, s2DecodeDict's moves of 8 bytes at a time); ok is false for a block
// it cannot read.
func s2DecodeByBytes(z []byte) (out []byte, ok bool) {
	dict := fhirDict
	n, h := binary.Uvarint(z)
	if h <= 0 || n > 1<<24 {
		return nil, false
	}
	src := z[h:]
	out = make([]byte, 0, n)
	offset := len(dict) // s2Dict's repeat offset: its first byte
	at := func(i int) (int, bool) {
		if i >= len(src) {
			return 0, false
		}
		return int(src[i]), true
	}
	le := func(i, k int) (int, bool) { // k bytes at i, little-endian
		v := 0
		for j := k - 1; j >= 0; j-- {
			b, ok := at(i + j)
			if !ok {
				return 0, false
			}
			v = v<<8 | b
		}
		return v, true
	}
	for s := 0; s < len(src); {
		tag := src[s]
		var length int
		switch tag & 3 {
		case 0: // literal
			x := int(tag >> 2)
			s++
			if x >= 60 {
				k := x - 59
				v, ok := le(s, k)
				if !ok {
					return nil, false
				}
				x, s = v, s+k
			}
			length = x + 1
			if s+length > len(src) {
				return nil, false
			}
			out = append(out, src[s:s+length]...)
			s += length
			continue
		case 1:
			b, ok := at(s + 1)
			if !ok {
				return nil, false
			}
			length = int(tag>>2) & 7
			if o := int(tag&0xe0)<<3 | b; o != 0 {
				offset = o
			} else if length >= 5 { // a repeat of the last offset with a longer length
				k := length - 4
				v, ok := le(s+2, k)
				if !ok {
					return nil, false
				}
				length = v + []int{0, 4, 1 << 8, 1 << 16}[k]
				s += k
			}
			length += 4
			s += 2
		case 2, 3:
			k := 2
			if tag&3 == 3 {
				k = 4
			}
			v, ok := le(s+1, k)
			if !ok {
				return nil, false
			}
			offset, length = v, 1+int(tag>>2)
			s += 1 + k
		}
		if offset <= 0 || len(out)+length > int(n) {
			return nil, false
		}
		for range length {
			if i := len(out) - offset; i >= 0 {
				out = append(out, out[i])
			} else if len(dict)+i >= 0 {
				out = append(out, dict[len(dict)+i])
			} else {
				return nil, false
			}
		}
	}
	return out, len(out) == int(n)
}

// TestS2DictDecodeAsByBytes: the patched S2 decoder (8-byte moves for short literals, short
// copies from the dictionary and copies from 8 or more bytes back, when the buffers have room
// past them) decodes what the byte-by-byte reference does: every resource of the Synthea
// fixtures and texts made to hit each case at every distance from the block's end (repeats
// of periods 1 to 20 — overlapping copies —, pieces of the dictionary, literals of every
// length up to 70), each encoded by S2's three encoders; and blocks with random bytes
// changed either fail or give the reference's bytes (and never read or write out of range:
// the moves are unchecked).
func TestS2DictDecodeAsByBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 40))
	var texts [][]byte
	for _, res := range bundleResources(t) {
		if len(res) < s2ResourceMax {
			texts = append(texts, res)
		}
	}
	piece := func() []byte {
		switch r.IntN(3) {
		case 0: // a period repeated
			p := make([]byte, 1+r.IntN(20))
			for i := range p {
				p[i] = byte('a' + r.IntN(26))
			}
			return bytes.Repeat(p, 1+r.IntN(12))
		case 1: // from the dictionary
			n := 4 + r.IntN(80)
			i := r.IntN(len(fhirDict) - n)
			return fhirDict[i : i+n]
		default: // a literal
			p := make([]byte, 1+r.IntN(70))
			for i := range p {
				p[i] = byte(r.Uint32())
			}
			return p
		}
	}
	for range 300 {
		var b []byte
		for size := r.IntN(3000); len(b) < size; {
			b = append(b, piece()...)
		}
		texts = append(texts, b)
		for cut := 1; cut < 24 && cut < len(b); cut++ { // every distance from the end
			texts = append(texts, b[:len(b)-cut])
		}
	}
	dec := func(z []byte) ([]byte, error) {
		n, err := s2.DecodedLen(z)
		if err != nil {
			return nil, err
		}
		return s2Dict.Decode(make([]byte, n), z) // exactly its length: no room past the end
	}
	var blocks int
	for _, text := range texts {
		for _, z := range [][]byte{s2Dict.Encode(nil, text), s2Dict.EncodeBetter(nil, text), s2Dict.EncodeBest(nil, text)} {
			if z == nil {
				continue
			}
			blocks++
			got, err := dec(z)
			if err != nil || !bytes.Equal(got, text) {
				t.Fatalf("a block of %d bytes decodes to %d bytes (%v), not its text", len(text), len(got), err)
			}
			if want, ok := s2DecodeByBytes(z); !ok || !bytes.Equal(want, text) {
				t.Fatalf("the reference decodes a block of %d bytes to %d bytes (ok %v)", len(text), len(want), ok)
			}
			if r.IntN(4) != 0 {
				continue
			}
			bad := bytes.Clone(z)
			for range 1 + r.IntN(3) {
				bad[r.IntN(len(bad))] = byte(r.Uint32())
			}
			if got, err := dec(bad); err == nil {
				if want, ok := s2DecodeByBytes(bad); !ok || !bytes.Equal(got, want) {
					t.Fatalf("a changed block decodes to %d bytes, the reference to %d (ok %v)", len(got), len(want), ok)
				}
			}
		}
	}
	t.Logf("%d texts, %d blocks", len(texts), blocks)
}
