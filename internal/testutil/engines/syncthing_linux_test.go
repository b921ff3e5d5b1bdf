package engines

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each Syncthing instance is one process (no monitor with a child), so that the kernel's
// kill of it when the test binary dies (Pdeathsig) leaves nothing running.
func TestSyncthingIsOneProcess(t *testing.T) {
	st := StartSyncthing(t, 2, SyncthingOptions{})
	for i, in := range st.insts {
		tasks, err := filepath.Glob(filepath.Join("/proc", itoa(in.p.cmd.Process.Pid), "task", "*", "children"))
		if err != nil || len(tasks) == 0 {
			t.Fatalf("instance %d: no /proc children files: %v", i, err)
		}
		for _, f := range tasks {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if c := strings.TrimSpace(string(b)); c != "" {
				t.Fatalf("instance %d (pid %d) has child processes %s", i, in.p.cmd.Process.Pid, c)
			}
		}
	}
}
