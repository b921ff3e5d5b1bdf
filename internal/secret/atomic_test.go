package secret

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestSyncDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no-op on Windows")
	}
	if err := syncDir(t.TempDir()); err != nil {
		t.Errorf("syncDir(existing) = %v", err)
	}
	if err := syncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("syncDir(missing) = nil")
	}
}
