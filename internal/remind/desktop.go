package remind

import (
	"context"

	"carekeeper/assets"
	"carekeeper/internal/notify"
)

// Desktop adapts a desktop notifier (internal/notify) to the engine's Notifier; the app and
// the daemon both use it.
func Desktop(n notify.Notifier) Notifier {
	a := &desktop{n: n, ev: make(chan Event, 16)}
	go func() {
		defer close(a.ev)
		for e := range n.Events() {
			a.ev <- Event{Tag: e.Tag, Action: e.Action}
		}
	}()
	return a
}

type desktop struct {
	n  notify.Notifier
	ev chan Event
}

func (a *desktop) Send(ctx context.Context, m Message) error {
	msg := notify.Message{Tag: m.Tag, Title: m.Title, Body: m.Body}
	for _, x := range m.Actions {
		msg.Actions = append(msg.Actions, notify.Action{Key: x.Key, Label: x.Label})
	}
	return a.n.Send(ctx, msg)
}

func (a *desktop) Withdraw(ctx context.Context, tag string) error { return a.n.Withdraw(ctx, tag) }

// Handle and Adopt pass through to a notifier whose notifications outlive the process.
func (a *desktop) Handle(ctx context.Context, tag string) string {
	if h, ok := a.n.(notify.Handles); ok {
		return h.Handle(ctx, tag)
	}
	return ""
}

func (a *desktop) Adopt(tag, handle string) {
	if h, ok := a.n.(notify.Handles); ok {
		h.Adopt(tag, handle)
	}
}

func (a *desktop) Events() <-chan Event { return a.ev }
func (a *desktop) Close() error         { return a.n.Close() }

// NewDesktop is the platform's notifier with CareKeeper's name and icon, for the engine.
func NewDesktop(ctx context.Context) (Notifier, error) {
	icon, err := notify.IconFile(assets.IconPNG)
	if err != nil {
		icon = "" // notifications still work without an icon
	}
	n, err := notify.New(ctx, "CareKeeper", icon)
	if err != nil {
		return nil, err
	}
	return Desktop(n), nil
}
