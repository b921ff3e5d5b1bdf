package desktop

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
