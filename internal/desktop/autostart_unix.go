//go:build !windows && !darwin

package desktop

func (a Autostart) enable() error {
	dir, err := xdgAutostartDir()
	if err != nil {
		return err
	}
	return a.xdgEnable(dir)
}

func (a Autostart) disable() error {
	dir, err := xdgAutostartDir()
	if err != nil {
		return err
	}
	return a.xdgDisable(dir)
}

func (a Autostart) enabled() (bool, error) {
	dir, err := xdgAutostartDir()
	if err != nil {
		return false, err
	}
	return a.xdgEnabled(dir)
}
