package desktop

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// Windows: a value named Name under HKCU\Software\Microsoft\Windows\CurrentVersion\Run holding
// the command line.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

func (a Autostart) commandLine() string {
	args := append([]string{a.Exec}, a.Args...)
	for i, s := range args {
		args[i] = windows.EscapeArg(s)
	}
	return strings.Join(args, " ")
}

func (a Autostart) enable() error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("desktop: opening the Run key: %w", err)
	}
	defer k.Close()
	if err := k.SetStringValue(a.Name, a.commandLine()); err != nil {
		return fmt.Errorf("desktop: writing the Run value: %w", err)
	}
	return nil
}

func (a Autostart) disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("desktop: opening the Run key: %w", err)
	}
	defer k.Close()
	if err := k.DeleteValue(a.Name); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("desktop: removing the Run value: %w", err)
	}
	return nil
}

func (a Autostart) enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("desktop: opening the Run key: %w", err)
	}
	defer k.Close()
	_, _, err = k.GetStringValue(a.Name)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("desktop: reading the Run value: %w", err)
	}
	return true, nil
}
