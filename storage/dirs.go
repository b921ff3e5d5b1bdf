package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDir is the OS per-user data directory for CareKeeper's vault.
func DefaultDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "CareKeeper"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support", "CareKeeper"), nil
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "carekeeper"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no data directory: use --data DIR or set CAREKEEPER_DATA")
	}
	return filepath.Join(home, ".local", "share", "carekeeper"), nil
}
