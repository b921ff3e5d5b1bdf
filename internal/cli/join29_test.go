package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F309: 'household join' said "Received 9 changes from the household." (exit 0) when one of the
// household's files was damaged and refused there; only the next 'household sync' said it. Now
// the join says it as the sync does: a line on stderr naming the file and its device, exit 1.
func TestHouseholdJoinSaysARefusedFile(t *testing.T) {
	folder := t.TempDir()
	a, b, aID := twoDevices(t, folder)
	before := map[string]bool{}
	var bID string
	ents, _ := os.ReadDir(filepath.Join(folder, "d"))
	for _, e := range ents {
		if e.Name() != aID {
			bID = e.Name()
		}
	}
	for _, s := range segments(t, folder, bID) {
		before[s] = true
	}
	b.run(t, "profile", "add", "--name", "Mum").ok(t)
	b.run(t, "household", "sync").ok(t)
	var altered string
	for _, s := range segments(t, folder, bID) {
		if !before[s] {
			altered = s
		}
	}
	if altered == "" {
		t.Fatal("no new segment from Anna's laptop")
	}
	p := filepath.Join(folder, "d", bID, altered)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-10] ^= 0xff
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite").ok(t).stdout, "\n", 2)[0])
	c := in(newVault(t))
	joined := make(chan result, 1)
	go func() {
		joined <- c.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Tablet", "--wait", "60")
	}()
	for {
		a.run(t, "household", "sync") // it refuses the altered file too (exit 1)
		select {
		case res := <-joined:
			if res.code != 1 || !strings.Contains(res.stdout, "Received ") ||
				!strings.Contains(res.stderr, "Refused a file from Anna's laptop (d/"+bID+"/"+altered+"): ") {
				t.Errorf("household join: exit %d\nstdout %q\nstderr %q", res.code, res.stdout, res.stderr)
			}
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}
