//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// CareKeeper patch test (see README.carekeeper.md at the root of this copy): the main loop
// stops ticking and waits for events while no window is shown, and wakes for a queued
// function, a window shown again and Quit. It runs the real driver on its own Xvfb:
//
//	go test fyne.io/fyne/v2/internal/driver/glfw   (from CareKeeper's module; make test runs it)

package glfw

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/internal/app"
	"fyne.io/fyne/v2/test"

	"github.com/go-gl/glfw/v3.3/glfw"
)

var d = NewGLDriver()

// waitEntered receives once each time the loop goes into waitEvents.
var waitEntered = make(chan struct{}, 64)

// runReturned is closed when the driver's Run has returned (after Quit, in TestMain).
var runReturned = make(chan struct{})

func init() {
	runtime.LockOSThread()
}

func TestMain(m *testing.M) {
	display, stop, err := startXvfb()
	if err != nil {
		fmt.Fprintln(os.Stderr, "glfw loop test:", err)
		if os.Getenv("CI") != "" {
			os.Exit(1) // never skip in CI
		}
		fmt.Println("glfw loop test skipped: no Xvfb")
		os.Exit(0)
	}
	os.Setenv("DISPLAY", display)
	os.Setenv("LIBGL_ALWAYS_SOFTWARE", "1")

	a := test.NewApp() // runGL reads the current app's settings and lifecycle
	started := make(chan struct{})
	l := a.Lifecycle().(*app.Lifecycle)
	l.SetOnStarted(func() { close(started) })
	l.InitEventQueue() // as the real app does; Run waits for it after the loop
	go l.RunEventQueue(func(f func(), _ bool) { f() })
	waitEvents = func() {
		select {
		case waitEntered <- struct{}{}:
		default:
		}
		glfw.WaitEvents()
	}

	code := make(chan int, 1)
	go func() {
		<-started
		c := m.Run()
		// The tests leave only hidden windows: Quit must end the waiting loop.
		for deadline := time.Now().Add(20 * time.Second); !loopWaiting(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				fmt.Fprintln(os.Stderr, "FAIL: the main loop was not waiting for events before Quit")
				c = 1
				break
			}
		}
		d.Quit()
		select {
		case <-runReturned:
		case <-time.After(20 * time.Second):
			fmt.Fprintln(os.Stderr, "FAIL: Quit did not end the waiting loop")
			stop()
			os.Exit(1)
		}
		code <- c
	}()
	d.Run()
	close(runReturned)
	c := <-code
	stop()
	os.Exit(c)
}

// startXvfb starts a virtual X server on a free display ("-displayfd") and returns its name.
func startXvfb() (string, func(), error) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		return "", nil, fmt.Errorf("Xvfb is missing (Debian: xvfb): %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		w.Close()
		return "", nil, fmt.Errorf("starting Xvfb: %w", err)
	}
	w.Close()
	stop := func() { x.Process.Kill(); x.Wait() }
	line, err := bufio.NewReader(r).ReadString('\n')
	if strings.TrimSpace(line) == "" {
		stop()
		return "", nil, fmt.Errorf("Xvfb reported no display: %v", err)
	}
	return ":" + strings.TrimSpace(line), stop, nil
}

// awaitWait fails unless the loop goes to wait for events within a generous deadline (a
// deadline for failing, not a timing assertion).
func awaitWait(t *testing.T, why string) {
	t.Helper()
	select {
	case <-waitEntered:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: the main loop kept ticking (%d ticks) instead of waiting for events", why, ticks.Load())
	}
}

func TestLoopWaitsWhileNoWindowIsShown(t *testing.T) {
	// Only a hidden window (as CareKeeper in the tray): the loop waits.
	var w *window
	runOnMain(func() {
		w = d.CreateWindow("Hidden").(*window)
		w.create()
	})
	awaitWait(t, "a hidden window")

	// A function queued from another goroutine wakes it and runs; then it waits again.
	ran := false
	runOnMain(func() { ran = true })
	if !ran {
		t.Fatal("the queued function did not run")
	}
	awaitWait(t, "after running a queued function")

	// A shown window: the loop ticks and draws, never waiting.
	runOnMain(w.Show)
	waits := idleWaits.Load()
	for from := ticks.Load(); ticks.Load() < from+10; {
		runOnMain(func() {}) // returns once the loop has run it: no busy spin
	}
	if n := idleWaits.Load() - waits; n != 0 {
		t.Fatalf("the loop waited %d times while a window was shown", n)
	}
	drainWaits() // what it signalled before Show ran

	// Minimised counts as not shown.
	runOnMain(func() { w.iconified = true })
	awaitWait(t, "a minimised window")
	runOnMain(func() { w.iconified = false })

	// Hidden again: it waits (TestMain then checks that Quit ends the waiting loop).
	runOnMain(w.Hide)
	awaitWait(t, "the window hidden again")
}

// loopWaiting reports whether the main loop waits for events now.
func loopWaiting() bool {
	waitMu.Lock()
	defer waitMu.Unlock()
	return waiting
}

// drainWaits forgets the waits signalled so far.
func drainWaits() {
	for len(waitEntered) > 0 {
		<-waitEntered
	}
}
