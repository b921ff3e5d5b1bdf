package app

import (
	"context"
	"path/filepath"
	"time"

	"carekeeper/assets"
	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
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
func openDemo(dir string, opts storage.Options, now time.Time) (*storage.Vault, error) {
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
	fresh := err == nil && len(ps) == 0
	if fresh {
		_, err = cksync.Import(context.Background(), v, demoFileName, assets.DemoPatientGz, cksync.Options{Now: func() time.Time { return now }})
	}
	if err == nil {
		err = seedDemo(context.Background(), v, fresh, now)
	}
	if err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// Demo medicines: the synthetic record's own prescriptions ended years ago, so the demo adds
// two current ones with reminder times, so the main feature can be seen working.
var demoMeds = []struct {
	name  string
	times []schedule.Clock
}{
	{"Metformin 500 mg tablet", []schedule.Clock{8 * 60, 20 * 60}},
	{"Lisinopril 10 mg tablet", []schedule.Clock{8 * 60}},
}

// seedDemo adds to the demo person what shows CareKeeper at work today: current medicines
// with reminder times (once, when the demo is created) and an upcoming appointment (whenever
// none is ahead).
func seedDemo(ctx context.Context, v *storage.Vault, fresh bool, at time.Time) error {
	ps, err := v.Profiles()
	if err != nil || len(ps) == 0 {
		return err
	}
	profile := ps[0].ID
	m, err := remind.Load(ctx, v, remind.LoadOptions{Profile: profile, Now: at})
	if err != nil {
		return err
	}
	if fresh {
		for _, dm := range demoMeds {
			ref, err := remind.AddOwnMedicine(ctx, v, profile, dm.name, at)
			if err != nil {
				return err
			}
			if m, err = remind.Load(ctx, v, remind.LoadOptions{Profile: profile, Now: at}); err != nil {
				return err
			}
			plan := &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: dm.times}}}}
			if err := remind.SetPlan(ctx, v, m.Medicine(profile, ref), plan, at); err != nil {
				return err
			}
		}
		if err := answerDemoDay(ctx, v, profile, at); err != nil {
			return err
		}
		if m, err = remind.Load(ctx, v, remind.LoadOptions{Profile: profile, Now: at}); err != nil {
			return err
		}
	}
	if len(m.Upcoming(profile, at)) == 0 {
		day := at.AddDate(0, 0, 3)
		start := time.Date(day.Year(), day.Month(), day.Day(), 10, 30, 0, 0, time.Local)
		_, err := remind.AddAppointment(ctx, v, remind.NewAppointment{Profile: profile, Start: start,
			End: start.Add(30 * time.Minute), Title: "Diabetes check-up (demo)", Location: "Example Health Clinic",
			Note: "Bring your blood sugar diary. No need to fast."})
		return err
	}
	return nil
}

// answerDemoDay records the demo's doses of the day whose times came before the demo was made
// as taken at their times: the day is one in progress. Opened at 22:33, Today asked a new user
// about an invented person's morning, "Before it was added: say if each was taken or
// skipped", and called the 20:00 dose overdue (F458).
func answerDemoDay(ctx context.Context, v *storage.Vault, profile string, at time.Time) error {
	m, err := remind.Load(ctx, v, remind.LoadOptions{Profile: profile, Now: at})
	if err != nil {
		return err
	}
	day := at.In(m.Zone(profile).Loc)
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, day.Location())
	for _, ds := range m.DoseStates(profile, from, at, at) {
		if ds.Med == nil || !ds.Due.Before(at) || ds.State == remind.DoseTaken || ds.State == remind.DoseSkipped {
			continue
		}
		if _, err := remind.RecordDose(ctx, v, ds.Med, remind.DoseAction{Profile: profile, Ref: ds.Med.Ref,
			Occurrence: ds.Occurrence, Scheduled: ds.Due, When: ds.Due}); err != nil {
			return err
		}
	}
	return nil
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
	dir, now := u.demoDir(), u.auto.clock.Now()
	var (
		v   *storage.Vault
		err error
	)
	u.goOpen(func() {
		<-released
		v, err = openDemo(dir, u.opts, now)
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
