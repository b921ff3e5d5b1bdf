package desktop

import "context"

// TrayAvailable reports whether a system tray icon would be shown. On Linux and the BSDs that
// needs a StatusNotifierItem host (fyne.io/systray speaks only that protocol): true only when
// org.kde.StatusNotifierWatcher has an owner on the session bus and, where the watcher says so,
// a host is registered with it. Without one, hiding the window to the tray would leave the
// person no way back into the app. On Windows and macOS the tray always exists.
//
// It never starts a session bus (no dbus-launch) and answers false when there is none.
func TrayAvailable(ctx context.Context) bool { return trayAvailable(ctx) }
