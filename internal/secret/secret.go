package secret

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/inputfile"
)

// Params are the Argon2id settings of a passphrase slot.
type Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes; part of the derivation, never runtime.NumCPU()
}

// DefaultParams is RFC 9106's second recommendation (64 MiB of memory and
// roughly 0.12-0.35 s on a 2-core machine). It is also the floor: weaker
// settings are refused.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// The floor is constant on purpose, so that changing DefaultParams cannot
// lower it.
const (
	minTime      = 3
	minMemoryKiB = 64 * 1024
	minThreads   = 4

	// Ceilings. A file asking for more is treated as damaged, so an edited
	// file cannot make Unlock run for hours or exhaust memory.
	maxTime      = 32
	maxMemoryKiB = 2 * 1024 * 1024 // 2 GiB, RFC 9106's first recommendation
)

// Errors. ErrNoKeyFile is returned wrapped together with fs.ErrNotExist, so
// errors.Is works for both. Failed unlocks return a nil key.
var (
	ErrWrongPassphrase   = errors.New("wrong passphrase")
	ErrWrongRecoveryCode = errors.New("wrong recovery code")
	ErrNoKeyFile         = errors.New("no vault here")
	ErrCorrupt           = errors.New("key file is damaged or not a CareKeeper key file")
	ErrWeakParams        = errors.New("key file asks for key-derivation settings below the safe minimum")

	// ErrUnsupportedVersion is returned, together with ErrCorrupt, for a key
	// file written by a newer format version.
	ErrUnsupportedVersion = errors.New("key file was made by a newer version of CareKeeper")
	// ErrEmptyPassphrase is returned by Create, ChangePassphrase and Recover
	// for an empty new passphrase. Unlock returns it, together with
	// ErrWrongPassphrase, for an empty passphrase.
	ErrEmptyPassphrase = errors.New("passphrase must not be empty")
	// ErrParamsTooHigh is returned for requested settings above the
	// ceiling (t > 32 or m > 2 GiB) that this package will open.
	ErrParamsTooHigh = errors.New("key-derivation settings are too high")
)

// Validate reports whether p is usable for a new passphrase slot. It returns
// ErrWeakParams below the floor (t=3, m=64 MiB, p=4) and ErrParamsTooHigh
// above the ceiling.
func (p Params) Validate() error {
	if p.Time < minTime || p.MemoryKiB < minMemoryKiB || p.Threads < minThreads {
		return ErrWeakParams
	}
	if !p.plausible() {
		return ErrParamsTooHigh
	}
	return nil
}

// plausible reports whether p is within the ceilings (the floor is checked
// separately). Argon2id with threads=0 would panic; the floor rules it out.
func (p Params) plausible() bool {
	return p.Time <= maxTime && p.MemoryKiB <= maxMemoryKiB
}

// Create writes a new key file at path (fails with fs.ErrExist if it
// exists), generating a random 32-byte vault key and a recovery code. It
// returns the vault key and the recovery code (formatted for display; show it
// once).
func Create(path string, passphrase []byte, p Params) (vaultKey []byte, recoveryCode string, err error) {
	if len(passphrase) == 0 {
		return nil, "", ErrEmptyPassphrase
	}
	if err := p.Validate(); err != nil {
		return nil, "", err
	}
	// Fail fast, before the slow KDF. atomicfile.CreateFile checks again atomically.
	if st, err := os.Stat(filepath.Dir(path)); err != nil {
		return nil, "", err
	} else if !st.IsDir() {
		return nil, "", &fs.PathError{Op: "create", Path: path, Err: errors.New("parent is not a directory")}
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, "", &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}

	kf := new(keyFile)
	rand.Read(kf.vaultID[:])
	key := make([]byte, keySize)
	rand.Read(key)
	code := newRecoveryCode()

	if err := kf.sealPassphrase(key, passphrase, p); err != nil {
		clear(key)
		return nil, "", err
	}
	if err := kf.sealRecovery(key, code); err != nil {
		clear(key)
		return nil, "", err
	}
	display, err := FormatRecoveryCode(code)
	if err != nil { // cannot happen: code was made by newRecoveryCode
		clear(key)
		return nil, "", err
	}
	if err := atomicfile.CreateFile(path, kf.marshal()); err != nil {
		clear(key)
		return nil, "", err
	}
	return key, display, nil
}

// Unlock reads the key file and returns the vault key. It never writes to
// the file.
func Unlock(path string, passphrase []byte) ([]byte, error) {
	kf, err := load(path)
	if err != nil {
		return nil, err
	}
	return kf.openPassphrase(passphrase)
}

// UnlockWithRecovery returns the vault key using the recovery code. It never
// writes to the file.
func UnlockWithRecovery(path, code string) ([]byte, error) {
	c, err := ParseRecoveryCode(code)
	if err != nil {
		return nil, err
	}
	kf, err := load(path)
	if err != nil {
		return nil, err
	}
	return kf.openRecovery(c)
}

// ChangePassphrase re-wraps the vault key under a new passphrase (new salt
// and nonce, parameters p), atomically; the old passphrase stops working.
// The recovery slot and the vault key are unchanged.
func ChangePassphrase(path string, old, new []byte, p Params) error {
	if len(new) == 0 {
		return ErrEmptyPassphrase
	}
	if err := p.Validate(); err != nil {
		return err
	}
	kf, err := load(path)
	if err != nil {
		return err
	}
	key, err := kf.openPassphrase(old)
	if err != nil {
		return err
	}
	defer clear(key)
	return kf.replacePassphrase(path, key, new, p)
}

// Recover replaces the passphrase slot using the recovery code, atomically.
// The recovery code keeps working afterwards (it is not rotated), and the
// vault key is unchanged.
func Recover(path, code string, newPassphrase []byte, p Params) error {
	if len(newPassphrase) == 0 {
		return ErrEmptyPassphrase
	}
	if err := p.Validate(); err != nil {
		return err
	}
	c, err := ParseRecoveryCode(code)
	if err != nil {
		return err
	}
	kf, err := load(path)
	if err != nil {
		return err
	}
	key, err := kf.openRecovery(c)
	if err != nil {
		return err
	}
	defer clear(key)
	return kf.replacePassphrase(path, key, newPassphrase, p)
}

// StoredParams returns the passphrase slot's parameters as stored, for
// reporting the unlock cost. If they are below the floor, it returns them
// together with ErrWeakParams.
func StoredParams(path string) (Params, error) {
	kf, err := load(path)
	if err != nil {
		return Params{}, err
	}
	p := kf.pass.params
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

func (kf *keyFile) replacePassphrase(path string, key, passphrase []byte, p Params) error {
	if err := kf.sealPassphrase(key, passphrase, p); err != nil {
		return err
	}
	data := kf.marshal()
	// Cheap self-check before replacing the only copy of the wrapped key.
	if again, err := parse(data); err != nil || *again != *kf {
		return errors.New("internal error: key file does not re-read as written")
	}
	return atomicfile.WriteFile(path, data)
}

// load reads and parses the key file. It opens the file read-only, and only a regular file:
// a key file swapped for a FIFO would block every command forever, holding the vault lock.
func load(path string) (*keyFile, error) {
	f, _, err := inputfile.Open(path, 0)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%w: %w", ErrNoKeyFile, err)
		case errors.Is(err, inputfile.ErrNotRegular):
			return nil, corrupt(err.Error())
		}
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxReadSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxReadSize {
		return nil, corrupt("file too large")
	}
	return parse(b)
}

// passphraseKEK derives the passphrase slot's KEK. The caller zeroes it.
//
// Argon2id's working memory (64 MiB by default) is garbage once the KEK is derived, but the
// Go runtime would keep it mapped and hand it back to the system only slowly: an unlocked app
// or a CLI command would carry it for its whole run. It is returned to the system at once.
func passphraseKEK(passphrase []byte, s *slot) []byte {
	p := s.params
	id, memoized := memo.id(passphrase, s.salt[:], p)
	if memoized {
		if kek := memo.kek(id); kek != nil {
			return kek
		}
	}
	kek := argon2.IDKey(passphrase, s.salt[:], p.Time, p.MemoryKiB, p.Threads, keySize)
	debug.FreeOSMemory()
	for m := int64(p.MemoryKiB) << 10; ; {
		if old := kdfMemory.Load(); old >= m || kdfMemory.CompareAndSwap(old, m) {
			break
		}
	}
	if memoized {
		memo.keep(id, kek)
	}
	derivations.Add(1)
	return kek
}

// derivations counts the Argon2id derivations of this process (for tests).
var derivations atomic.Int64

// kdfMemory is the largest Argon2id working memory of this process's derivations, in bytes.
var kdfMemory atomic.Int64

// KDFMemory returns the largest working memory (bytes) of an Argon2id derivation this process
// has made, 0 when it derived no key (a vault opened with the key 'carekeeper unlock' keeps).
// The process's resident set has held that much at least once: storage's bulk memory limit
// is not set below it, which would add collections without lowering the process's peak.
func KDFMemory() int64 { return kdfMemory.Load() }

// memo is MemoizeForTests' store of derived KEKs, off outside tests.
var memo kekMemo

type kekMemo struct {
	on    atomic.Bool
	mu    sync.Mutex
	keks  map[[sha256.Size]byte][]byte         // by passphrase, salt and settings
	salts map[[sha256.Size]byte][saltSize]byte // by passphrase and settings
}

// MemoizeForTests makes this test process derive each passphrase slot's KEK once: a later
// derivation from the same passphrase, salt and settings returns the first one's result, and
// a new slot for a passphrase takes the salt of the first slot made for it (each vault still
// has its own random key). A test suite that opens vaults thousands of times (each CLI
// command, each unlock and lock of the app) spent most of its time in Argon2id's 64 MiB;
// every other step of unlocking (the key file, its AEAD, the vault) is still the real one, and
// a wrong passphrase is still refused. Call it before anything derives a key (in TestMain);
// not for benchmarks, which measure unlocking. It panics outside a test binary: a program
// that kept derived keys for its whole run would undo what the KDF is for.
func MemoizeForTests() {
	if !testing.Testing() {
		panic("secret.MemoizeForTests called outside a test binary")
	}
	memo.mu.Lock()
	defer memo.mu.Unlock()
	memo.keks = map[[sha256.Size]byte][]byte{}
	memo.salts = map[[sha256.Size]byte][saltSize]byte{}
	memo.on.Store(true)
}

// id names a derivation (salt nil: a passphrase and settings); ok is false when the memo is off.
func (m *kekMemo) id(passphrase, salt []byte, p Params) (id [sha256.Size]byte, ok bool) {
	if !m.on.Load() {
		return id, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d %d %d %x %d:", p.Time, p.MemoryKiB, p.Threads, salt, len(passphrase))
	h.Write(passphrase)
	h.Sum(id[:0])
	return id, true
}

// kek is a copy of the KEK kept for id (the caller zeroes it), nil if none.
func (m *kekMemo) kek(id [sha256.Size]byte) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k, ok := m.keks[id]; ok {
		return append([]byte(nil), k...)
	}
	return nil
}

func (m *kekMemo) keep(id [sha256.Size]byte, kek []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keks[id] = append([]byte(nil), kek...)
}

// reuseSalt gives s the salt of the first slot made for this passphrase and settings.
func (m *kekMemo) reuseSalt(passphrase []byte, s *slot) {
	id, ok := m.id(passphrase, nil, s.params)
	if !ok {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if salt, ok := m.salts[id]; ok {
		s.salt = salt
	} else {
		m.salts[id] = s.salt
	}
}

// recoveryKEK derives the recovery slot's KEK from a canonical code. The
// caller zeroes it.
func recoveryKEK(code string, s *slot) ([]byte, error) {
	secret := []byte(code)
	defer clear(secret)
	return hkdf.Key(sha256.New, secret, s.salt[:], recoveryKEKInfo, keySize)
}

func (kf *keyFile) sealPassphrase(key, passphrase []byte, p Params) error {
	s := slot{kind: slotPassphrase, params: p}
	rand.Read(s.salt[:])
	memo.reuseSalt(passphrase, &s)
	kek := passphraseKEK(passphrase, &s)
	defer clear(kek)
	if err := kf.seal(&s, kek, key); err != nil {
		return err
	}
	kf.pass = s
	return nil
}

func (kf *keyFile) sealRecovery(key []byte, code string) error {
	s := slot{kind: slotRecovery}
	rand.Read(s.salt[:])
	kek, err := recoveryKEK(code, &s)
	if err != nil {
		return err
	}
	defer clear(kek)
	if err := kf.seal(&s, kek, key); err != nil {
		return err
	}
	kf.recovery = s
	return nil
}

func (kf *keyFile) seal(s *slot, kek, key []byte) error {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return err
	}
	rand.Read(s.nonce[:])
	ct := aead.Seal(nil, s.nonce[:], key, kf.aad(s))
	if len(ct) != wrappedSize {
		return errors.New("internal error: unexpected wrapped key size")
	}
	copy(s.wrapped[:], ct)
	return nil
}

// open unwraps slot s. ok is false if authentication fails.
func (kf *keyFile) open(s *slot, kek []byte) (key []byte, ok bool, err error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, false, err
	}
	key, err = aead.Open(nil, s.nonce[:], s.wrapped[:], kf.aad(s))
	if err != nil {
		return nil, false, nil
	}
	if len(key) != keySize { // cannot happen with a 48-byte ciphertext
		clear(key)
		return nil, false, nil
	}
	return key, true, nil
}

func (kf *keyFile) openPassphrase(passphrase []byte) ([]byte, error) {
	if err := kf.pass.params.Validate(); err != nil {
		return nil, err
	}
	if len(passphrase) == 0 { // Create never accepts one, so skip the KDF
		return nil, fmt.Errorf("%w: %w", ErrWrongPassphrase, ErrEmptyPassphrase)
	}
	kek := passphraseKEK(passphrase, &kf.pass)
	defer clear(kek)
	key, ok, err := kf.open(&kf.pass, kek)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

// openRecovery unwraps the recovery slot with a canonical code.
func (kf *keyFile) openRecovery(code string) ([]byte, error) {
	kek, err := recoveryKEK(code, &kf.recovery)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	key, ok, err := kf.open(&kf.recovery, kek)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrWrongRecoveryCode
	}
	return key, nil
}

// NewRecoveryCode replaces the recovery slot with one for a new code, atomically, and
// returns the new code (formatted for display; show it once). The old code stops working;
// the passphrase and the vault key are unchanged. For a vault whose first code was never
// seen through (the window closed on it).
func NewRecoveryCode(path string, passphrase []byte) (string, error) {
	kf, err := load(path)
	if err != nil {
		return "", err
	}
	key, err := kf.openPassphrase(passphrase)
	if err != nil {
		return "", err
	}
	defer clear(key)
	code := newRecoveryCode()
	display, err := FormatRecoveryCode(code)
	if err != nil {
		return "", err
	}
	if err := kf.sealRecovery(key, code); err != nil {
		return "", err
	}
	data := kf.marshal()
	if again, err := parse(data); err != nil || *again != *kf {
		return "", errors.New("internal error: key file does not re-read as written")
	}
	if err := atomicfile.WriteFile(path, data); err != nil {
		return "", err
	}
	return display, nil
}
