//go:build traywatcher

package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// menuItem is a com.canonical.dbusmenu layout: id, properties, children.
type menuItem struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []dbus.Variant
}

// clickMenu clicks the tray menu item labelled label (as a tray host does when the person
// picks it): it finds the app's menu (com.canonical.dbusmenu at /StatusNotifierMenu) among the
// session bus's connections and sends the item a "clicked" event.
func clickMenu(label string) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	defer conn.Close()
	var names []string
	if err := conn.BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names); err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, ":") {
			continue
		}
		obj := conn.Object(n, "/StatusNotifierMenu")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		var rev uint32
		var root menuItem
		err := obj.CallWithContext(ctx, "com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root)
		cancel()
		if err != nil {
			continue
		}
		if id, ok := findItem(root, label); ok {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			call := obj.CallWithContext(ctx, "com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0))
			if call.Err != nil {
				fmt.Fprintln(os.Stderr, "traywatcher:", call.Err)
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "traywatcher: no tray menu item %q\n", label)
	os.Exit(1)
}

func findItem(m menuItem, label string) (int32, bool) {
	if l, ok := m.Props["label"].Value().(string); ok && l == label {
		return m.ID, true
	}
	for _, c := range m.Children {
		var child menuItem
		if err := dbus.Store([]any{c.Value()}, &child); err != nil {
			continue
		}
		if id, ok := findItem(child, label); ok {
			return id, true
		}
	}
	return 0, false
}
