package household

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
)

// FuzzSegment feeds arbitrary bytes to the segment parser: parseHeader, verifySegment and
// openSegment must never panic, and nothing but the one segment signed here may pass both the
// signature and the AEAD (so nothing else could ever be applied).
func FuzzSegment(f *testing.F) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	key := bytes.Repeat([]byte{7}, 32)
	hdr := segHeader{household: randomID(), device: randomID(), seq: 42, keyID: randomID()}
	good, err := sealSegment(hdr, key, priv, []byte(`{"o":[{"k":"record","y":"x","w":1}]}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add(good[:minSegLen])
	f.Add([]byte(segMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := parseHeader(data)
		if err != nil {
			return
		}
		_ = h
		if err := verifySegment(data, pub); err != nil {
			return
		}
		plain, err := openSegment(data, key)
		if err != nil {
			return
		}
		if !bytes.Equal(data, good) {
			t.Fatalf("a segment other than the signed one was accepted (%d bytes)", len(plain))
		}
	})
}

// FuzzOpenSegment fuzzes what lies under the signature and the AEAD (length, padding,
// DEFLATE): a device of the household could write anything there.
func FuzzOpenSegment(f *testing.F) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	key := bytes.Repeat([]byte{9}, 32)
	hdr := segHeader{household: randomID(), device: randomID(), seq: 1, keyID: randomID()}
	f.Add([]byte(`{"o":[]}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, payload []byte) {
		seg, err := sealSegment(hdr, key, priv, payload)
		if err != nil {
			t.Fatal(err)
		}
		got, err := openSegment(seg, key)
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzNormalizeCode: what people type as a code never panics, and an accepted code is six
// list words.
func FuzzNormalizeCode(f *testing.F) {
	f.Add("ability-able-about-above-absent-absorb")
	f.Add("  ABILITY able, about.above absent\tabsorb ")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := normalizeCode(s)
		if err != nil {
			return
		}
		if n, _ := normalizeCode(c); n != c {
			t.Fatalf("not stable: %q -> %q", c, n)
		}
	})
}
