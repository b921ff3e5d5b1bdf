package hhvault

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
)

// copyDir copies a closed vault's directory, as a person copying the folder would.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func reopen(t *testing.T, dir string) *storage.Vault {
	t.Helper()
	_, key := testvault.Key(t)
	v, err := storage.OpenWithKey(dir, key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// A copy of a household device's vault directory is refused by Open with the way forward in
// plain words (join as a new device), on this computer and on another; the original goes on;
// a vault moved on this computer goes on silently; on another computer once the person says
// it moved.
func TestCopiedVaultRefused(t *testing.T) {
	ctx := context.Background()
	va := openVault(t)
	if err := CheckCopied(ctx, va); err != nil {
		t.Fatalf("outside a household: %v", err)
	}
	if _, err := Create(ctx, va, Config{Folder: t.TempDir()}, nil, "Home", "Desk", time.Now()); err != nil {
		t.Fatal(err)
	}
	orig, _ := filepath.Abs(va.Dir())
	if _, _, err := Open(ctx, va, nil); err != nil {
		t.Fatalf("the original: %v", err)
	}
	va.Close()

	copied := filepath.Join(t.TempDir(), "vault-copy")
	copyDir(t, orig, copied)
	vc := reopen(t, copied)
	_, _, err := Open(ctx, vc, nil)
	var ce *CopiedError
	if !errors.Is(err, ErrCopied) || !errors.As(err, &ce) || ce.From != orig {
		t.Fatalf("the copy opened: %v", err)
	}
	for _, w := range []string{"copy", orig, "new device", "carekeeper household invite"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the message does not say %q: %s", w, err)
		}
	}
	if err := CheckCopied(ctx, vc); !errors.Is(err, ErrCopied) {
		t.Errorf("CheckCopied on the copy: %v", err)
	}
	vc.Close()
	vo := reopen(t, orig)
	if _, _, err := Open(ctx, vo, nil); err != nil {
		t.Errorf("the original after the copy: %v", err)
	}
	vo.Close()

	// Moved on this computer (nothing left at the old path): it goes on.
	moved := filepath.Join(t.TempDir(), "vault-moved")
	if err := os.Rename(orig, moved); err != nil {
		t.Fatal(err)
	}
	vm := reopen(t, moved)
	if _, _, err := Open(ctx, vm, nil); err != nil {
		t.Fatalf("moved on this computer: %v", err)
	}

	// On another computer: refused until the person says it moved.
	was := machineID
	machineID = func() string { return "id:another computer" }
	t.Cleanup(func() { machineID = was })
	_, _, err = Open(ctx, vm, nil)
	if !errors.As(err, &ce) || ce.From != "" || !strings.Contains(err.Error(), "another computer") {
		t.Fatalf("on another computer: %v", err)
	}
	if err := ConfirmMoved(ctx, vm); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(ctx, vm, nil); err != nil {
		t.Errorf("after ConfirmMoved: %v", err)
	}
}
