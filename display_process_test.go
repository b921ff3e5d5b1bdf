//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// Started without arguments where no window can be opened, the app says so in one line and
// exits 1 before Fyne's driver starts: with no display named, with a display no X server
// answers (GLFW panicked), and with an X server that has no OpenGL (GLX: Fyne logged an error
// and the app ran on with no window).
func TestProcessNoUsableDisplay(t *testing.T) {
	testutil.NeedTool(t, "Xvfb", "xvfb")
	noGLX := startXvfbWith(t, "-extension", "GLX")
	free := freeDisplay(t)
	for _, tt := range []struct {
		name, display, want string
	}{
		{"no display named", "", "carekeeper: no display found; use `carekeeper help` for the command line"},
		{"no X server on the display", free, "carekeeper: cannot open the display " + free + " (is a desktop session running?)"},
		{"an X server without GLX", noGLX, "carekeeper: the display " + noGLX + " has no OpenGL (GLX), which the window needs"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "vault")
			env := childEnv(dir, "DISPLAY="+tt.display, "DBUS_SESSION_BUS_ADDRESS=disabled:", "XDG_CONFIG_HOME="+t.TempDir())
			bin := binary(t) // built before the 60 s start: the first test to need it builds it
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin)
			cmd.Env = env
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("still running after 60 s; stderr %q", errb.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Errorf("exit %v, want 1", err)
			}
			if got := errb.String(); got != tt.want+"\n" {
				t.Errorf("stderr %q, want the one line %q", got, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q", out.String())
			}
		})
	}
}

// F16: the pre-check opens the display, then GLFW's own XOpenDisplay fails (an X server slow
// under load). The app tried GLFW's init once and panicked "NotInitialized" at the first
// cursor; now it tries a few times and then says the one line, exit 1. The display here is a
// socket that passes its first connection (the pre-check) to a real Xvfb and closes every
// later one.
func TestProcessDisplayRefusesGLFW(t *testing.T) {
	testutil.NeedTool(t, "Xvfb", "xvfb")
	real := startXvfb(t)
	display := freeDisplay(t)
	sock := "/tmp/.X11-unix/X" + strings.TrimPrefix(display, ":")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close(); os.Remove(sock) })
	var conns atomic.Int32
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			if conns.Add(1) > 1 {
				c.Close()
				continue
			}
			x, err := net.Dial("unix", "/tmp/.X11-unix/X"+strings.TrimPrefix(real, ":"))
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(x, c); x.Close() }()
			go func() { io.Copy(c, x); c.Close() }()
		}
	}()

	dir := filepath.Join(t.TempDir(), "vault")
	env := childEnv(dir, "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS=disabled:", "XDG_CONFIG_HOME="+t.TempDir(),
		"LIBGL_ALWAYS_SOFTWARE=1")
	bin := binary(t) // built before the 60 s start
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = env
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("still running after 60 s; stderr %q", errb.String())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("exit %v, want 1", err)
	}
	want := "carekeeper: cannot open the display " + display + " (is a desktop session running?)\n"
	if got := errb.String(); got != want {
		t.Errorf("stderr %q, want the one line %q", got, want)
	}
	if n := conns.Load(); n < 3 {
		t.Errorf("%d connections to the display; want the pre-check's and more than one of GLFW's", n)
	}
}

// freeDisplay is the name of a display no X server listens on, kept free until the test
// ends: its lock file /tmp/.X<n>-lock, made here with this process's id as an X server makes
// it, keeps any X server from starting on it (Xvfb -displayfd and xvfb-run -a choose by the
// lock files) and keeps another run of these tests from choosing it. (A fixed first number
// and a look at the socket alone let two runs at once, or an X server started meanwhile,
// share a display: the child then reached another server, or the proxy could not listen.)
func freeDisplay(t *testing.T) string {
	t.Helper()
	start := 1000 + rand.IntN(30000)
	for i := range 500 {
		n := start + i
		lock := fmt.Sprintf("/tmp/.X%d-lock", n)
		f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
		if err != nil {
			continue // an X server's, or another test's
		}
		_, err = fmt.Fprintf(f, "%10d\n", os.Getpid())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(lock)
			t.Fatal(err)
		}
		// A server may listen without a lock file (one whose /tmp was cleaned): on the
		// socket's path or on its abstract name, which X clients try first.
		sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		_, statErr := os.Lstat(sock)
		if c, err := net.Dial("unix", "@"+sock); err == nil || !errors.Is(statErr, os.ErrNotExist) {
			if err == nil {
				c.Close()
			}
			os.Remove(lock)
			continue
		}
		t.Cleanup(func() { os.Remove(lock) })
		return fmt.Sprintf(":%d", n)
	}
	t.Fatal("no free display number")
	return ""
}
