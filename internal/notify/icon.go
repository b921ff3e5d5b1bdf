package notify

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// IconFile puts png (the app icon) at <user cache dir>/carekeeper/icon.png, unless it is there
// already with the same bytes, and returns its path for New. Notification servers need a file
// (or an icon name), not image bytes.
func IconFile(png []byte) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("notify: %w", err)
	}
	return iconFileIn(filepath.Join(dir, "carekeeper"), png)
}

func iconFileIn(dir string, png []byte) (string, error) {
	path := filepath.Join(dir, "icon.png")
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, png) {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("notify: %w", err)
	}
	f, err := os.CreateTemp(dir, ".icon-*.png")
	if err != nil {
		return "", fmt.Errorf("notify: %w", err)
	}
	_, werr := f.Write(png)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("notify: writing the icon: %w", werr)
	}
	return path, nil
}
