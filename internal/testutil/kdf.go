package testutil

import (
	"flag"
	"os"
	"testing"

	"carekeeper/internal/secret"
)

// RunWithMemoizedKDF is a TestMain for packages whose tests open vaults many times: each
// passphrase's key is derived once for the whole test process (secret.MemoizeForTests), not
// at every CLI command and every unlock (Argon2id's 64 MiB took most of the app's and the
// CLI's test time). Benchmarks run with the real derivation each time: they measure unlocking.
// The cleanups run after the tests (removing what the tests shared, made once per process).
func RunWithMemoizedKDF(m *testing.M, cleanups ...func()) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		secret.MemoizeForTests()
	}
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	os.Exit(code)
}
