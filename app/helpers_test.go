package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const testPass = "correct horse battery staple"

// newTestUI builds the UI on a test app (no display) for the vault in dir.
func newTestUI(t *testing.T, dir string) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, dir)
	u.runInTests()
	// The memory release after each unlock forces two full collections (issue 13); no test but
	// TestUnlock_HandsMemoryBack looks at it, and the suite's ~700 unlocks paid ~700 of them.
	u.release = memoryRelease{kdf: func() {}, settled: func() {}}
	clock := &testClock{}
	u.auto.clock = clock
	t.Cleanup(func() {
		if err := u.Close(); err != nil {
			t.Errorf("closing the vault: %v", err)
		}
		clock.stopAll()
		releaseRenderers()
	})
	return u
}

// testClock is the real clock of a test's UI (until the test sets a fake one) whose timers
// end with the test. Closing the UI stops neither the auto-lock's timer (10 minutes) nor
// Today's at the turn of the day (the next midnight), and each timer's function holds the UI:
// every test's window, pages, records and closed vault (with its Badger caches) stayed in
// memory, ~220 MB of live heap by the suite's end, which every collection marked (flake42:
// the suite's mean live heap after a collection 194 MB before, 99 MB after; its peak RSS 1.13
// GB before, 0.87 GB after).
// A timer stopped by the app is forgotten at once: its function holds what the app let go of
// (F570's test checks that nothing does after Lock).
type testClock struct {
	realClock
	mu    sync.Mutex
	next  int
	stops map[int]func() bool
}

func (c *testClock) AfterFunc(d time.Duration, f func()) func() bool {
	stop := c.realClock.AfterFunc(d, f)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stops == nil {
		c.stops = map[int]func() bool{}
	}
	id := c.next
	c.next++
	c.stops[id] = stop
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.stops, id)
		return stop()
	}
}

// stopAll stops every timer the clock started.
func (c *testClock) stopAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, stop := range c.stops {
		stop()
	}
	c.stops = nil
}

// releaseRenderers lets Fyne drop the renderers of widgets no test has used for a minute.
// Fyne keeps every widget's renderer in a cache of its own, which only a canvas's drawing
// cleans (cache.Clean: renderers unused for a minute, at most every 10 s); tests draw nothing,
// so every test's window stayed in memory to the end of the suite, and through it its closed
// vault's caches: the test process held ~730 MB after 25 minutes, and every collection (the
// forced ones after each unlock, and the constant ones under storage's bulk memory limit,
// at most 200 MiB, after each import) marked all of it. A capture of an empty canvas cleans
// the cache as the real driver's drawing does.
func releaseRenderers() { test.NewCanvas().Capture() }

// newVault creates a vault with testPass in a temporary directory and returns the directory
// and its recovery code. Every such vault gets a copy of one key file, made by storage.Init
// once per test process (as testvault does for other packages): Init derives a new salt's key
// with Argon2id's 64 MiB on purpose, which took a second or two of each of the hundreds of
// tests that start from a new vault, while the copies' one salt is derived once
// (RunWithMemoizedKDF). Its database is made when the vault is first opened, as Init makes it.
// A test of making a vault goes through the first-run screen (storage.Init), not here.
func newVault(t *testing.T) (dir, code string) {
	t.Helper()
	keyFile, code := vaultTemplate(t)
	dir = filepath.Join(t.TempDir(), "vault")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(storage.KeyFilePath(dir), keyFile, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, code
}

// vaultTmpl is newVault's key file and its recovery code, made once per test process.
var vaultTmpl struct {
	once    sync.Once
	keyFile []byte
	code    string
	err     error
}

func vaultTemplate(t *testing.T) (keyFile []byte, code string) {
	t.Helper()
	vaultTmpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-app-vault-")
		if err != nil {
			vaultTmpl.err = err
			return
		}
		defer os.RemoveAll(dir)
		vault := filepath.Join(dir, "vault")
		if vaultTmpl.code, vaultTmpl.err = storage.Init(vault, []byte(testPass), storage.Options{}); vaultTmpl.err != nil {
			return
		}
		vaultTmpl.keyFile, vaultTmpl.err = os.ReadFile(storage.KeyFilePath(vault))
	})
	if vaultTmpl.err != nil {
		t.Fatalf("making the tests' vault key: %v", vaultTmpl.err)
	}
	return vaultTmpl.keyFile, vaultTmpl.code
}

// unlocked returns a UI showing the records browser of a new, empty vault.
func unlocked(t *testing.T) *UI {
	t.Helper()
	dir, _ := newVault(t)
	u := newTestUI(t, dir)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.main == nil {
		t.Fatalf("not unlocked; message %q", u.unlock.message.Text)
	}
	return u
}

// submit presses Enter in an entry.
func submit(e fyne.Focusable) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// setText replaces an entry's text as typing would.
func setText(e *widget.Entry, s string) {
	e.SetText("")
	test.Type(e, s)
}

// onUTCClock puts the test on a computer whose clock is UTC's, for tests whose expected days
// and times are UTC's whatever zone the tests run in: $TZ (remind.SystemZone, each person's
// clock unless set) and time.Local, both set back after the test.
func onUTCClock(t *testing.T) {
	t.Setenv("TZ", "UTC")
	was := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = was })
}

// fixture is the one shared fixture file matching glob (testutil.Fixture).
func fixture(tb testing.TB, glob string) string { return testutil.Fixture(tb, glob) }

// typeCount is the count shown for a resource type, -1 if it is not listed.
func typeCount(m *mainScreen, typ string) int {
	for _, r := range m.typeRows {
		if r.Type == typ {
			return r.Count
		}
	}
	return -1
}

func typeIndex(m *mainScreen, typ string) int {
	for i, r := range m.typeRows {
		if r.Type == typ {
			return i
		}
	}
	return -1
}

// copyDir copies the regular files under src to dst (created), keeping their modes.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(to, info.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}
