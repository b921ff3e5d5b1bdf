package main

import (
	"bufio"
	"bytes"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
)

// TestSmoke starts the real binary (GLFW driver) under Xvfb and checks that it opens a window
// that draws something and does not complain about threading or panic. It needs Xvfb and
// ImageMagick's import; it is skipped without them and under -short.
//
// Set CAREKEEPER_SMOKE_SHOTS=DIR to keep the screenshots.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("smoke test skipped under -short (it builds the binary and starts Xvfb)")
	}
	testutil.NeedTool(t, "Xvfb", "xvfb")
	testutil.NeedTool(t, "import", "imagemagick")
	bin := binary(t) // the process tests' binary: built once per run (it was built again here)
	display := startXvfb(t)

	t.Run("create", func(t *testing.T) {
		runSmoke(t, bin, display, filepath.Join(t.TempDir(), "vault"))
	})
	t.Run("unlock", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "vault")
		if _, err := storage.Init(dir, []byte("smoke test passphrase"), storage.Options{}); err != nil {
			t.Fatal(err)
		}
		runSmoke(t, bin, display, dir)
	})
}

// startXvfb starts a virtual X server on a free display and returns its name (":N").
func startXvfb(t *testing.T) string {
	t.Helper()
	return startXvfbWith(t)
}

// startXvfbWith is startXvfb with more of Xvfb's arguments ("-extension", "GLX").
func startXvfbWith(t *testing.T, args ...string) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -displayfd makes Xvfb choose a free display and write its number to fd 3.
	x := exec.Command("Xvfb", append([]string{"-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"}, args...)...)
	x.ExtraFiles = []*os.File{w}
	var xerr bytes.Buffer
	x.Stderr = &xerr
	if err := x.Start(); err != nil {
		t.Fatalf("starting Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		x.Process.Kill()
		x.Wait()
	})
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	select {
	case n := <-num:
		if n == "" {
			t.Fatalf("Xvfb did not report a display\n%s", xerr.String())
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatalf("Xvfb did not start within 20 s\n%s", xerr.String())
	}
	return ""
}

// runSmoke runs the app on display with the vault directory dir, waits for its window,
// screenshots it, and stops it.
func runSmoke(t *testing.T, bin, display, dir string) {
	home := t.TempDir()
	var stderr bytes.Buffer
	app := exec.Command(bin)
	app.Env = append(os.Environ(),
		"DISPLAY="+display,
		"CAREKEEPER_DATA="+dir,
		"LANG=en_US.UTF-8",
		"LC_ALL=en_US.UTF-8",
		"HOME="+home, // Fyne's preferences and caches go here, not into the real home
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"DBUS_SESSION_BUS_ADDRESS=disabled:", // no session bus: don't autolaunch one
	)
	app.Stdout = &stderr
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	stopped := false
	// stop asks the app to quit (SIGTERM) and returns how it exited.
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		app.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(10 * time.Second):
			app.Process.Kill()
			<-exited
			return fmt.Errorf("did not quit within 10 s of SIGTERM")
		}
	}
	defer stop()

	// Wait for the window (polling with a deadline; nothing here asserts on timing).
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-exited:
			stopped = true
			t.Fatalf("the app exited before showing a window: %v\n%s", err, stderr.String())
		default:
		}
		if hasWindow(display, "CareKeeper") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no CareKeeper window after 20 s\n%s", stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}

	// The window is mapped; screenshot until it has drawn more than a flat background.
	shot := filepath.Join(t.TempDir(), "shot.png")
	var colours int
	for {
		cmd := exec.Command("import", "-display", display, "-window", "root", shot)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("import: %v\n%s", err, out)
		}
		colours = countColours(t, shot)
		if colours > 16 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if keep := os.Getenv("CAREKEEPER_SMOKE_SHOTS"); keep != "" {
		if b, err := os.ReadFile(shot); err == nil {
			os.MkdirAll(keep, 0o755)
			os.WriteFile(filepath.Join(keep, "smoke-"+filepath.Base(t.Name())+".png"), b, 0o644)
		}
	}
	if colours <= 16 {
		t.Errorf("the screenshot has only %d colours: the window drew nothing", colours)
	}

	select {
	case err := <-exited:
		stopped = true
		t.Fatalf("the app exited on its own: %v\n%s", err, stderr.String())
	default:
	}
	if err := stop(); err != nil {
		t.Errorf("after SIGTERM: %v (want a clean exit)", err)
	}

	log := stderr.String()
	for _, bad := range []string{"Error in Fyne call thread", "panic:", "fatal error:", "DATA RACE", "failed to parse FyneApp.toml"} {
		if strings.Contains(log, bad) {
			t.Errorf("the app's output contains %q:\n%s", bad, log)
		}
	}
	if strings.Contains(log, "Error parsing user locale") {
		t.Errorf("locale warning despite LANG=en_US.UTF-8:\n%s", log)
	}
	if testing.Verbose() && log != "" {
		t.Logf("app output:\n%s", log)
	}
}

// hasWindow reports whether the X display has a window with this exact title. Without
// xwininfo (Debian: x11-utils) it reports true, and the screenshot loop does the waiting.
// (ImageMagick's "import -window NAME" is no substitute: it waits for a click when NAME
// does not exist yet.)
func hasWindow(display, title string) bool {
	if _, err := exec.LookPath("xwininfo"); err != nil {
		return true
	}
	out, err := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
	return err == nil && bytes.Contains(out, []byte(fmt.Sprintf("%q", title)))
}

// countColours returns the number of distinct colours in a PNG (up to 1000).
func countColours(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
