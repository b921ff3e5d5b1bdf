package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F286: the shared folder emptied by its sync app (still there, every household file gone) was
// not noticed: 'Sent 0 changes, received 0', 'In step', and what Anna's laptop had sent never
// reached Dad's. Now each device that finds none of its files there says so in one line on
// stderr (exit 1) and in its status, and writes again what it holds (its membership and key
// messages, then a snapshot): Mum Smith, added on Anna's laptop and sent only in the files lost,
// reaches Dad's.
func TestHouseholdSyncSaysTheSharedFolderWasEmptied(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	b.run(t, "profile", "add", "--name", "Mum Smith").ok(t)
	b.run(t, "household", "sync").ok(t)
	ents, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents { // what a sync app does when a deletion elsewhere reaches it
		if err := os.RemoveAll(filepath.Join(folder, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		r    runner
	}{{"Dad's laptop", a}, {"Anna's laptop", b}} {
		res := c.r.run(t, "household", "sync")
		if res.code != 1 || !strings.Contains(res.stderr, "the shared folder "+folder+" no longer held this computer's household files (emptied by its sync app, or put back to an older copy?): everything this computer holds was written to it again") {
			t.Errorf("household sync on %s: exit %d\nstdout %q\nstderr %q", c.name, res.code, res.stdout, res.stderr)
		}
		if st := c.r.run(t, "household", "status").ok(t).stdout; !strings.Contains(st, "no longer held this computer's household files") {
			t.Errorf("household status on %s: %q", c.name, st)
		}
	}
	// Written again: Dad's laptop gets Mum Smith, whose key and records went only in the files
	// lost.
	a.run(t, "household", "sync").ok(t)
	if list := a.run(t, "profile", "list").ok(t).stdout; !strings.Contains(list, "Mum Smith") {
		t.Errorf("Dad's laptop after the folder was written again: %q", list)
	}
	// Said once: the next syncs find the files written again.
	for _, r := range []runner{a, b} {
		if res := r.run(t, "household", "sync"); res.code != 0 || strings.Contains(res.stderr, "no longer held") {
			t.Errorf("the sync after: exit %d, %q", res.code, res.stderr)
		}
	}
}
