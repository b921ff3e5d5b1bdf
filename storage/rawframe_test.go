package storage

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestRawFrame: a frame of raw blocks is an ordinary zstd frame (the zstd decoder reads it,
// so any build reads the small records stored this way), and readRawFrame reads the ones
// envelopes hold (one block) the same way, refusing damaged content.
func TestRawFrame(t *testing.T) {
	if err := codecs(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 255, 256, 1023, 65791, 65792, zstdMaxBlock, zstdMaxBlock + 1, 300_000} {
		src := []byte(strings.Repeat(`{"resourceType":"Observation"}`, n/30+1)[:n])
		z := appendRawFrame([]byte("prefix"), src)
		if !bytes.HasPrefix(z, []byte("prefix")) {
			t.Fatalf("%d bytes: the frame does not follow what dst held", n)
		}
		z = z[len("prefix"):]
		got, err := zdec.DecodeAll(z, nil)
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("%d bytes: zstd decoded %d bytes, %v", n, len(got), err)
		}
		size, _, err := resourceSize(z, nil)
		if err != nil || size != n {
			t.Errorf("%d bytes: resourceSize %d, %v", n, size, err)
		}
		res, ok, err := readRawFrame(z, []byte("x"))
		if one := n <= 65791; ok != one {
			t.Fatalf("%d bytes: readRawFrame took it %v, want %v", n, ok, one)
		}
		if !ok {
			continue
		}
		if err != nil || string(res) != "x"+string(src) {
			t.Errorf("%d bytes: readRawFrame gave %d bytes, %v", n, len(res), err)
		}
		if n == 0 {
			continue
		}
		bad := bytes.Clone(z)
		bad[len(bad)-5] ^= 1 // the content's last byte
		if _, ok, err := readRawFrame(bad, nil); !ok || !errors.Is(err, errBadEnvelope) {
			t.Errorf("%d bytes: damaged content read (%v, %v)", n, ok, err)
		}
	}
}

// TestSmallResourceStoredRaw: resources under storedBelow are stored in a raw frame, larger
// ones compressed with the dictionary, and both decode to the same bytes.
func TestSmallResourceStoredRaw(t *testing.T) {
	m := &Meta{FullURL: "urn:uuid:1", Date: "2020-01-01T00:00:00Z"}
	for _, tc := range []struct {
		n   int
		raw bool
	}{{40, true}, {storedBelow - 1, true}, {storedBelow, false}, {20_000, false}} {
		res := []byte(`{"resourceType":"Patient","id":"` + strings.Repeat("a", tc.n-len(`{"resourceType":"Patient","id":""}`)) + `"}`)
		env, err := encodeEnvelope(m, res)
		if err != nil {
			t.Fatal(err)
		}
		_, z, err := decodeMeta(env)
		if err != nil {
			t.Fatal(err)
		}
		if _, raw, _ := readRawFrame(z, nil); raw != tc.raw {
			t.Errorf("%d bytes: stored raw %v, want %v", tc.n, raw, tc.raw)
		}
		got, back, err := decodeEnvelope(env)
		if err != nil || !bytes.Equal(back, res) || got.FullURL != m.FullURL {
			t.Errorf("%d bytes: decoded %d bytes, %v", tc.n, len(back), err)
		}
	}
}

// FuzzReadRawFrame: whatever readRawFrame accepts, the zstd decoder reads the same way.
func FuzzReadRawFrame(f *testing.F) {
	f.Add(appendRawFrame(nil, []byte(`{"resourceType":"Patient"}`)))
	f.Add(appendRawFrame(nil, bytes.Repeat([]byte("x"), 700)))
	f.Add(appendRawFrame(nil, nil))
	if err := codecs(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, z []byte) {
		res, ok, err := readRawFrame(z, nil)
		if !ok || err != nil {
			return
		}
		want, err := zdec.DecodeAll(z, nil)
		if err != nil || !bytes.Equal(res, want) {
			t.Fatalf("readRawFrame read %q, zstd %q (%v)", res, want, err)
		}
	})
}
