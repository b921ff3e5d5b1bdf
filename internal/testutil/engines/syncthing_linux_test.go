package engines

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// A port taken between choosing and binding it (another test's server, an outgoing
// connection's local port) does not fail the start: the instances start again on new ports.
// Here the first choice gives instance 0 a listening port in use, the second gives instance
// 1 a GUI port in use (Syncthing then exits); the third is free.
func TestSyncthingStartsAgainOnTakenPorts(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	calls := 0
	pickPorts = func(tb testing.TB, n int) []int {
		ps := freePorts(tb, n)
		calls++
		switch calls {
		case 1:
			ps[0] = port // instance 0's listening port
		case 2:
			ps[n/2+1] = port // instance 1's GUI port
		}
		return ps
	}
	defer func() { pickPorts = freePorts }()
	st := StartSyncthing(t, 2, SyncthingOptions{})
	if calls != 3 {
		t.Fatalf("started after %d choices of ports, want 3", calls)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := os.WriteFile(filepath.Join(st.Folders[0], "f"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(st.Folders[1], "f")); err != nil || string(b) != "x" {
		t.Fatalf("instance 1 after a sync: %q %v", b, err)
	}
}

// The engines' ports are below the kernel's range for outgoing connections' local ports, so
// that no connection can be given one while its server starts or is down.
func TestFreePortsBelowLocalPorts(t *testing.T) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		t.Fatal(err)
	}
	var first, last int
	if _, err := fmt.Sscan(string(b), &first, &last); err != nil {
		t.Fatal(err)
	}
	ps := freePorts(t, 6)
	seen := map[int]bool{}
	for _, p := range ps {
		if seen[p] {
			t.Errorf("port %d chosen twice: %v", p, ps)
		}
		seen[p] = true
		if first > 11000 && (p < 10000 || p >= first) {
			t.Errorf("port %d is not below the local ports %d-%d: %v", p, first, last, ps)
		}
	}
}
