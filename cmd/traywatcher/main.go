//go:build traywatcher

// Command traywatcher stands in for a desktop's system tray on a session bus: it owns
// org.kde.StatusNotifierWatcher, says a host is registered and accepts every item, so the
// app under Xvfb finds a tray and hides into it (scripts/bench-idle.sh measures the app
// waiting in the tray). It shows nothing. `traywatcher close WINDOW` instead asks an X window
// to close, as a window manager's close button would; `traywatcher click LABEL` clicks the
// app's tray menu item LABEL, as a person would. Built only with the traywatcher tag.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

const (
	name  = "org.kde.StatusNotifierWatcher"
	path  = dbus.ObjectPath("/StatusNotifierWatcher")
	iface = "org.kde.StatusNotifierWatcher"
)

type watcher struct{}

func (watcher) RegisterStatusNotifierItem(string) *dbus.Error { return nil }
func (watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

func main() {
	if len(os.Args) == 3 && os.Args[1] == "close" {
		closeWindow(os.Args[2])
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "click" {
		clickMenu(os.Args[2])
		return
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	defer conn.Close()
	if err := conn.Export(watcher{}, path, iface); err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	_, err = prop.Export(conn, path, prop.Map{iface: {
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitFalse},
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitFalse},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitFalse},
	}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	if r, err := conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintln(os.Stderr, "traywatcher: cannot own", name, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
}
