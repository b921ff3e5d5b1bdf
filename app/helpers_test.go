package app

import (
	"path/filepath"
	"testing"

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
	t.Cleanup(func() {
		if err := u.Close(); err != nil {
			t.Errorf("closing the vault: %v", err)
		}
	})
	return u
}

// newVault creates a vault with testPass in a temporary directory and returns the directory
// and its recovery code.
func newVault(t *testing.T) (dir, code string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "vault")
	code, err := storage.Init(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, code
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
