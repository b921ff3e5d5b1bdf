// Package engines starts real sync engines for tests, on loopback, each in its own
// temporary directory, and stops and removes them when the test ends (tb.Cleanup):
//
//   - StartRclone: `rclone serve webdav` (Debian package rclone) over a fresh directory.
//   - StartApache: Apache httpd with mod_dav and mod_dav_fs (Debian apache2, apache2-utils
//     for htpasswd), from a generated configuration on a free 127.0.0.1 port, running as the
//     current user (as www-data when the tests run as root: Apache refuses to serve as root).
//   - StartSyncthing: n Syncthing instances (Debian syncthing) sharing one folder, configured
//     by writing their config.xml (loopback only, no discovery, relays, NAT, upgrades or
//     usage reports; watcher delay 1 s) and driven through the REST API.
//
// Both WebDAV servers use Basic auth with a generated user and password:
//
//	srv := engines.StartApache(t)            // or StartRclone(t)
//	c, err := webdav.New(webdav.Config{URL: srv.URL, User: srv.User, Password: srv.Password})
//	// or a CareKeeper process: --webdav srv.URL --webdav-user srv.User, with
//	// CAREKEEPER_WEBDAV_PASSWORD=srv.Password in its environment.
//	// srv.Dir is the directory the server stores its files in (scan it for plaintext).
//	srv.SetUp(t, false) // the server goes away (connections refused) ...
//	srv.SetUp(t, true)  // ... and comes back on the same URL with the same files
//
// A Syncthing pair:
//
//	st := engines.StartSyncthing(t, 2, engines.SyncthingOptions{})
//	// st.Folders[0] and st.Folders[1] are the synced folders (each already connected;
//	// each holds Syncthing's .stfolder marker); hand them to folder.New or to two
//	// CareKeeper processes (--folder). st.Log(i) is instance i's output.
//	err := st.Sync(ctx)             // scan every instance now, wait until all are in step
//	err = st.Scan(ctx, 0)           // only trigger a scan of instance 0
//	err = st.WaitInSync(ctx)        // no scan: wait for what is already scanned (a change
//	                                // the watcher has not picked up yet is not waited for)
//	err = st.SetConnected(ctx, 1, false) // take instance 1's links down (pause) ...
//	err = st.SetConnected(ctx, 1, true)  // ... and up again (returns once reconnected)
//
// Sync and WaitInSync wait for every instance: call them with all links up (or they wait
// until ctx ends). Three CareKeeper processes on two instances can share a folder (each
// device writes only its own files).
//
// Without a tool the test is skipped, or fails when $CI is set (testutil.NeedTool). Every
// wait is bounded (StartTimeout, or the caller's context) and a failure shows the tail of the
// engine's log. The engines end with the test binary however it ends, even killed (Linux:
// the kernel's parent-death signal; Apache, which changes its user when started as root,
// through a shell watching a pipe from the test binary).
package engines

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartTimeout bounds starting an engine and waiting for it to be ready.
const StartTimeout = 60 * time.Second

// process is a started engine process with its log.
type process struct {
	name  string
	cmd   *exec.Cmd
	log   *logBuffer
	done  chan struct{}
	stdin io.WriteCloser // startWatched: closing it (or the test binary's end) stops the program
}

// logBuffer keeps an engine's output (bounded) for failure messages.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() > 1<<20 {
		l.buf.Reset()
		l.buf.WriteString("[earlier output dropped]\n")
	}
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// tail is the last lines of the log, for failure messages.
func (p *process) tail() string {
	s := p.log.String()
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}

// start runs name with args (env added), registering a cleanup that stops it.
func start(tb testing.TB, name string, env []string, args ...string) *process {
	tb.Helper()
	return launch(tb, false, name, env, args...)
}

// watchScript runs "$0" "$@" and kills it when its standard input (the test binary's end of
// a pipe) closes; it exits with the program, and on SIGTERM ends the program and waits for it
// (so it leaves no zombie). The watcher's output goes nowhere: holding the test's output
// pipes open would keep exec.Cmd.Wait waiting.
const watchScript = `exec 3<&0
"$0" "$@" </dev/null &
child=$!
trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT
(read line <&3; kill -TERM $child 2>/dev/null; n=0
while kill -0 $child 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done
kill -KILL $child 2>/dev/null) >/dev/null 2>&1 &
wait $child`

// startWatched is start for a program that changes its user (Apache started as root serves
// as www-data), which clears the kernel's parent-death signal: a shell runs it and kills it
// when the test binary ends, however it ends.
func startWatched(tb testing.TB, name string, env []string, args ...string) *process {
	tb.Helper()
	return launch(tb, true, name, env, args...)
}

func launch(tb testing.TB, watched bool, name string, env []string, args ...string) *process {
	tb.Helper()
	p := &process{name: filepath.Base(name), log: &logBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(name, args...)
	p.cmd.SysProcAttr = sysProcAttr(!watched)
	if watched {
		p.cmd = exec.Command("sh", append([]string{"-c", watchScript, name}, args...)...)
		p.cmd.SysProcAttr = sysProcAttr(false)
		w, err := p.cmd.StdinPipe()
		if err != nil {
			tb.Fatal(err)
		}
		p.stdin = w
	}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		tb.Fatalf("starting %s: %v", p.name, err)
	}
	go func() { p.cmd.Wait(); close(p.done) }() //nolint:errcheck // exit status shows in exited()
	tb.Cleanup(func() { p.stop() })
	return p
}

// exited reports whether the process has ended.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process group: SIGTERM, then SIGKILL after 10 s.
func (p *process) stop() {
	if p.stdin != nil {
		defer p.stdin.Close()
	}
	if p.exited() {
		return
	}
	signalGroup(p.cmd, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		signalGroup(p.cmd, syscall.SIGKILL)
		<-p.done
	}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(tb testing.TB) int {
	tb.Helper()
	return freePorts(tb, 1)[0]
}

// freePorts returns n distinct TCP ports on 127.0.0.1 that were free a moment ago: all are
// held until all are chosen (ports taken one at a time may repeat: two Syncthing instances
// were once given one port, and neither could reach the other). They are chosen below the
// kernel's range for the local ports of outgoing connections (ip_local_port_range, where a
// port from 127.0.0.1:0 comes from): there no connection the machine makes can be given one
// while its server is starting, or down between WebDAV.SetUp(false) and SetUp(true), which
// starts it again on the same port and cannot choose another.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	ports := make([]int, 0, n)
	lo, hi := belowLocalPorts()
	for try := 0; len(ports) < n && hi > lo && try < 1000; try++ {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", itoa(lo+rand.IntN(hi-lo))))
		if err != nil {
			continue // in use
		}
		defer l.Close()
		p := l.Addr().(*net.TCPAddr).Port
		if !slices.Contains(ports, p) {
			ports = append(ports, p)
		}
	}
	for len(ports) < n { // no room below the range: any free port
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// belowLocalPorts is the range [lo, hi) of ports freePorts chooses from: the 12,000 ports
// below the first port the kernel gives outgoing connections (32768 by default), not below
// 10000.
func belowLocalPorts() (lo, hi int) {
	hi = 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if v, err := strconv.Atoi(f[0]); err == nil {
				hi = v
			}
		}
	}
	return max(10000, hi-12000), hi
}

// waitFor polls ok (every 20 ms) until it returns true or the deadline passes.
func waitFor(ctx context.Context, ok func() (bool, error)) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		done, err := ok()
		if done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// lookPath finds an engine's program: on PATH, else in dirs (Debian puts apache2 in
// /usr/sbin, which a normal user's PATH lacks).
func lookPath(tool string, dirs ...string) (string, bool) {
	if p, err := exec.LookPath(tool); err == nil {
		return p, true
	}
	for _, d := range dirs {
		p := filepath.Join(d, tool)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

func itoa(i int) string { return strconv.Itoa(i) }

func errorf(p *process, format string, args ...any) error {
	return fmt.Errorf("%s: %s\n--- %s log ---\n%s", p.name, fmt.Sprintf(format, args...), p.name, strings.TrimSpace(p.tail()))
}
