//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// freeDisplay is the name of a display no X server listens on.
func freeDisplay(t *testing.T) string {
	for n := 4711; n < 4800; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); errors.Is(err, os.ErrNotExist) {
			return fmt.Sprintf(":%d", n)
		}
	}
	t.Fatal("no free display number")
	return ""
}
