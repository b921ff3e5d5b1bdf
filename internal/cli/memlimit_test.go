package cli

import (
	"flag"
	"io"
	"runtime/debug"
	"testing"

	"carekeeper/storage"
)

// TestReadingOpenLimitsMemory: a command that reads runs, once unlocked, under a soft memory
// limit far below the runtime's default (none), and Run's restore gives the previous limit
// back; import and sync (bulk) and a $GOMEMLIMIT of the person's are left alone. Before,
// only the collector's percentage was lowered, and `summary --fhir` at 100,000 resources
// peaked 3–24 MB above the unlock in some runs (docs/footprint.md).
func TestReadingOpenLimitsMemory(t *testing.T) {
	dir := t.TempDir()
	const pass = "memory limit passphrase"
	if _, err := storage.Init(dir, []byte(pass), storage.Options{}); err != nil {
		t.Fatal(err)
	}
	// An import of an earlier test in this process (in-process commands: with -shuffle, any
	// of them) leaves its bulk limit for 10 s, set again after each collection: end it first.
	storage.EndBulkMemoryForTests()
	const none = int64(1 << 50)
	old := debug.SetMemoryLimit(none)
	defer debug.SetMemoryLimit(old)
	for _, tc := range []struct {
		name    string
		bulk    bool
		env     string // GOMEMLIMIT
		limited bool
	}{
		{"reading", false, "", true},
		{"bulk", true, "", false},
		{"GOMEMLIMIT set", false, "500MiB", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"CAREKEEPER_DATA": dir, "CAREKEEPER_PASSPHRASE": pass, "GOMEMLIMIT": tc.env}
			c := &call{env: &Env{Getenv: func(k string) string { return env[k] }, Stdout: io.Discard, Stderr: io.Discard}, fs: flag.NewFlagSet("records", flag.ContinueOnError), bulk: tc.bulk}
			v, err := c.open()
			if err != nil {
				t.Fatal(err)
			}
			got := debug.SetMemoryLimit(-1)
			v.Close()
			if c.memOld != nil {
				c.memOld()
			}
			if c.gcOld != 0 {
				debug.SetGCPercent(c.gcOld)
			}
			if limited := got < none; limited != tc.limited {
				t.Errorf("memory limit while open %d: limited %v, want %v", got, limited, tc.limited)
			}
			if tc.limited && got > 128<<20 {
				t.Errorf("memory limit while open %d MiB, want at most 128 MiB for a small vault", got>>20)
			}
			if after := debug.SetMemoryLimit(-1); after != none {
				t.Errorf("memory limit after the command %d, want the previous %d back", after, none)
			}
		})
	}
}
