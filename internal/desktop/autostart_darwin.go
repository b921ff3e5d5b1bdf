package desktop

import (
	"fmt"
	"os"
	"path/filepath"
)

func launchAgentsDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("desktop: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents"), nil
}

func (a Autostart) enable() error {
	dir, err := launchAgentsDir()
	if err != nil {
		return err
	}
	return a.plistEnable(dir)
}

func (a Autostart) disable() error {
	dir, err := launchAgentsDir()
	if err != nil {
		return err
	}
	return a.plistDisable(dir)
}

func (a Autostart) enabled() (bool, error) {
	dir, err := launchAgentsDir()
	if err != nil {
		return false, err
	}
	return a.plistEnabled(dir)
}
