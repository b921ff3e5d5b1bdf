//go:build !windows && !darwin

package notify

import (
	"context"
	"os"

	"github.com/godbus/dbus/v5"
)

func newPlatform(ctx context.Context, appName, icon string) (Notifier, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a == "" || a == "autolaunch:" {
			// No bus at all. beeep would run dbus-launch and leave a stray daemon behind.
			return &noBus{plain: newPlain(appName, icon)}, nil
		}
		return newPlain(appName, icon), nil // a bus that does not answer: notify-send may still work
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return newPlain(appName, icon), nil
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return newPlain(appName, icon), nil
	}
	d, err := newDBus(ctx, conn, appName, icon)
	if err != nil {
		return newPlain(appName, icon), nil
	}
	return d, nil
}

// noBus is the notifier where there is no session bus: Send fails with ErrNoBus.
type noBus struct{ *plain }

func (n *noBus) Send(ctx context.Context, m Message) error {
	if err := n.check(ctx); err != nil {
		return err
	}
	return ErrNoBus
}
