package desktop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Autostart starts the app when the person logs in.
//
// The app is started as Exec followed by Args. CareKeeper passes Args {"--background"}: the
// binary's main must then start the reminder engine with the window hidden in the tray (or, where
// TrayAvailable is false, show the window minimised), never the command line.
type Autostart struct {
	// AppID names the entry: the .desktop file on Linux, the LaunchAgent label and plist file on
	// macOS ("org.carekeeper.app"). Letters, digits, '.', '-' and '_' only.
	AppID string
	// Name is shown in the session's list of startup programs; on Windows it is the name of the
	// Run value ("CareKeeper").
	Name string
	// Exec is the absolute path of the executable (os.Executable()).
	Exec string
	// Args are passed to it.
	Args []string
}

// Enable creates or updates the login entry (atomically, so an entry is never half-written).
func (a Autostart) Enable() error {
	if err := a.check(); err != nil {
		return err
	}
	return a.enable()
}

// Disable removes the login entry; one that does not exist is no error.
func (a Autostart) Disable() error {
	if err := a.checkID(); err != nil {
		return err
	}
	return a.disable()
}

// Enabled reports whether the login entry exists and is not switched off. It does not check
// that the entry starts the current Exec; call Enable again after the app moved.
func (a Autostart) Enabled() (bool, error) {
	if err := a.checkID(); err != nil {
		return false, err
	}
	return a.enabled()
}

func (a Autostart) checkID() error {
	if a.AppID == "" || strings.Trim(a.AppID, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") != "" ||
		strings.HasPrefix(a.AppID, ".") {
		return fmt.Errorf("desktop: invalid autostart app id %q", a.AppID)
	}
	if a.Name == "" || strings.ContainsAny(a.Name, "\r\n\x00") {
		return errors.New("desktop: invalid autostart name")
	}
	return nil
}

func (a Autostart) check() error {
	if err := a.checkID(); err != nil {
		return err
	}
	if !filepath.IsAbs(a.Exec) {
		return errors.New("desktop: the autostart executable must be an absolute path")
	}
	for _, s := range append([]string{a.Exec}, a.Args...) {
		if strings.ContainsAny(s, "\r\n\x00") {
			return errors.New("desktop: autostart arguments must not contain line breaks")
		}
	}
	return nil
}

// writeAtomic writes data to path through a temporary file in the same directory and a rename,
// creating the directory if needed.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("desktop: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil { // the rename itself durable, where directories sync
		d.Sync()
		d.Close()
	}
	return nil
}

// removeFile removes path; a missing file is no error.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("desktop: %w", err)
	}
	return nil
}
