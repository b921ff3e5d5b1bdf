// Package notifytest helps test code that shows notifications: Recorder, an in-memory
// notify.Notifier; Server, a real org.freedesktop.Notifications server that records the calls it
// receives; and StartBus, a private D-Bus session bus for a test.
package notifytest

import (
	"context"
	"slices"
	"sync"

	"carekeeper/internal/notify"
)

// Recorder is an in-memory notify.Notifier. It records what was sent and withdrawn; Act
// delivers an event as if the person had clicked. The zero value is not usable: use
// NewRecorder.
type Recorder struct {
	events chan notify.Event

	mu        sync.Mutex
	sent      []notify.Message
	shown     map[string]notify.Message
	withdrawn []string
	closed    bool
	changed   chan struct{} // closed and replaced on every change
	// sendErr, set by FailSends, is returned by Send (and nothing is recorded).
	sendErr error
}

var _ notify.Notifier = (*Recorder)(nil)

// NewRecorder returns an empty Recorder. Its Events channel holds up to 64 undelivered events.
func NewRecorder() *Recorder {
	return &Recorder{events: make(chan notify.Event, 64), shown: map[string]notify.Message{}, changed: make(chan struct{})}
}

func (r *Recorder) changedLocked() {
	close(r.changed)
	r.changed = make(chan struct{})
}

// Send records m and shows it under its Tag (replacing one shown with the same Tag).
func (r *Recorder) Send(ctx context.Context, m notify.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return notify.ErrClosed
	}
	if r.sendErr != nil {
		return r.sendErr
	}
	m.Actions = slices.Clone(m.Actions)
	r.sent = append(r.sent, m)
	r.shown[m.Tag] = m
	r.changedLocked()
	return nil
}

// Withdraw records tag and removes the shown notification.
func (r *Recorder) Withdraw(ctx context.Context, tag string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return notify.ErrClosed
	}
	r.withdrawn = append(r.withdrawn, tag)
	delete(r.shown, tag)
	r.changedLocked()
	return nil
}

// Events returns the events given to Act.
func (r *Recorder) Events() <-chan notify.Event { return r.events }

// Close closes Events; later Sends fail with notify.ErrClosed.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.events)
		r.changedLocked()
	}
	return nil
}

// FailSends makes every later Send return err (nil: succeed again).
func (r *Recorder) FailSends(err error) {
	r.mu.Lock()
	r.sendErr = err
	r.mu.Unlock()
}

// Act delivers an event (the person clicked action on the notification with tag). It does not
// block: it returns false when the Events buffer is full or the Recorder is closed.
func (r *Recorder) Act(tag, action string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	select {
	case r.events <- notify.Event{Tag: tag, Action: action}:
		return true
	default:
		return false
	}
}

// Sent returns every Message sent so far, in order.
func (r *Recorder) Sent() []notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

// Withdrawn returns the tags withdrawn so far, in order.
func (r *Recorder) Withdrawn() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.withdrawn)
}

// Shown returns the notifications still shown (sent and not withdrawn), by Tag.
func (r *Recorder) Shown() map[string]notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := make(map[string]notify.Message, len(r.shown))
	for k, v := range r.shown {
		m[k] = v
	}
	return m
}

// WaitSent blocks until at least n Messages were sent, and returns all of them; it fails when
// ctx ends first.
func (r *Recorder) WaitSent(ctx context.Context, n int) ([]notify.Message, error) {
	return waitFor(ctx, r, func() ([]notify.Message, bool) { return slices.Clone(r.sent), len(r.sent) >= n })
}

// WaitWithdrawn blocks until tag was withdrawn.
func (r *Recorder) WaitWithdrawn(ctx context.Context, tag string) error {
	_, err := waitFor(ctx, r, func() (struct{}, bool) { return struct{}{}, slices.Contains(r.withdrawn, tag) })
	return err
}

// waitFor evaluates cond under r.mu whenever r changes, until it holds or ctx ends.
func waitFor[T any](ctx context.Context, r *Recorder, cond func() (T, bool)) (T, error) {
	return waitChanged(ctx, &r.mu, &r.changed, cond)
}

// waitChanged evaluates cond under mu each time *changed is closed (and replaced), until it
// holds or ctx ends. The Recorder and the Server both signal changes this way.
func waitChanged[T any](ctx context.Context, mu *sync.Mutex, changed *chan struct{}, cond func() (T, bool)) (T, error) {
	for {
		mu.Lock()
		v, ok := cond()
		ch := *changed
		mu.Unlock()
		if ok {
			return v, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
}
