package household

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"
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

// FuzzHeartbeat: a heartbeat's name and contents from the folder never panic, and only the
// device's own signature of that very time is taken.
func FuzzHeartbeat(f *testing.F) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	hh, dev := randomID(), randomID()
	const wall = int64(1780297200000)
	good := ed25519.Sign(priv, heartbeatBody(hh, dev, wall))
	f.Add("1780297200000.seen", good)
	f.Add("1780297200001.seen", good)
	f.Add("178029720000.seen", []byte{})
	f.Add("x.seen", good[:10])
	f.Fuzz(func(t *testing.T, name string, sig []byte) {
		w, ok := parseSeenName(name)
		if !ok {
			return
		}
		if heartbeatOK(pub, hh, dev, w, sig) && (w != wall || !bytes.Equal(sig, good)) {
			t.Fatalf("a heartbeat other than the signed one was taken: %q", name)
		}
	})
}

// FuzzLiveName: the names next to the invitations never panic, and a name read is the one
// liveName writes.
func FuzzLiveName(f *testing.F) {
	f.Add("e-0123456789abcdef0123456789abcdef-1780297200000")
	f.Add("e-0123456789abcdef0123456789abcdef-")
	f.Add("e-0123456789abcdef0123456789abcdef-+12")
	f.Add("e-0123456789abcdef0123456789abcdef-007")
	f.Fuzz(func(t *testing.T, name string) {
		loc, ms, ok := parseLiveName(name)
		if !ok {
			return
		}
		if back := liveName(loc, time.UnixMilli(ms)); back != "i/"+name {
			t.Fatalf("%q read as %s %d, written %q", name, loc, ms, back)
		}
	})
}
