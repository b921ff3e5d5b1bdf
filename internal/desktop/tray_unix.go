//go:build !windows && !darwin

package desktop

import (
	"context"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	watcherName  = "org.kde.StatusNotifierWatcher"
	watcherPath  = dbus.ObjectPath("/StatusNotifierWatcher")
	watcherIface = "org.kde.StatusNotifierWatcher"
)

func trayAvailable(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithContext(ctx))
	if err != nil {
		return false
	}
	defer conn.Close()
	if conn.Auth(nil) != nil || conn.Hello() != nil {
		return false
	}
	return watcherHasHost(ctx, conn)
}

// watcherHasHost asks the bus whether the watcher name has an owner (NameHasOwner never starts
// a service), then the watcher whether a host is registered. A watcher that does not answer the
// property is trusted.
func watcherHasHost(ctx context.Context, conn *dbus.Conn) bool {
	var owned bool
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&owned)
	if err != nil || !owned {
		return false
	}
	var v dbus.Variant
	err = conn.Object(watcherName, watcherPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		watcherIface, "IsStatusNotifierHostRegistered").Store(&v)
	if err != nil {
		return true
	}
	registered, ok := v.Value().(bool)
	return !ok || registered
}
