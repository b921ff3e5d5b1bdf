package notify

// SetBeeepNotify replaces beeep.Notify for a test; the returned func restores it.
func SetBeeepNotify(f func(title, message string, icon any) error) (restore func()) {
	old := beeepNotify
	beeepNotify = f
	return func() { beeepNotify = old }
}

// IconFileIn is iconFileIn for tests.
var IconFileIn = iconFileIn

// NewEventQueue exposes the event queue: push, the channel, close.
func NewEventQueue() (push func(Event), out <-chan Event, closeQ func()) {
	q := newEventQueue()
	return q.push, q.out, q.close
}

// NewPlain returns the beeep notifier.
func NewPlain(appName, icon string) Notifier { return newPlain(appName, icon) }
