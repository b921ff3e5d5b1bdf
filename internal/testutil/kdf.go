package testutil

import (
	"flag"
	"os"
	"testing"
	"time"

	"carekeeper/internal/secret"
)

// RunWithMemoizedKDF is a TestMain for packages whose tests open vaults many times: each
// passphrase's key is derived once for the whole test process (secret.MemoizeForTests), not
// at every CLI command and every unlock (Argon2id's 64 MiB took most of the app's and the
// CLI's test time). Benchmarks run with the real derivation each time: they measure unlocking.
// The cleanups run after the tests (removing what the tests shared, made once per process).
// A test running for longer than HangLimit ends the process (WatchForHangs).
func RunWithMemoizedKDF(m *testing.M, cleanups ...func()) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		secret.MemoizeForTests()
	}
	stop := WatchForHangs(HangLimit, 30*time.Second)
	code := m.Run()
	stop()
	for _, c := range cleanups {
		c()
	}
	os.Exit(code)
}
