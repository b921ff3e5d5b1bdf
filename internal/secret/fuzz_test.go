package secret

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
)

// fuzzSeed builds a valid key file without running Argon2id: the passphrase
// slot is sealed under a random KEK (parse does not care), the recovery slot
// under a known code.
func fuzzSeed(tb testing.TB) (data, key []byte, code string) {
	tb.Helper()
	kf := new(keyFile)
	rand.Read(kf.vaultID[:])
	key = make([]byte, keySize)
	rand.Read(key)
	code = newRecoveryCode()
	kf.pass = slot{kind: slotPassphrase, params: DefaultParams}
	rand.Read(kf.pass.salt[:])
	kek := make([]byte, keySize)
	rand.Read(kek)
	if err := kf.seal(&kf.pass, kek, key); err != nil {
		tb.Fatal(err)
	}
	if err := kf.sealRecovery(key, code); err != nil {
		tb.Fatal(err)
	}
	return kf.marshal(), key, code
}

// FuzzParse feeds arbitrary bytes to the key-file parser, both as given and
// with the checksum recomputed (otherwise almost every input stops at the
// checksum). The parser must never panic; anything it accepts must
// re-encode to the same bytes; and the recovery slot must never open to
// anything but the real key.
func FuzzParse(f *testing.F) {
	seed, key, code := fuzzSeed(f)
	f.Add(seed)
	f.Add(seed[:fileHeaderSize])
	f.Add(seed[:len(seed)-1])
	f.Add([]byte{})
	f.Add([]byte("CKKEY"))
	f.Add([]byte("CKKEY\x02"))
	v2 := bytes.Clone(seed)
	v2[5] = 2
	f.Add(v2)
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(b []byte) {
			kf, err := parse(b)
			if err != nil {
				if kf != nil {
					t.Fatal("parse returned a value with an error")
				}
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("parse error %v does not wrap ErrCorrupt", err)
				}
				return
			}
			if !bytes.Equal(kf.marshal(), b) {
				t.Fatal("accepted input does not re-encode to itself")
			}
			if !kf.pass.params.plausible() || kf.pass.kind != slotPassphrase || kf.recovery.kind != slotRecovery {
				t.Fatalf("accepted an invalid file: %+v", kf.pass.params)
			}
			_ = kf.pass.params.Validate()
			got, err := kf.openRecovery(code)
			if err == nil && !bytes.Equal(got, key) {
				t.Fatal("recovery slot opened to a different key")
			}
			if err == nil && !bytes.Equal(b[:fileHeaderSize], seed[:fileHeaderSize]) {
				t.Fatal("recovery slot opened under a different file header")
			}
		}
		check(data)
		check(withChecksum(data))
	})
}

// FuzzRecoveryCode: ParseRecoveryCode must never panic, and whatever it
// accepts must be canonical and survive formatting.
func FuzzRecoveryCode(f *testing.F) {
	c := newRecoveryCode()
	d, _ := FormatRecoveryCode(c)
	for _, s := range []string{c, d, strings.ToLower(d), " " + d + " ", "", "----", "UUUU", "Ä", c[:27], c + "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseRecoveryCode(s)
		if err != nil {
			if got != "" || !errors.Is(err, ErrWrongRecoveryCode) {
				t.Fatalf("ParseRecoveryCode(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != codeSymbols {
			t.Fatalf("canonical code %q has length %d", got, len(got))
		}
		for i := range len(got) {
			if strings.IndexByte(crockford, got[i]) < 0 {
				t.Fatalf("canonical code %q has symbol %q", got, got[i])
			}
		}
		disp, err := FormatRecoveryCode(got)
		if err != nil {
			t.Fatal(err)
		}
		if !displayCode.MatchString(disp) {
			t.Fatalf("display form %q", disp)
		}
		if again, err := ParseRecoveryCode(disp); err != nil || again != got {
			t.Fatalf("round trip: %q, %v", again, err)
		}
	})
}
