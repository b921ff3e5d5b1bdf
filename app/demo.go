package app

import (
	"context"
	"path/filepath"

	"carekeeper/assets"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2/lang"
)

// The demo vault lives apart from the person's own, in the "demo" folder of the data
// directory. It holds only the synthetic patient embedded in assets, so its passphrase is
// fixed and public: it protects nothing.
const (
	demoFolder     = "demo"
	demoPassphrase = "carekeeper demo vault - synthetic data only"
	demoFileName   = "demo-patient.json.gz"
)

// demoDir is the demo vault's directory.
func (u *UI) demoDir() string { return filepath.Join(u.dir, demoFolder) }

// openDemo creates (the first time) and opens the demo vault, filled from the embedded
// Synthea patient. It runs on a background goroutine.
func openDemo(dir string, opts storage.Options) (*storage.Vault, error) {
	if !storage.Exists(dir) {
		if _, err := storage.Init(dir, []byte(demoPassphrase), opts); err != nil {
			return nil, err
		}
	}
	v, err := storage.Open(dir, []byte(demoPassphrase), opts)
	if err != nil {
		return nil, err
	}
	ps, err := v.Profiles()
	if err == nil && len(ps) == 0 {
		_, err = cksync.Import(context.Background(), v, demoFileName, assets.DemoPatientGz, cksync.Options{})
	}
	if err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// onDemo opens the demo vault instead of creating one.
func (s *createScreen) onDemo() {
	u := s.u
	s.demoBt.Disable()
	s.createBt.Disable()
	s.status.setHint(lang.L("Opening the demo…"))
	s.progress.Show()
	s.progress.Start()
	released := u.released
	dir := u.demoDir()
	var (
		v   *storage.Vault
		err error
	)
	u.goOpen(func() {
		<-released
		v, err = openDemo(dir, u.opts)
	}, func() {
		s.progress.Stop()
		s.progress.Hide()
		if err != nil {
			if u.create == s {
				s.status.setError(lang.L("Could not open the demo") + ": " + errorText(err))
				s.demoBt.Enable()
			}
			return
		}
		if u.adopt(v) {
			u.demo = true
			u.showMain()
		}
	})
}
