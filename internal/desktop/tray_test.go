//go:build !windows && !darwin

package desktop

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"carekeeper/internal/notify/notifytest"
)

func TestTrayAvailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	addr := notifytest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)

	if TrayAvailable(ctx) {
		t.Error("no watcher on the bus, yet TrayAvailable")
	}

	// A watcher that answers no properties (only owning the name): trusted.
	w := notifytest.Connect(t, addr)
	if r, err := w.RequestName(watcherName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatal(r, err)
	}
	if !TrayAvailable(ctx) {
		t.Error("a watcher owns the name, yet not TrayAvailable")
	}
	w.Close()

	// A watcher that says whether a host is registered.
	for _, host := range []bool{false, true} {
		w := notifytest.Connect(t, addr)
		_, err := prop.Export(w, watcherPath, prop.Map{watcherIface: {
			"IsStatusNotifierHostRegistered": {Value: host, Emit: prop.EmitFalse},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := w.RequestName(watcherName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
			t.Fatal(r, err)
		}
		if got := TrayAvailable(ctx); got != host {
			t.Errorf("host registered %v: TrayAvailable %v", host, got)
		}
		w.Close()
	}
}

func TestTrayWithoutBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/carekeeper-test-bus")
	if TrayAvailable(context.Background()) {
		t.Error("TrayAvailable without a reachable bus")
	}
}
