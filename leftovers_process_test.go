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

// killMidWrite starts the binary with args and env, waits until a hidden temporary entry of
// ours appears in watch, and kills it (SIGKILL). It reports the entry's name, or "" when the
// command finished first or the kill came after the rename.
func killMidWrite(t *testing.T, env []string, watch, target string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	temp := ""
	for deadline := time.Now().Add(time.Minute); temp == "" && time.Now().Before(deadline); {
		select {
		case <-done:
			return ""
		default:
		}
		entries, _ := os.ReadDir(watch)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".carekeeper-tmp-") {
				if info, err := e.Info(); err == nil && (info.IsDir() || info.Size() > 0) {
					temp = e.Name()
				}
			}
		}
		if temp == "" {
			time.Sleep(time.Millisecond)
		}
	}
	cmd.Process.Kill() // SIGKILL
	<-done
	if _, err := os.Stat(target); err == nil {
		return "" // renamed into place before the kill
	}
	if _, err := os.Stat(filepath.Join(watch, temp)); err != nil {
		return ""
	}
	return temp
}

// kill -9 during `export` left a hidden plaintext partial export that nothing ever removed;
// `backup` left `.backup-*`, `restore` a `.restore-*` folder holding a copy of the key file.
// Now each is a locked temporary entry of ours, and the next run removes it: nothing plaintext
// (and nothing else) remains. A run counts only when its kill landed mid-write (the temporary
// entry exists and the target does not), and every case needs at least one.
func TestProcessKillLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	fix := testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")
	needles := append(testutil.Needles(t, testutil.ReadFile(t, fix)), "Fletcher")
	dir, _ := newVault(t)
	run(t, childEnv(dir), "import", fix).ok(t)
	backup := filepath.Join(t.TempDir(), "good.ckb")
	run(t, childEnv(dir), "backup", "--out", backup).ok(t)

	cases := []struct {
		name string
		// start returns the command's environment, the folder to watch, the target and the
		// arguments; next runs the next command and checks it.
		start func(out string) (env []string, watch, target string, args []string)
		next  func(t *testing.T, out string)
	}{
		{"export",
			func(out string) ([]string, string, string, []string) {
				target := filepath.Join(out, "export.json")
				return childEnv(dir), out, target, []string{"export", "--out", target}
			},
			func(t *testing.T, out string) { run(t, childEnv(dir), "profile", "list").ok(t) }},
		{"backup",
			func(out string) ([]string, string, string, []string) {
				target := filepath.Join(out, "b.ckb")
				return childEnv(dir), out, target, []string{"backup", "--out", target}
			},
			func(t *testing.T, out string) { run(t, childEnv(dir), "records", "--type", "Patient").ok(t) }},
		{"restore",
			func(out string) ([]string, string, string, []string) {
				target := filepath.Join(out, "restored")
				return childEnv(target), out, target, []string{"restore", backup}
			},
			func(t *testing.T, out string) {
				// The next run is the restore again: it succeeds, and only the vault is there.
				run(t, childEnv(filepath.Join(out, "restored")), "restore", backup).ok(t)
				if entries, _ := os.ReadDir(out); len(entries) != 1 || entries[0].Name() != "restored" {
					t.Errorf("after the restore: %v", entries)
				}
				os.RemoveAll(filepath.Join(out, "restored"))
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			landed := 0
			for i := 0; i < 6 && landed < 2; i++ {
				out := t.TempDir()
				env, watch, target, args := c.start(out)
				temp := killMidWrite(t, env, watch, target, args...)
				if temp == "" {
					t.Logf("run %d: the kill did not land mid-write", i)
					continue
				}
				landed++
				if c.name == "export" {
					if hits := testutil.ScanDir(t, out, needles); len(hits) == 0 {
						t.Fatalf("run %d: the partial export holds none of the person's data: the test proves nothing", i)
					}
				}
				c.next(t, out)
				if entries, _ := os.ReadDir(out); len(entries) != 0 {
					t.Errorf("run %d: after the next run %s is left", i, entries[0].Name())
				}
				if hits := testutil.ScanDir(t, out, needles); len(hits) > 0 {
					t.Errorf("run %d: plaintext left: %v", i, hits[:min(3, len(hits))])
				}
				if hits := testutil.ScanDir(t, dir, needles); len(hits) > 0 {
					t.Errorf("run %d: plaintext in the vault folder: %v", i, hits[:min(3, len(hits))])
				}
			}
			if landed == 0 {
				t.Fatal("no kill landed mid-write")
			}
		})
	}
}
