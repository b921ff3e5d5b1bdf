package secret

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixture is a key file made once per test binary with the real Create and
// DefaultParams. Tests copy its bytes so they never share a file on disk.
type fixture struct {
	pass []byte
	key  []byte
	code string // as returned by Create (display form)
	data []byte
}

var (
	fixOnce sync.Once
	fixA    fixture
	fixB    fixture
	fixErr  error
)

func fixtures(t testing.TB) (a, b fixture) {
	t.Helper()
	fixOnce.Do(func() {
		dir, err := os.MkdirTemp("", "secret-fixture-")
		if err != nil {
			fixErr = err
			return
		}
		defer os.RemoveAll(dir)
		mk := func(name, pass string) (fixture, error) {
			f := fixture{pass: []byte(pass)}
			p := filepath.Join(dir, name)
			f.key, f.code, err = Create(p, f.pass, DefaultParams)
			if err != nil {
				return f, err
			}
			f.data, err = os.ReadFile(p)
			return f, err
		}
		if fixA, fixErr = mk("a.key", "correct horse battery staple"); fixErr != nil {
			return
		}
		fixB, fixErr = mk("b.key", "Tr0ub4dor&3 but longer")
	})
	if fixErr != nil {
		t.Fatalf("making fixtures: %v", fixErr)
	}
	return fixA, fixB
}

// writeKeyFile writes data to a fresh temp dir as "vault.key" (0600).
func writeKeyFile(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "vault.key")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// withChecksum returns a copy of b with the trailer recomputed, as an
// attacker who edits the file deliberately would do.
func withChecksum(b []byte) []byte {
	c := slices.Clone(b)
	if len(c) >= checksumSize {
		sum := sha256.Sum256(c[:len(c)-checksumSize])
		copy(c[len(c)-checksumSize:], sum[:])
	}
	return c
}

// fileState captures content and mtime to prove a file was not modified.
type fileState struct {
	data  []byte
	mtime time.Time
	names []string
}

func stateOf(t testing.TB, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{data: data, mtime: st.ModTime(), names: dirNames(t, filepath.Dir(path))}
}

func (s fileState) assertSame(t testing.TB, path string) {
	t.Helper()
	now := stateOf(t, path)
	if !bytes.Equal(now.data, s.data) {
		t.Errorf("file content changed")
	}
	if !now.mtime.Equal(s.mtime) {
		t.Errorf("mtime changed: %v -> %v", s.mtime, now.mtime)
	}
	if !slices.Equal(now.names, s.names) {
		t.Errorf("directory changed: %v -> %v", s.names, now.names)
	}
}

// ageFile sets the mtime into the past so that any rewrite would show.
func ageFile(t testing.TB, path string) {
	t.Helper()
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// assertNoSecrets fails if err's text contains any of the given secrets (or
// their hex). Secrets shorter than 6 bytes are skipped.
func assertNoSecrets(t testing.TB, err error, secrets ...[]byte) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, s := range secrets {
		if len(s) < 6 { // too short to tell a leak from a coincidence (e.g. in a temp path)
			continue
		}
		if strings.Contains(msg, string(s)) || strings.Contains(strings.ToLower(msg), hex.EncodeToString(s)) {
			t.Errorf("error %q leaks a secret", msg)
		}
	}
}

func canonical(t testing.TB, code string) string {
	t.Helper()
	c, err := ParseRecoveryCode(code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
