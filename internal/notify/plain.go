package notify

import (
	"context"
	"fmt"
	"sync"

	"github.com/gen2brain/beeep"
)

// beeepMu guards beeep.AppName, a package variable.
var beeepMu sync.Mutex

// plain shows notifications through beeep: no actions, no replacing, no withdrawing.
type plain struct {
	appName, icon string
	events        *eventQueue

	mu     sync.Mutex
	closed bool // guarded by mu
}

func newPlain(appName, icon string) *plain {
	return &plain{appName: appName, icon: icon, events: newEventQueue()}
}

// beeepNotify is beeep.Notify; a variable for tests.
var beeepNotify = beeep.Notify

func (p *plain) Send(ctx context.Context, m Message) error {
	if err := p.check(ctx); err != nil {
		return err
	}
	return p.send(m)
}

// send shows m through beeep (Linux: beeep's own D-Bus call, then notify-send, then kdialog).
func (p *plain) send(m Message) error {
	beeepMu.Lock()
	defer beeepMu.Unlock()
	beeep.AppName = p.appName
	if err := beeepNotify(m.Title, m.Body, p.icon); err != nil {
		// beeep's errors name the tools it tried and their exit status, never the text.
		return fmt.Errorf("notify: showing a plain notification: %w", err)
	}
	return nil
}

func (p *plain) check(ctx context.Context) error {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return ErrClosed
	}
	return ctx.Err()
}

// Withdraw is a no-op: beeep notifications expire by themselves.
func (p *plain) Withdraw(ctx context.Context, tag string) error { return p.check(ctx) }

func (p *plain) Events() <-chan Event { return p.events.out }

func (p *plain) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.events.close()
	return nil
}
