package app

import (
	"context"
	"errors"
	"log"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// reminders runs the vault's reminder engine while the app runs: started when the vault is
// first unlocked, told to Lock (it keeps firing, without health details) when the vault locks,
// given the reopened vault on Unlock, and stopped when the app quits. The demo vault gets an
// engine of its own whose notifications are marked DEMO; it stops (never runs locked) when the
// demo is left, and never saves a lock-safe agenda beside the person's own vault.
//
// Its fields are touched on the UI goroutine only; the engine itself is safe for concurrent
// use, and screens computing in the background read it through engine().
type reminders struct {
	u *UI

	// newNotifier makes the notifier (once per process); tests inject a fake.
	newNotifier func(ctx context.Context) (remind.Notifier, error)
	// opts are the engine's options (tests set Clock and Device).
	opts remind.Options
	// manual: no Run goroutine; tests call step instead (deterministic on a fake clock).
	manual bool

	n      remind.Notifier
	eng    atomic.Pointer[remind.Engine]
	dir    string // the vault the engine belongs to
	demo   bool   // the engine is the demo vault's
	locked bool   // the engine runs on its lock-safe agenda
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned

	queued atomic.Bool // a refresh of Today is already posted
	// lockedNext is the lock-safe agenda while locked (private text only), for the tray.
	lockedNext []remind.LockedFire
	// focusTag is the notification clicked last: Today focuses that reminder once shown.
	focusTag string
	// watchCancel stops the reading of the household's dose answers while locked (F558);
	// watchOpts tune its rounds (tests give a fake timer).
	watchCancel context.CancelFunc
	watchOpts   hhvault.RunOptions
}

func newReminders(u *UI) *reminders {
	return &reminders{u: u, newNotifier: defaultNotifier}
}

// defaultNotifier is the platform's notifier with CareKeeper's name and icon.
func defaultNotifier(ctx context.Context) (remind.Notifier, error) { return remind.NewDesktop(ctx) }

// engine is the running engine, or nil (safe from any goroutine).
func (r *reminders) engine() *remind.Engine { return r.eng.Load() }

// now is the engine's current time.
func (r *reminders) now() time.Time {
	if r.opts.Clock != nil {
		return r.opts.Clock.Now()
	}
	return time.Now().Round(0)
}

// device is the device's time zone as the engine sees it.
func (r *reminders) device() *time.Location {
	if r.opts.Device != nil {
		return r.opts.Device()
	}
	return remind.SystemZone(nil)
}

// notifier returns the process's notifier, making it the first time. Without a working one
// reminders still show on Today.
func (r *reminders) notifier() remind.Notifier {
	if r.n != nil {
		return r.n
	}
	n, err := r.newNotifier(context.Background())
	if err != nil || n == nil {
		log.Printf("carekeeper: desktop notifications are not available: %v", err)
		n = silentNotifier{}
	}
	r.n = &watchedNotifier{Notifier: n, changed: r.changed}
	return r.n
}

// attach runs the engine for the vault the shell s just opened: it starts one, or hands the
// reopened vault to the engine that kept running while locked.
func (r *reminders) attach(s *shell) {
	u := r.u
	v := s.v
	if eng := r.engine(); eng != nil {
		if r.locked && r.dir == u.dir && !u.demo && !r.demo {
			r.stopWatch() // the household's exchange takes over
			r.locked, r.lockedNext = false, nil
			ctx := r.ctx
			var err error
			u.goVault(func() { err = eng.Unlock(ctx, v) }, func() {
				if err != nil {
					log.Printf("carekeeper: reminders after unlocking: %v", err)
				}
				r.refresh()
			})
			return
		}
		r.stop() // another vault: start afresh
	}
	r.start(v)
}

// startCold runs an engine from the lock-safe agenda saved beside the vault, before the first
// unlock of this process (after a restart, or started at login): reminders fire with private
// text, answers wait for the unlock, and attach hands it the vault then.
func (r *reminders) startCold() {
	u := r.u
	if u.demo || r.manual || r.engine() != nil || !storage.Exists(u.dir) {
		return
	}
	fires, err := remind.LoadAgenda(u.dir)
	if err != nil {
		log.Printf("carekeeper: %v", err)
		return
	}
	if len(fires) == 0 {
		return
	}
	opts := r.opts
	opts.OnOpen = r.onOpen
	opts.Logf = func(format string, a ...any) { log.Printf("carekeeper: "+format, a...) }
	eng := remind.NewLocked(r.notifier(), fires, opts)
	r.eng.Store(eng)
	r.dir, r.locked, r.lockedNext = u.dir, true, fires
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.done = make(chan struct{})
	ctx, done := r.ctx, r.done
	go func() {
		defer close(done)
		if err := eng.Run(ctx); err != nil {
			log.Printf("carekeeper: reminders: %v", err)
		}
	}()
}

// start makes and runs an engine for v.
func (r *reminders) start(v *storage.Vault) {
	opts := r.opts
	opts.OnOpen = r.onOpen
	opts.Logf = func(format string, a ...any) { log.Printf("carekeeper: "+format, a...) }
	n := r.notifier()
	r.dir, r.demo = r.u.dir, r.u.demo
	if r.demo {
		n, r.dir = demoNotifier{n}, r.u.demoDir()
	}
	if !r.demo {
		// A copy of a household computer's vault reminds nobody until Moved here (the
		// computer it was copied from reminds), as the daemon: the engine asks the vault itself
		// from its first step (the household's own check, which Today and Settings show, runs a
		// moment later in the background). A computer removed from its household holds the
		// reminders of the people the household shares.
		opts.Hold = hhvault.HoldCopied(context.Background())
		opts.HoldPeople = hhvault.HoldPeople
	}
	eng := remind.New(v, n, opts)
	r.eng.Store(eng)
	r.locked = false
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.done = make(chan struct{})
	ctx, done := r.ctx, r.done
	if r.manual {
		// Tests: load the state now; they call step to fire.
		var err error
		r.u.goVault(func() { err = eng.Start(ctx) }, func() {
			if err != nil {
				log.Printf("carekeeper: starting reminders: %v", err)
			}
			r.refresh()
		})
		close(done)
		return
	}
	go func() {
		defer close(done)
		if err := eng.Run(ctx); err != nil {
			log.Printf("carekeeper: reminders: %v", err)
		}
	}()
}

// step runs one engine step now (tests, with manual set).
func (r *reminders) step() {
	if eng := r.engine(); eng != nil {
		eng.Step(r.ctx)
	}
}

// onLock is called on the UI goroutine when the vault is about to lock. It returns what to
// run in the background before the vault closes: the engine drops every health detail and
// stops using the vault.
func (r *reminders) onLock() func() {
	eng := r.engine()
	if eng == nil || r.locked {
		return func() {}
	}
	if r.demo {
		return r.detach() // leaving the demo: its reminders stop
	}
	r.locked = true
	dir := r.dir
	return func() {
		fires := eng.Lock(context.Background())
		if err := remind.SaveAgenda(dir, fires); err != nil {
			log.Printf("carekeeper: %v", err)
		}
		r.u.post(func() {
			if r.locked && r.engine() == eng {
				r.lockedNext = fires
				r.u.updateTray()
			}
		})
	}
}

// watchWhileLocked is called on the UI goroutine as the vault locks, after onLock. A computer
// in a household is locked most of the time, and its caregiver alerts must still be withdrawn
// when someone answers the dose on another device (F558): the returned func, run in the
// background with the vault still open (the household's exchange stopped), keeps a copy of the
// household's keys and transport (hhvault.Watch; not the vault's key) and reads the household's
// new dose answers every minute until the unlock, giving them to the locked engine. Nothing is
// written while locked; the exchange after the unlock applies what was read.
func (r *reminders) watchWhileLocked(getenv func(string) string) func(*storage.Vault) {
	eng := r.engine()
	if eng == nil || !r.locked || r.demo || r.u.demo || !backgroundSync {
		return func(*storage.Vault) {}
	}
	r.stopWatch()
	ctx, cancel := context.WithCancel(context.Background())
	r.watchCancel = cancel
	opts := r.watchOpts
	return func(v *storage.Vault) {
		w, err := hhvault.NewWatch(ctx, v, getenv)
		if err != nil {
			if !errors.Is(err, hhvault.ErrNoTransport) && ctx.Err() == nil {
				log.Printf("carekeeper: the household while locked: %v", err)
			}
			return
		}
		go w.Run(ctx, opts, func(answers []storage.Change) { eng.HeardAnswers(ctx, answers) })
	}
}

// stopWatch stops reading the household's answers (UI goroutine).
func (r *reminders) stopWatch() {
	if r.watchCancel != nil {
		r.watchCancel()
		r.watchCancel = nil
	}
}

// stop ends the engine (quitting, or another vault): Run writes its watermark and returns
// before the vault may close.
func (r *reminders) stop() { r.detach()() }

// shutdown stops the engine and releases the notifier (the app quits). The lock-safe agenda
// is saved first, so reminders fire after a restart even before the first unlock.
func (r *reminders) shutdown() {
	if eng := r.engine(); eng != nil && !r.locked && !r.demo {
		if err := remind.SaveAgenda(r.dir, eng.LockSafeAgenda()); err != nil {
			log.Printf("carekeeper: %v", err)
		}
	}
	r.stop()
	if r.n != nil {
		if err := r.n.Close(); err != nil {
			log.Printf("carekeeper: closing notifications: %v", err)
		}
		r.n = nil
	}
}

// reload makes the engine re-read the vault (after imports, syncs and edits) and refreshes Today.
func (r *reminders) reload() {
	if eng := r.engine(); eng != nil && !r.locked {
		eng.Reload()
	}
	r.refresh()
}

// changed is called (from any goroutine, also with the engine's lock held) when the engine
// showed or withdrew a notification: Today and the tray catch up on the UI goroutine.
func (r *reminders) changed() {
	if r.queued.Swap(true) {
		return
	}
	r.u.post(func() {
		r.queued.Store(false)
		r.refresh()
	})
}

// refresh recomputes Today (and the tray's next dose) on the UI goroutine.
func (r *reminders) refresh() {
	u := r.u
	if s := u.shell; s != nil {
		s.stale[scToday] = true
		s.stale[scMeds] = true
		if s.current == scToday {
			s.refresh(scToday)
		}
	}
	u.updateTray()
}

// onOpen runs on the engine's goroutine when a notification is clicked: the window comes
// forward at that reminder on Today.
func (r *reminders) onOpen(tag string) {
	r.u.post(func() { r.open(tag) })
}

// open shows the window at the reminder with this notification tag.
func (r *reminders) open(tag string) {
	u := r.u
	u.showWindow()
	r.focusTag = tag
	s := u.shell
	if s == nil {
		return // locked: the unlock screen shows; Today opens after unlocking
	}
	if p := tagProfile(tag); p != "" && s.profile != "" && s.profile != p {
		s.choose(p)
	}
	s.stale[scToday] = true
	s.show(scToday)
}

// tagProfile is the person of a dose notification tag "d:<profile>:<unix>".
func tagProfile(tag string) string {
	parts := strings.Split(tag, ":")
	if len(parts) == 3 && parts[0] == "d" {
		return parts[1]
	}
	return ""
}

// tagTime is the due time of a dose notification tag, zero for other tags.
func tagTime(tag string) time.Time {
	parts := strings.Split(tag, ":")
	if len(parts) != 3 || parts[0] != "d" {
		return time.Time{}
	}
	n, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// watchedNotifier tells the app whenever the engine shows or withdraws a notification.
type watchedNotifier struct {
	remind.Notifier
	changed func()
}

func (w *watchedNotifier) Send(ctx context.Context, m remind.Message) error {
	err := w.Notifier.Send(ctx, m)
	w.changed()
	return err
}

func (w *watchedNotifier) Withdraw(ctx context.Context, tag string) error {
	err := w.Notifier.Withdraw(ctx, tag)
	w.changed()
	return err
}

// Handle and Adopt pass through (remind.Handles), so a caregiver alert on screen is closed
// after the app starts again.
func (w *watchedNotifier) Handle(ctx context.Context, tag string) string {
	if h, ok := w.Notifier.(remind.Handles); ok {
		return h.Handle(ctx, tag)
	}
	return ""
}

func (w *watchedNotifier) Adopt(tag, handle string) {
	if h, ok := w.Notifier.(remind.Handles); ok {
		h.Adopt(tag, handle)
	}
}

// demoNotifier marks the demo's notifications: they are about a synthetic person.
type demoNotifier struct{ remind.Notifier }

func (d demoNotifier) Send(ctx context.Context, m remind.Message) error {
	m.Title = "DEMO · " + m.Title
	return d.Notifier.Send(ctx, m)
}

// Close leaves the process's notifier open (the demo's engine is not its owner).
func (demoNotifier) Close() error { return nil }

// silentNotifier shows nothing: reminders still appear on Today.
type silentNotifier struct{}

func (silentNotifier) Send(context.Context, remind.Message) error { return nil }
func (silentNotifier) Withdraw(context.Context, string) error     { return nil }
func (silentNotifier) Events() <-chan remind.Event                { return nil }
func (silentNotifier) Close() error                               { return nil }

// detach stops the engine without waiting for it (UI goroutine); the returned func waits until
// Run has returned, which must happen before the vault closes.
func (r *reminders) detach() func() {
	if r.engine() == nil {
		return func() {}
	}
	r.stopWatch()
	r.cancel()
	done := r.done
	r.eng.Store(nil)
	r.locked = false
	r.lockedNext = nil
	return func() { <-done }
}
