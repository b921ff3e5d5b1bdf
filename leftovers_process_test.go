package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// kill -9 during `export` left a hidden plaintext partial export that nothing ever removed.
// Now the partial export is a locked temporary file of ours, and the next run of any command
// removes it: nothing plaintext remains. Every kill must land mid-write (the temporary file
// exists and the export does not) for a run to count, and at least one must.
func TestProcessKillDuringExport(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	fix := testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")
	needles := append(testutil.Needles(t, testutil.ReadFile(t, fix)), "Fletcher")
	dir, _ := newVault(t)
	run(t, childEnv(dir), "import", fix).ok(t)

	midWrite := 0
	for i := 0; i < 5 && midWrite < 2; i++ {
		out := t.TempDir()
		target := filepath.Join(out, "export.json")
		cmd := exec.Command(binary(t), "export", "--out", target)
		cmd.Env = childEnv(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Wait for the temporary export to appear, then kill.
		var temp string
		finished := false
	wait:
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
			select {
			case <-done:
				finished = true
				break wait
			default:
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				if info, err := entries[0].Info(); err == nil && info.Size() > 0 && strings.HasPrefix(entries[0].Name(), ".") {
					temp = entries[0].Name()
					break
				}
			}
			time.Sleep(time.Millisecond)
		}
		if finished {
			t.Logf("run %d: the export finished before the kill", i)
			continue
		}
		cmd.Process.Kill() // SIGKILL
		<-done
		if _, err := os.Stat(target); err == nil || temp == "" {
			t.Logf("run %d: the kill did not land mid-write", i)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, temp)); err != nil {
			t.Fatalf("run %d: the partial export %s vanished on its own", i, temp)
		}
		midWrite++
		if hits := testutil.ScanDir(t, out, needles); len(hits) == 0 {
			t.Fatalf("run %d: the partial export holds none of the person's data: the test proves nothing", i)
		}

		// The next run, of any command, removes it.
		run(t, childEnv(dir), "profile", "list").ok(t)
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("run %d: after the next run the export folder holds %s", i, entries[0].Name())
		}
		if hits := testutil.ScanDir(t, out, needles); len(hits) > 0 {
			t.Errorf("run %d: plaintext left: %v", i, hits[:min(3, len(hits))])
		}
		if hits := testutil.ScanDir(t, dir, needles); len(hits) > 0 {
			t.Errorf("run %d: plaintext in the vault folder: %v", i, hits[:min(3, len(hits))])
		}
	}
	if midWrite == 0 {
		t.Fatal("no kill landed mid-write")
	}
}
