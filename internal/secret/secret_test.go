package secret

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

var displayCode = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$`)

func TestCreateUnlockRoundTrip(t *testing.T) {
	a, b := fixtures(t)
	tests := []struct {
		name string
		pass []byte
		p    Params
		// reuse a fixture instead of paying for another Create
		fix *fixture
	}{
		{name: "default params (fixture A)", fix: &a},
		{name: "default params (fixture B)", fix: &b},
		{name: "stronger params", pass: []byte("ünïcødé pass phrase"), p: Params{Time: 4, MemoryKiB: 64*1024 + 8, Threads: 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var path string
			var key []byte
			var code string
			pass, p := tc.pass, tc.p
			if tc.fix != nil {
				path = writeKeyFile(t, tc.fix.data)
				key, code, pass, p = tc.fix.key, tc.fix.code, tc.fix.pass, DefaultParams
			} else {
				path = filepath.Join(t.TempDir(), "vault.key")
				var err error
				key, code, err = Create(path, pass, p)
				if err != nil {
					t.Fatalf("Create: %v", err)
				}
			}
			if len(key) != 32 {
				t.Fatalf("vault key length %d", len(key))
			}
			if bytes.Equal(key, make([]byte, 32)) {
				t.Fatal("vault key is all zeros")
			}
			if !displayCode.MatchString(code) {
				t.Errorf("recovery code %q not in display form", code)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) != fileSize || string(data[:5]) != "CKKEY" || data[5] != 1 {
				t.Errorf("unexpected file: len %d, prefix %q", len(data), data[:6])
			}
			if bytes.Contains(data, key) || bytes.Contains(data, pass) || bytes.Contains(data, []byte(canonical(t, code))) {
				t.Error("key file contains a secret in the clear")
			}
			got, err := Unlock(path, pass)
			if err != nil {
				t.Fatalf("Unlock: %v", err)
			}
			if !bytes.Equal(got, key) {
				t.Fatal("Unlock returned a different key")
			}
			sp, err := StoredParams(path)
			if err != nil || sp != p {
				t.Errorf("StoredParams = %+v, %v; want %+v", sp, err, p)
			}
		})
	}
}

func TestCreateIsRandom(t *testing.T) {
	a, b := fixtures(t)
	if bytes.Equal(a.key, b.key) {
		t.Error("two vaults got the same key")
	}
	if a.code == b.code {
		t.Error("two vaults got the same recovery code")
	}
	if bytes.Equal(a.data[8:24], b.data[8:24]) {
		t.Error("two vaults got the same vault ID")
	}
	// salts and nonces of both slots
	for _, r := range [][2]int{{34, 74}, {132, 172}} {
		if bytes.Equal(a.data[r[0]:r[1]], b.data[r[0]:r[1]]) {
			t.Errorf("bytes %d..%d (salt, nonce) repeat across files", r[0], r[1])
		}
	}
}

func TestUnlockWrongPassphrase(t *testing.T) {
	a, _ := fixtures(t)
	tests := []struct {
		name      string
		pass      []byte
		wantEmpty bool
	}{
		{name: "different", pass: []byte("hunter2 hunter2 hunter2")},
		{name: "trailing space", pass: append(bytes.Clone(a.pass), ' ')},
		{name: "different case", pass: bytes.ToUpper(a.pass)},
		{name: "empty", pass: nil, wantEmpty: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeKeyFile(t, a.data)
			ageFile(t, path)
			before := stateOf(t, path)
			key, err := Unlock(path, tc.pass)
			if !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("err = %v, want ErrWrongPassphrase", err)
			}
			if tc.wantEmpty != errors.Is(err, ErrEmptyPassphrase) {
				t.Errorf("errors.Is(err, ErrEmptyPassphrase) = %v", !tc.wantEmpty)
			}
			if key != nil {
				t.Error("returned a key with an error")
			}
			assertNoSecrets(t, err, tc.pass, a.pass, a.key)
			before.assertSame(t, path)
		})
	}
}

func TestUnlockReadOnlyFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("directory permissions differ on Windows")
	}
	a, _ := fixtures(t)
	path := writeKeyFile(t, a.data)
	dir := filepath.Dir(path)
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	ageFile(t, path)
	before := stateOf(t, path)
	if key, err := Unlock(path, a.pass); err != nil || !bytes.Equal(key, a.key) {
		t.Fatalf("Unlock on a read-only file: %v", err)
	}
	if key, err := UnlockWithRecovery(path, a.code); err != nil || !bytes.Equal(key, a.key) {
		t.Fatalf("UnlockWithRecovery on a read-only file: %v", err)
	}
	before.assertSame(t, path)
}

func TestUnlockWithRecovery(t *testing.T) {
	a, _ := fixtures(t)
	c := canonical(t, a.code)
	confusable := strings.NewReplacer("0", "o", "1", "l").Replace(strings.ToLower(c))
	tests := []struct{ name, code string }{
		{"as shown", a.code},
		{"lower case", strings.ToLower(a.code)},
		{"spaces instead of dashes", strings.ReplaceAll(a.code, "-", " ")},
		{"lower case with spaces", strings.ToLower(strings.ReplaceAll(a.code, "-", " "))},
		{"no separators", c},
		{"messy whitespace", "  " + strings.ReplaceAll(strings.ToLower(a.code), "-", "\t- \n") + "\n"},
		{"typographic dashes", strings.ReplaceAll(a.code, "-", "\u2013")},
		{"O and L for 0 and 1", confusable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeKeyFile(t, a.data)
			ageFile(t, path)
			before := stateOf(t, path)
			key, err := UnlockWithRecovery(path, tc.code)
			if err != nil {
				t.Fatalf("UnlockWithRecovery(%q): %v", tc.code, err)
			}
			if !bytes.Equal(key, a.key) {
				t.Fatal("wrong key")
			}
			before.assertSame(t, path)
		})
	}
}

func TestUnlockWithWrongRecoveryCode(t *testing.T) {
	a, b := fixtures(t)
	c := canonical(t, a.code)
	// change one symbol and fix up the check symbols: a valid code that is
	// not this vault's
	nearMiss := string(appendCheck([]byte(flipSymbol(c[:codeRandomSymbols], 7))))
	tests := []struct{ name, code string }{
		{"other vault's code", b.code},
		{"one symbol off, valid check", nearMiss},
		{"typo", flipSymbol(c, 3)},
		{"two symbols transposed", transpose(c)},
		{"too short", c[:27]},
		{"too long", c + "0"},
		{"letter U", "U" + c[1:]},
		{"non-ASCII", "Ä" + c[1:]},
		{"empty", ""},
		{"separators only", " - -\t"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.code == c {
				t.Fatal("test case is the right code")
			}
			path := writeKeyFile(t, a.data)
			ageFile(t, path)
			before := stateOf(t, path)
			key, err := UnlockWithRecovery(path, tc.code)
			if !errors.Is(err, ErrWrongRecoveryCode) {
				t.Fatalf("err = %v, want ErrWrongRecoveryCode", err)
			}
			if key != nil {
				t.Error("returned a key with an error")
			}
			assertNoSecrets(t, err, []byte(tc.code), []byte(c), a.key)
			before.assertSame(t, path)
		})
	}
}

// transpose swaps the first two adjacent symbols that differ.
func transpose(code string) string {
	for i := 0; i+1 < len(code); i++ {
		if code[i] != code[i+1] {
			return code[:i] + code[i+1:i+2] + code[i:i+1] + code[i+2:]
		}
	}
	panic("code has a single repeated symbol")
}

// flipSymbol replaces the symbol at i with the next one in the alphabet.
func flipSymbol(code string, i int) string {
	j := strings.IndexByte(crockford, code[i])
	return code[:i] + string(crockford[(j+1)%32]) + code[i+1:]
}

func TestChangePassphrase(t *testing.T) {
	a, _ := fixtures(t)
	path := writeKeyFile(t, a.data)
	if err := os.Chmod(path, 0o644); err != nil { // a user loosened it
		t.Fatal(err)
	}
	newPass := []byte("a brand new passphrase")
	if err := ChangePassphrase(path, a.pass, newPass, DefaultParams); err != nil {
		t.Fatalf("ChangePassphrase: %v", err)
	}
	if _, err := Unlock(path, a.pass); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase: err = %v, want ErrWrongPassphrase", err)
	}
	key, err := Unlock(path, newPass)
	if err != nil || !bytes.Equal(key, a.key) {
		t.Fatalf("new passphrase: %v (key same: %v)", err, bytes.Equal(key, a.key))
	}
	if key, err := UnlockWithRecovery(path, a.code); err != nil || !bytes.Equal(key, a.key) {
		t.Errorf("recovery code after change: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data[:24], a.data[:24]) || !bytes.Equal(data[122:220], a.data[122:220]) {
		t.Error("file header or recovery slot changed")
	}
	if bytes.Equal(data[34:50], a.data[34:50]) || bytes.Equal(data[50:74], a.data[50:74]) {
		t.Error("salt or nonce reused")
	}
	assertKeyFileMode(t, path)
	if names := dirNames(t, filepath.Dir(path)); len(names) != 1 {
		t.Errorf("directory holds %v, want only the key file", names)
	}
}

func TestChangePassphraseRefused(t *testing.T) {
	a, _ := fixtures(t)
	tests := []struct {
		name     string
		old, new []byte
		p        Params
		missing  bool
		want     error
	}{
		{name: "wrong old", old: []byte("nope"), new: []byte("new passphrase"), p: DefaultParams, want: ErrWrongPassphrase},
		{name: "empty old", old: nil, new: []byte("new passphrase"), p: DefaultParams, want: ErrWrongPassphrase},
		{name: "empty new", old: a.pass, new: []byte{}, p: DefaultParams, want: ErrEmptyPassphrase},
		{name: "weak params", old: a.pass, new: []byte("new passphrase"), p: Params{2, 64 * 1024, 4}, want: ErrWeakParams},
		{name: "zero params", old: a.pass, new: []byte("new passphrase"), p: Params{}, want: ErrWeakParams},
		{name: "params too high", old: a.pass, new: []byte("new passphrase"), p: Params{3, 4 << 20, 4}, want: ErrParamsTooHigh},
		{name: "no file", old: a.pass, new: []byte("new passphrase"), p: DefaultParams, missing: true, want: ErrNoKeyFile},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeKeyFile(t, a.data)
			if tc.missing {
				path += ".missing"
			}
			var before fileState
			if !tc.missing {
				ageFile(t, path)
				before = stateOf(t, path)
			}
			err := ChangePassphrase(path, tc.old, tc.new, tc.p)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			assertNoSecrets(t, err, tc.old, tc.new, a.key)
			if tc.missing {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Error("missing file error does not wrap fs.ErrNotExist")
				}
				if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
					t.Error("a key file was created")
				}
				return
			}
			before.assertSame(t, path)
		})
	}
}

func TestRecover(t *testing.T) {
	a, _ := fixtures(t)
	path := writeKeyFile(t, a.data)
	newPass := []byte("remembered this time")
	code := strings.ToLower(strings.ReplaceAll(a.code, "-", " "))
	if err := Recover(path, code, newPass, DefaultParams); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	if key, err := Unlock(path, newPass); err != nil || !bytes.Equal(key, a.key) {
		t.Fatalf("new passphrase after Recover: %v", err)
	}
	if _, err := Unlock(path, a.pass); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after Recover: err = %v, want ErrWrongPassphrase", err)
	}
	// The recovery code keeps working, both to unlock and to recover again.
	if key, err := UnlockWithRecovery(path, a.code); err != nil || !bytes.Equal(key, a.key) {
		t.Fatalf("recovery code after Recover: %v", err)
	}
	if err := Recover(path, a.code, []byte("and again"), DefaultParams); err != nil {
		t.Fatalf("second Recover: %v", err)
	}
	assertKeyFileMode(t, path)
	if names := dirNames(t, filepath.Dir(path)); len(names) != 1 {
		t.Errorf("directory holds %v, want only the key file", names)
	}
}

func TestRecoverRefused(t *testing.T) {
	a, b := fixtures(t)
	tests := []struct {
		name string
		code string
		pass []byte
		p    Params
		want error
	}{
		{"other vault's code", b.code, []byte("new passphrase"), DefaultParams, ErrWrongRecoveryCode},
		{"typo", flipSymbol(canonical(t, a.code), 0), []byte("new passphrase"), DefaultParams, ErrWrongRecoveryCode},
		{"empty code", "", []byte("new passphrase"), DefaultParams, ErrWrongRecoveryCode},
		{"empty passphrase", a.code, nil, DefaultParams, ErrEmptyPassphrase},
		{"weak params", a.code, []byte("new passphrase"), Params{3, 32 * 1024, 4}, ErrWeakParams},
		{"one thread", a.code, []byte("new passphrase"), Params{3, 64 * 1024, 1}, ErrWeakParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeKeyFile(t, a.data)
			ageFile(t, path)
			before := stateOf(t, path)
			err := Recover(path, tc.code, tc.pass, tc.p)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			assertNoSecrets(t, err, []byte(tc.code), tc.pass, a.key)
			before.assertSame(t, path)
		})
	}
}

// TestEveryByteFlip damages each byte of the file (three different ways) and
// requires every entry point to report damage. The checksum catches all of
// them before any KDF runs, so this is fast even for the passphrase path.
func TestEveryByteFlip(t *testing.T) {
	a, _ := fixtures(t)
	path := filepath.Join(t.TempDir(), "vault.key")
	for off := range a.data {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(a.data)
			b[off] ^= mask
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if key, err := UnlockWithRecovery(path, a.code); !errors.Is(err, ErrCorrupt) || key != nil {
				t.Fatalf("offset %d ^%#x: recovery: err = %v, key returned = %v", off, mask, err, key != nil)
			}
			if key, err := Unlock(path, a.pass); !errors.Is(err, ErrCorrupt) || key != nil {
				t.Fatalf("offset %d ^%#x: passphrase: err = %v, key returned = %v", off, mask, err, key != nil)
			}
			if _, err := StoredParams(path); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("offset %d ^%#x: StoredParams: err = %v", off, mask, err)
			}
		}
	}
}

// TestTamperRecoverySlot edits every byte that the recovery slot depends on
// (file header and recovery slot) and recomputes the checksum, as an attacker
// would. The AEAD or the parser must reject every one.
func TestTamperRecoverySlot(t *testing.T) {
	a, _ := fixtures(t)
	path := filepath.Join(t.TempDir(), "vault.key")
	var offsets []int
	for off := 0; off < fileHeaderSize; off++ {
		offsets = append(offsets, off)
	}
	for off := fileHeaderSize + slotSize; off < bodySize; off++ {
		offsets = append(offsets, off)
	}
	for _, off := range offsets {
		for _, mask := range []byte{0x01, 0x80} {
			b := bytes.Clone(a.data)
			b[off] ^= mask
			if err := os.WriteFile(path, withChecksum(b), 0o600); err != nil {
				t.Fatal(err)
			}
			key, err := UnlockWithRecovery(path, a.code)
			if key != nil || !(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrWrongRecoveryCode)) {
				t.Fatalf("offset %d ^%#x: err = %v, key returned = %v", off, mask, err, key != nil)
			}
		}
	}
}

// TestTamperPassphraseSlot does the same for the passphrase slot at a few
// offsets (each that reaches the AEAD costs one Argon2id run).
func TestTamperPassphraseSlot(t *testing.T) {
	a, _ := fixtures(t)
	const s = fileHeaderSize // passphrase slot offset
	setU32 := func(off int, v uint32) func([]byte) {
		return func(b []byte) { binary.BigEndian.PutUint32(b[off:], v) }
	}
	xor := func(off int) func([]byte) { return func(b []byte) { b[off] ^= 0x01 } }
	tests := []struct {
		name   string
		mutate func([]byte)
		want   error
	}{
		{"magic", xor(0), ErrCorrupt},
		{"version 0", xor(5), ErrCorrupt},
		{"version 2", func(b []byte) { b[5] = 2 }, ErrUnsupportedVersion},
		{"slot count", xor(6), ErrCorrupt},
		{"flags", xor(7), ErrCorrupt},
		{"vault ID", xor(8), ErrWrongPassphrase},
		{"slot type", xor(s), ErrCorrupt},
		{"time raised to 4", setU32(s+1, 4), ErrWrongPassphrase},
		{"time absurd", setU32(s+1, 1<<24+3), ErrCorrupt},
		{"memory absurd", setU32(s+5, 1<<31), ErrCorrupt},
		{"threads raised to 5", xor(s + 9), ErrWrongPassphrase},
		{"salt", xor(s + 10), ErrWrongPassphrase},
		{"nonce", xor(s + 26), ErrWrongPassphrase},
		{"wrapped key", xor(s + 50), ErrWrongPassphrase},
		{"tag", xor(s + slotSize - 1), ErrWrongPassphrase},
		{"recovery slot type", xor(s + slotSize), ErrCorrupt},
		{"recovery slot params", xor(s + slotSize + 4), ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := bytes.Clone(a.data)
			tc.mutate(b)
			path := writeKeyFile(t, withChecksum(b))
			key, err := Unlock(path, a.pass)
			if !errors.Is(err, tc.want) || key != nil {
				t.Fatalf("err = %v, want %v (key returned = %v)", err, tc.want, key != nil)
			}
		})
	}
}

func TestWeakParamsRefused(t *testing.T) {
	if err := DefaultParams.Validate(); err != nil {
		t.Fatalf("DefaultParams.Validate() = %v", err)
	}
	a, _ := fixtures(t)
	tests := []struct {
		name string
		p    Params
	}{
		{"time 2", Params{2, 64 * 1024, 4}},
		{"time 0", Params{0, 64 * 1024, 4}},
		{"memory 1 KiB short", Params{3, 64*1024 - 1, 4}},
		{"OWASP minimum", Params{2, 19 * 1024, 1}},
		{"3 threads", Params{3, 64 * 1024, 3}},
		{"0 threads", Params{3, 64 * 1024, 0}},
		{"all zero", Params{}},
		{"strong time, weak memory", Params{32, 8 * 1024, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.p.Validate(); !errors.Is(err, ErrWeakParams) {
				t.Errorf("Validate = %v", err)
			}
			// Create refuses, and leaves nothing behind.
			dir := t.TempDir()
			if _, _, err := Create(filepath.Join(dir, "vault.key"), []byte("pw"), tc.p); !errors.Is(err, ErrWeakParams) {
				t.Errorf("Create: err = %v, want ErrWeakParams", err)
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("Create left %v", names)
			}
			// A file edited down to these params (checksum fixed) is refused
			// before any KDF or AEAD runs: a KDF with these params followed by
			// an AEAD failure would say ErrWrongPassphrase instead.
			b := bytes.Clone(a.data)
			s := fileHeaderSize
			binary.BigEndian.PutUint32(b[s+1:], tc.p.Time)
			binary.BigEndian.PutUint32(b[s+5:], tc.p.MemoryKiB)
			b[s+9] = tc.p.Threads
			path := writeKeyFile(t, withChecksum(b))
			ageFile(t, path)
			before := stateOf(t, path)
			if key, err := Unlock(path, a.pass); !errors.Is(err, ErrWeakParams) || key != nil {
				t.Errorf("Unlock: err = %v, want ErrWeakParams", err)
			}
			if err := ChangePassphrase(path, a.pass, []byte("new"), DefaultParams); !errors.Is(err, ErrWeakParams) {
				t.Errorf("ChangePassphrase: err = %v, want ErrWeakParams", err)
			}
			if p, err := StoredParams(path); !errors.Is(err, ErrWeakParams) || p != tc.p {
				t.Errorf("StoredParams = %+v, %v; want %+v, ErrWeakParams", p, err, tc.p)
			}
			before.assertSame(t, path)
		})
	}
}

// TestRecoverRepairsDowngradedFile: the recovery slot does not depend on the
// passphrase slot, so a downgraded passphrase slot can be replaced.
func TestRecoverRepairsDowngradedFile(t *testing.T) {
	a, _ := fixtures(t)
	b := bytes.Clone(a.data)
	binary.BigEndian.PutUint32(b[fileHeaderSize+1:], 1) // time = 1
	path := writeKeyFile(t, withChecksum(b))
	if _, err := Unlock(path, a.pass); !errors.Is(err, ErrWeakParams) {
		t.Fatalf("Unlock: err = %v, want ErrWeakParams", err)
	}
	if err := Recover(path, a.code, a.pass, DefaultParams); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	if p, err := StoredParams(path); err != nil || p != DefaultParams {
		t.Fatalf("StoredParams = %+v, %v", p, err)
	}
	if key, err := Unlock(path, a.pass); err != nil || !bytes.Equal(key, a.key) {
		t.Fatalf("Unlock after repair: %v", err)
	}
}

func TestParamsTooHigh(t *testing.T) {
	for _, p := range []Params{
		{33, 64 * 1024, 4},
		{3, 2*1024*1024 + 1, 4},
		{1 << 31, 1 << 31, 255},
	} {
		if err := p.Validate(); !errors.Is(err, ErrParamsTooHigh) {
			t.Errorf("Validate(%+v) = %v", p, err)
		}
		dir := t.TempDir()
		if _, _, err := Create(filepath.Join(dir, "k"), []byte("pw"), p); !errors.Is(err, ErrParamsTooHigh) {
			t.Errorf("Create(%+v) = %v", p, err)
		}
	}
	for _, p := range []Params{{32, 64 * 1024, 4}, {3, 2 * 1024 * 1024, 255}} {
		if err := p.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", p, err)
		}
	}
}

func TestSlotMovedBetweenFiles(t *testing.T) {
	a, b := fixtures(t)
	const pass, rec = fileHeaderSize, fileHeaderSize + slotSize
	splice := func(dst, src []byte, from, to int) []byte {
		out := bytes.Clone(dst)
		copy(out[from:to], src[from:to])
		return withChecksum(out)
	}
	// Control: B itself opens with B's secrets.
	if key, err := UnlockWithRecovery(writeKeyFile(t, b.data), b.code); err != nil || !bytes.Equal(key, b.key) {
		t.Fatalf("control: %v", err)
	}
	t.Run("recovery slot from B in A", func(t *testing.T) {
		path := writeKeyFile(t, splice(a.data, b.data, rec, rec+slotSize))
		for _, code := range []string{a.code, b.code} {
			if key, err := UnlockWithRecovery(path, code); !errors.Is(err, ErrWrongRecoveryCode) || key != nil {
				t.Errorf("err = %v, want ErrWrongRecoveryCode", err)
			}
		}
	})
	t.Run("vault ID from B in A", func(t *testing.T) {
		path := writeKeyFile(t, splice(a.data, b.data, 8, 24))
		if key, err := UnlockWithRecovery(path, a.code); !errors.Is(err, ErrWrongRecoveryCode) || key != nil {
			t.Errorf("err = %v, want ErrWrongRecoveryCode", err)
		}
	})
	t.Run("passphrase slot from B in A", func(t *testing.T) {
		path := writeKeyFile(t, splice(a.data, b.data, pass, pass+slotSize))
		if key, err := Unlock(path, b.pass); !errors.Is(err, ErrWrongPassphrase) || key != nil {
			t.Errorf("err = %v, want ErrWrongPassphrase", err)
		}
	})
	t.Run("slots swapped", func(t *testing.T) {
		x := bytes.Clone(a.data)
		copy(x[pass:], a.data[rec:rec+slotSize])
		copy(x[rec:], a.data[pass:pass+slotSize])
		path := writeKeyFile(t, withChecksum(x))
		if _, err := UnlockWithRecovery(path, a.code); !errors.Is(err, ErrCorrupt) {
			t.Errorf("err = %v, want ErrCorrupt", err)
		}
	})
}

func TestTruncatedAndOversized(t *testing.T) {
	a, _ := fixtures(t)
	path := filepath.Join(t.TempDir(), "vault.key")
	check := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Unlock(path, a.pass); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Unlock err = %v", name, err)
		}
		if _, err := UnlockWithRecovery(path, a.code); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: UnlockWithRecovery err = %v", name, err)
		}
		if _, err := StoredParams(path); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: StoredParams err = %v", name, err)
		}
	}
	for n := range len(a.data) {
		check("truncated", a.data[:n])
	}
	check("one extra byte", append(bytes.Clone(a.data), 0))
	check("doubled", append(bytes.Clone(a.data), a.data...))
	check("huge", append(bytes.Clone(a.data), make([]byte, 1<<20)...))
	check("not a key file", []byte("{\"hello\": \"world\"}\n"))
}

func TestUnsupportedVersion(t *testing.T) {
	a, _ := fixtures(t)
	b := bytes.Clone(a.data)
	b[5] = 2
	path := writeKeyFile(t, withChecksum(b))
	_, err := Unlock(path, a.pass)
	if !errors.Is(err, ErrUnsupportedVersion) || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v", err)
	}
}

func TestNoKeyFile(t *testing.T) {
	a, _ := fixtures(t)
	path := filepath.Join(t.TempDir(), "nothing-here.key")
	calls := map[string]func() error{
		"Unlock":             func() error { _, err := Unlock(path, a.pass); return err },
		"UnlockWithRecovery": func() error { _, err := UnlockWithRecovery(path, a.code); return err },
		"ChangePassphrase":   func() error { return ChangePassphrase(path, a.pass, []byte("n"), DefaultParams) },
		"Recover":            func() error { return Recover(path, a.code, []byte("n"), DefaultParams) },
		"StoredParams":       func() error { _, err := StoredParams(path); return err },
	}
	for name, call := range calls {
		err := call()
		if !errors.Is(err, ErrNoKeyFile) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: err = %v, want ErrNoKeyFile and fs.ErrNotExist", name, err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a file was created")
	}
	// A directory is not "no vault here".
	if _, err := Unlock(t.TempDir(), a.pass); err == nil || errors.Is(err, ErrNoKeyFile) {
		t.Errorf("Unlock(directory) err = %v", err)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	a, _ := fixtures(t)
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"key file", func(t *testing.T, path string) { os.WriteFile(path, a.data, 0o600) }},
		{"empty file", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o600) }},
		{"directory", func(t *testing.T, path string) { os.Mkdir(path, 0o700) }},
		{"dangling symlink", func(t *testing.T, path string) {
			if err := os.Symlink(path+".target", path); err != nil {
				t.Skip("symlinks unsupported:", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "vault.key")
			tc.setup(t, path)
			before := dirNames(t, dir)
			st, _ := os.Lstat(path)
			key, code, err := Create(path, []byte("pw"), DefaultParams)
			if !errors.Is(err, fs.ErrExist) || key != nil || code != "" {
				t.Fatalf("err = %v, want fs.ErrExist", err)
			}
			after, _ := os.Lstat(path)
			if st.Size() != after.Size() || st.Mode() != after.Mode() || !st.ModTime().Equal(after.ModTime()) {
				t.Error("existing entry changed")
			}
			if names := dirNames(t, dir); strings.Join(names, ",") != strings.Join(before, ",") {
				t.Errorf("directory changed: %v -> %v", before, names)
			}
		})
	}
}

func TestCreateEmptyPassphrase(t *testing.T) {
	for _, pass := range [][]byte{nil, {}} {
		dir := t.TempDir()
		if _, _, err := Create(filepath.Join(dir, "vault.key"), pass, DefaultParams); !errors.Is(err, ErrEmptyPassphrase) {
			t.Errorf("err = %v, want ErrEmptyPassphrase", err)
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("left %v", names)
		}
	}
}

func TestCreateMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "vault.key")
	if _, _, err := Create(path, []byte("pw"), DefaultParams); err == nil {
		t.Fatal("Create in a missing directory succeeded")
	}
}

func assertKeyFileMode(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 || !st.Mode().IsRegular() {
		t.Errorf("mode = %v, want -rw-------", st.Mode())
	}
}

func TestCreateWritesAtomically(t *testing.T) {
	// One real Create (the fixture used a different directory).
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.key")
	if _, _, err := Create(path, []byte("pw"), DefaultParams); err != nil {
		t.Fatal(err)
	}
	assertKeyFileMode(t, path)
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "vault.key" {
		t.Errorf("directory holds %v, want only vault.key", names)
	}
}

func TestRecoveryCodeFormat(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c := newRecoveryCode()
		if seen[c] {
			t.Fatal("repeated recovery code")
		}
		seen[c] = true
		got, err := ParseRecoveryCode(c)
		if err != nil || got != c {
			t.Fatalf("ParseRecoveryCode(%q) = %q, %v", c, got, err)
		}
		d, err := FormatRecoveryCode(c)
		if err != nil || !displayCode.MatchString(d) {
			t.Fatalf("FormatRecoveryCode(%q) = %q, %v", c, d, err)
		}
		if back, err := ParseRecoveryCode(strings.ToLower(d)); err != nil || back != c {
			t.Fatalf("round trip of %q: %q, %v", d, back, err)
		}
	}
}

func TestRecoveryCodeCatchesTypos(t *testing.T) {
	// Deterministic code; count single-symbol substitutions that slip
	// through the 10-bit check. Expect about 1 in 1024.
	code := string(appendCheck([]byte("0123456789ABCDEFGHJKMNPQRS")))
	passed, total := 0, 0
	for i := range len(code) {
		for _, r := range crockford {
			if byte(r) == code[i] {
				continue
			}
			total++
			if _, err := ParseRecoveryCode(code[:i] + string(r) + code[i+1:]); err == nil {
				passed++
			}
		}
	}
	if passed > total/100 {
		t.Errorf("%d of %d single-symbol typos pass the check", passed, total)
	}
}

func TestErrorsDoNotLeakSecrets(t *testing.T) {
	a, _ := fixtures(t)
	path := writeKeyFile(t, a.data)
	secretPass := []byte("my-secret-passphrase-9731")
	secretCode := "ZZZZ-ZZZZ-SECRET-CODE-9731"
	var errs []error
	_, err := Unlock(path, secretPass)
	errs = append(errs, err)
	_, err = UnlockWithRecovery(path, secretCode)
	errs = append(errs, err)
	errs = append(errs, Recover(path, secretCode, secretPass, DefaultParams))
	_, err = UnlockWithRecovery(path, flipSymbol(canonical(t, a.code), 5))
	errs = append(errs, err)
	_, _, err = Create(path, secretPass, DefaultParams)
	errs = append(errs, err)
	for _, err := range errs {
		if err == nil {
			t.Fatal("expected an error")
		}
		assertNoSecrets(t, err, secretPass, []byte(secretCode), []byte("SECRET"), []byte(canonical(t, a.code)), a.key, a.pass)
	}
}

func BenchmarkUnlock(b *testing.B) {
	path := filepath.Join(b.TempDir(), "vault.key")
	pass := []byte("benchmark passphrase")
	if _, _, err := Create(path, pass, DefaultParams); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Unlock(path, pass); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAADCoversHeaders checks the AEAD binding directly: with the right KEK,
// changing any byte of the file header or of the slot's own header must make
// the slot fail to open. (Through the public API most slot-header edits also
// change the KEK, which would hide a missing binding.)
func TestAADCoversHeaders(t *testing.T) {
	a, _ := fixtures(t)
	kf, err := parse(a.data)
	if err != nil {
		t.Fatal(err)
	}
	passKEK := passphraseKEK(a.pass, &kf.pass)
	recKEK, err := recoveryKEK(canonical(t, a.code), &kf.recovery)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []struct {
		name string
		kek  []byte
		get  func(*keyFile) *slot
	}{
		{"passphrase", passKEK, func(k *keyFile) *slot { return &k.pass }},
		{"recovery", recKEK, func(k *keyFile) *slot { return &k.recovery }},
	} {
		// Control: the untouched slot opens.
		if key, ok, err := kf.open(sc.get(kf), sc.kek); err != nil || !ok || !bytes.Equal(key, a.key) {
			t.Fatalf("%s: control open failed: ok=%v err=%v", sc.name, ok, err)
		}
		// Edit the file header: only the vault ID is variable in v1.
		for i := range idSize {
			k := *kf
			k.vaultID[i] ^= 0x01
			if _, ok, _ := k.open(sc.get(&k), sc.kek); ok {
				t.Errorf("%s: opened with vault ID byte %d changed", sc.name, i)
			}
		}
		// Edit every byte of the slot header, re-parsed from bytes.
		s0 := sc.get(kf)
		hdr := s0.header()
		for i := range hdr {
			h := bytes.Clone(hdr)
			h[i] ^= 0x01
			var s slot
			parseSlot(append(append(h, s0.nonce[:]...), s0.wrapped[:]...), &s)
			if _, ok, _ := kf.open(&s, sc.kek); ok {
				t.Errorf("%s: opened with slot header byte %d changed", sc.name, i)
			}
		}
	}
	clear(passKEK)
	clear(recKEK)
}
