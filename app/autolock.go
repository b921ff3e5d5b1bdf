package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Clock is the time source of auto-lock; tests inject a fake.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f on its own goroutine after d, unless the returned stop is called.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// defaultAutoLock is the idle time after which the vault locks.
const defaultAutoLock = 10 * time.Minute

// autoLock locks the vault after the window has been idle for the chosen time. Activity is
// every key press, tap, pointer movement over the window and screen change that reaches
// the app (see activity); a timer checks the last activity when it fires and re-arms itself.
//
// Only the UI goroutine touches it, except the timer callback, which goes through post.
type autoLock struct {
	u     *UI
	clock Clock
	after time.Duration // 0: never
	mu    sync.Mutex    // guards last (poke may run from hover events on the UI goroutine only, but tests call it too)
	last  time.Time
	stop  func() bool
}

func (a *autoLock) poke() {
	a.mu.Lock()
	a.last = a.clock.Now()
	a.mu.Unlock()
}

// start arms the timer (after unlocking, or when the setting changes).
func (a *autoLock) start() {
	a.cancel()
	if a.effective() <= 0 {
		return
	}
	a.poke()
	a.arm(a.effective())
}

// effective is the idle time after which the vault locks: the person's choice, but never
// longer than the clinic's auto-lock policy ("never" becomes the policy's time).
func (a *autoLock) effective() time.Duration {
	d := a.after
	if a.u != nil {
		if m := a.u.clinicPolicies().AutoLockMinutes; m > 0 {
			limit := time.Duration(m) * time.Minute
			if d <= 0 || d > limit {
				d = limit
			}
		}
	}
	return d
}

func (a *autoLock) arm(d time.Duration) {
	a.stop = a.clock.AfterFunc(d, func() { a.u.post(a.check) })
}

func (a *autoLock) cancel() {
	if a.stop != nil {
		a.stop()
		a.stop = nil
	}
}

// check runs on the UI goroutine when the timer fires: lock, or wait for the rest.
func (a *autoLock) check() {
	if a.stop == nil || a.u.vault == nil {
		return
	}
	a.mu.Lock()
	idle := a.clock.Now().Sub(a.last)
	a.mu.Unlock()
	after := a.effective()
	if idle >= after {
		a.stop = nil
		a.u.lock()
		return
	}
	a.arm(after - idle)
}

// post runs fn on the UI goroutine, counted as pending work so that tests' idle() runs it.
func (u *UI) post(fn func()) {
	u.pending.Add(1)
	u.toUI(func() {
		defer u.pending.Add(-1)
		fn()
	})
}

// activity is an invisible layer under the screen content: pointer movement over parts of
// the window that do not handle it themselves counts as activity for auto-lock.
type activity struct {
	widget.BaseWidget
	poke func()
}

func newActivity(poke func()) *activity {
	a := &activity{poke: poke}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}
func (a *activity) MouseIn(*desktop.MouseEvent)    { a.poke() }
func (a *activity) MouseMoved(*desktop.MouseEvent) { a.poke() }
func (a *activity) MouseOut()                      {}
func (a *activity) Tapped(*fyne.PointEvent)        { a.poke() }
