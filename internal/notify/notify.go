// Package notify shows desktop notifications for reminders and reports what the person did with
// them (Taken, Snooze, or a click that should open the app at that reminder).
//
// On Linux and the BSDs it talks to org.freedesktop.Notifications over the session bus itself:
// action buttons where the server lists the "actions" capability, one notification per Tag
// (sending the same Tag again replaces the shown one, Withdraw removes it), the app name, icon
// and desktop entry set. When no notification server answers, it falls back to beeep
// (notify-send, kdialog). On Windows (toast) and macOS it uses beeep: plain notifications, no
// buttons, no events; every reminder can also be acted on inside the app.
//
// The text of a notification is whatever the caller passes; this package never logs it and
// never puts it in an error.
package notify

import (
	"context"
	"errors"
)

// Action keys and labels of reminder notifications.
const (
	ActionTaken   = "taken"
	ActionSnooze  = "snooze"
	ActionDefault = "default" // the notification itself was clicked: open the app at that reminder
)

// ReminderActions are the buttons of a dose reminder.
var ReminderActions = []Action{{Key: ActionTaken, Label: "Taken"}, {Key: ActionSnooze, Label: "Snooze"}}

// DesktopEntry is the application ID: the name of the .desktop file on Linux, used by
// notification servers to match the notification to the installed app.
const DesktopEntry = "org.carekeeper.app"

// Action is a button on a notification.
type Action struct{ Key, Label string }

// Message is one notification. Tag is stable per reminder occurrence: sending a Message with the
// Tag of one still shown replaces it (snooze, repeat, details after unlocking) instead of adding
// another. Actions are shown only where the platform supports buttons.
type Message struct {
	Tag, Title, Body string
	Actions          []Action
}

// Event is what the person did with a notification: Action is "taken", "snooze" or "default"
// (the notification was clicked).
type Event struct{ Tag, Action string }

// Notifier shows notifications. It is safe for concurrent use.
type Notifier interface {
	// Send shows m, replacing the shown notification with the same Tag.
	Send(ctx context.Context, m Message) error
	// Withdraw removes the notification with this Tag, if it is still shown. Unknown tags are
	// not an error.
	Withdraw(ctx context.Context, tag string) error
	// Events delivers the person's actions. It is closed by Close. Platforms without actions
	// never deliver anything.
	Events() <-chan Event
	// Close releases the connection and closes Events.
	Close() error
}

// Handles is implemented by notifiers whose notifications outlive the process (a D-Bus
// notification server keeps them on screen after the app or daemon exits). Handle returns what
// names tag's shown notification ("" when none), to be kept; Adopt, in a later process, makes
// tag name that notification again, so Withdraw closes it and Send replaces it. A handle from a
// notification server that has since restarted is ignored: its notification is gone.
type Handles interface {
	Handle(ctx context.Context, tag string) string
	Adopt(tag, handle string)
}

// ErrClosed is returned by Send and Withdraw after Close.
var ErrClosed = errors.New("notify: notifier closed")

// ErrNoBus is returned by Send on Linux when there is no session bus at all (no
// $DBUS_SESSION_BUS_ADDRESS and no /run/user/UID/bus): nothing could show a notification, and
// asking would start a stray dbus-launch daemon.
var ErrNoBus = errors.New("notify: no D-Bus session bus: desktop notifications are not available")

// New returns the notifier for this platform. appName is the name shown with the notifications
// ("CareKeeper"); iconPath is a PNG file (or an icon name), "" for none. New does not fail when
// no notification server is running: Send reports that, and a server started later is used.
func New(ctx context.Context, appName, iconPath string) (Notifier, error) {
	return newPlatform(ctx, appName, absIcon(iconPath))
}
