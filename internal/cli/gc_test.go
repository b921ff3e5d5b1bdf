package cli_test

import (
	"runtime/debug"
	"testing"
)

// TestReadCommandGCRestored: a reading command lowers the collector's percentage only while
// it runs (cli's open), so a process that runs commands in turn (these tests, the bench) gets
// its own setting back.
func TestReadCommandGCRestored(t *testing.T) {
	dir := newVault(t)
	old := debug.SetGCPercent(123)
	defer debug.SetGCPercent(old)
	for _, args := range [][]string{{"profile", "list"}, {"records"}, {"records", "--json"}} {
		if r := in(dir).run(t, args...); r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		if got := debug.SetGCPercent(123); got != 123 {
			t.Errorf("GC percent %d after %v, want 123 back", got, args)
		}
	}
}
