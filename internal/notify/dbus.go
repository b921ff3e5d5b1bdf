package notify

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// The freedesktop.org Desktop Notifications Specification 1.2 names.
const (
	busName  = "org.freedesktop.Notifications"
	busPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	busIface = "org.freedesktop.Notifications"
)

// callTimeout bounds one call to the notification server, so a hung server cannot stall the
// reminder engine.
const callTimeout = 10 * time.Second

// urgencyNormal is the "urgency" hint value (a byte: 0 low, 1 normal, 2 critical).
const urgencyNormal = byte(1)

// dbusNotifier talks to org.freedesktop.Notifications on its own connection to the session bus.
type dbusNotifier struct {
	conn          *dbus.Conn
	appName, icon string
	fallback      *plain
	events        *eventQueue
	signals       chan *dbus.Signal
	loopDone      chan struct{}

	// mu is held across Notify calls so that a signal for a new id is handled only once the id
	// is known.
	mu    sync.Mutex
	caps  map[string]bool   // the server's capabilities; nil until a server answered
	byTag map[string]uint32 // shown notifications
	byID  map[uint32]string // their tags
	// adopted holds, for a notification shown by an earlier process (Adopt), the unique bus
	// name of the server that showed it: another server (restarted, its ids counting from 1
	// again) does not have it, and its notification of that id is someone else's.
	adopted map[string]string
	closed  bool
}

// newDBus uses conn (an authenticated private connection, owned from now on) for notifications.
func newDBus(ctx context.Context, conn *dbus.Conn, appName, icon string) (*dbusNotifier, error) {
	d := &dbusNotifier{
		conn: conn, appName: appName, icon: icon,
		fallback: newPlain(appName, icon),
		events:   newEventQueue(),
		signals:  make(chan *dbus.Signal, 64),
		loopDone: make(chan struct{}),
		byTag:    map[string]uint32{},
		byID:     map[uint32]string{},
		adopted:  map[string]string{},
	}
	for _, member := range []string{"ActionInvoked", "NotificationClosed"} {
		err := conn.AddMatchSignalContext(ctx,
			dbus.WithMatchSender(busName),
			dbus.WithMatchObjectPath(busPath),
			dbus.WithMatchInterface(busIface),
			dbus.WithMatchMember(member))
		if err != nil {
			conn.Close()
			d.fallback.Close()
			d.events.close()
			return nil, fmt.Errorf("notify: subscribing to notification signals: %w", err)
		}
	}
	conn.Signal(d.signals)
	go d.loop()
	d.mu.Lock()
	d.probe(ctx) // a server that is not there yet is asked again at the first Send
	d.mu.Unlock()
	return d, nil
}

// probe asks the server for its capabilities; mu must be held.
func (d *dbusNotifier) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var caps []string
	if err := d.conn.Object(busName, busPath).CallWithContext(ctx, busIface+".GetCapabilities", 0).Store(&caps); err != nil {
		return err
	}
	d.caps = map[string]bool{}
	for _, c := range caps {
		d.caps[c] = true
	}
	return nil
}

func (d *dbusNotifier) Send(ctx context.Context, m Message) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if d.caps == nil {
		if err := d.probe(ctx); err != nil {
			return d.sendPlain(ctx, m, err)
		}
	}
	var actions []string
	if d.caps["actions"] {
		// "default" is the click on the notification itself (some servers show its label).
		actions = append(actions, ActionDefault, "Open")
		for _, a := range m.Actions {
			actions = append(actions, a.Key, a.Label)
		}
	}
	hints := map[string]dbus.Variant{
		"desktop-entry": dbus.MakeVariant(DesktopEntry),
		"urgency":       dbus.MakeVariant(urgencyNormal),
	}
	if len(actions) > 2 {
		// Stay after a button is pressed until the app withdraws the notification: a dose is
		// recorded (durably) before its reminder disappears, and one that failed stays visible.
		hints["resident"] = dbus.MakeVariant(true)
	}
	replaces := d.byTag[m.Tag]
	if replaces != 0 && !d.sameServer(ctx, m.Tag) {
		replaces = 0
	}
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var id uint32
	// expire_timeout 0: the reminder stays until the person acts on it.
	err := d.conn.Object(busName, busPath).CallWithContext(cctx, busIface+".Notify", 0,
		d.appName, replaces, d.icon, m.Title, m.Body, actions, hints, int32(0)).Store(&id)
	if err != nil {
		d.caps = nil // the server went away or changed: ask again next time
		return d.sendPlain(ctx, m, err)
	}
	if replaces != 0 && replaces != id {
		delete(d.byID, replaces)
	}
	delete(d.adopted, m.Tag)
	d.byTag[m.Tag] = id
	d.byID[id] = m.Tag
	return nil
}

// sendPlain falls back to beeep after the D-Bus server failed with cause; mu must be held.
func (d *dbusNotifier) sendPlain(ctx context.Context, m Message, cause error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.fallback.send(m); err != nil {
		return fmt.Errorf("notify: no notification server (%w); %w", cause, err)
	}
	return nil
}

func (d *dbusNotifier) Withdraw(ctx context.Context, tag string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	id, ok := d.byTag[tag]
	if !ok {
		return nil
	}
	same := d.sameServer(ctx, tag)
	delete(d.byTag, tag)
	delete(d.byID, id)
	delete(d.adopted, tag)
	if !same {
		return nil // shown by a server that is gone, and gone with it
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	err := d.conn.Object(busName, busPath).CallWithContext(ctx, busIface+".CloseNotification", 0, id).Err
	var derr dbus.Error
	if errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown" {
		return nil // the server is gone, and so is the notification
	}
	if err != nil {
		return fmt.Errorf("notify: withdrawing a notification: %w", err)
	}
	return nil
}

// Handle returns "<server's unique bus name> <notification id>" for tag's notification, "" when
// none is shown through the server (Handles).
func (d *dbusNotifier) Handle(ctx context.Context, tag string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	id, ok := d.byTag[tag]
	if !ok || d.closed {
		return ""
	}
	owner, ok := d.adopted[tag]
	if !ok {
		var err error
		if owner, err = d.serverName(ctx); err != nil {
			return ""
		}
	}
	return owner + " " + strconv.FormatUint(uint64(id), 10)
}

// Adopt makes tag's notification the one of handle (from Handle, in an earlier process): Send
// with tag replaces it, Withdraw closes it, its buttons give events with tag (Handles).
func (d *dbusNotifier) Adopt(tag, handle string) {
	owner, num, ok := strings.Cut(handle, " ")
	n, err := strconv.ParseUint(num, 10, 32)
	if !ok || err != nil || n == 0 || owner == "" {
		return
	}
	id := uint32(n)
	d.mu.Lock()
	defer d.mu.Unlock()
	if old, ok := d.byTag[tag]; ok {
		delete(d.byID, old)
	}
	d.byTag[tag] = id
	d.byID[id] = tag
	d.adopted[tag] = owner
}

// serverName is the unique bus name of the notification server now; mu must be held.
func (d *dbusNotifier) serverName(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var owner string
	err := d.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, busName).Store(&owner)
	return owner, err
}

// sameServer reports whether tag's notification, if adopted, was shown by the server running
// now; mu must be held.
func (d *dbusNotifier) sameServer(ctx context.Context, tag string) bool {
	owner, ok := d.adopted[tag]
	if !ok {
		return true
	}
	now, err := d.serverName(ctx)
	return err == nil && now == owner
}

func (d *dbusNotifier) Events() <-chan Event { return d.events.out }

// loop turns the server's signals about our notifications into events. It ends when the
// connection is closed (godbus closes the channel).
func (d *dbusNotifier) loop() {
	defer close(d.loopDone)
	for s := range d.signals {
		if s == nil || s.Path != busPath {
			continue
		}
		switch s.Name {
		case busIface + ".ActionInvoked":
			var id uint32
			var key string
			if dbus.Store(s.Body, &id, &key) != nil {
				continue
			}
			d.mu.Lock()
			tag, ok := d.byID[id]
			d.mu.Unlock()
			if ok {
				d.events.push(Event{Tag: tag, Action: key})
			}
		case busIface + ".NotificationClosed":
			var id, reason uint32
			if dbus.Store(s.Body, &id, &reason) != nil {
				continue
			}
			d.mu.Lock()
			if tag, ok := d.byID[id]; ok {
				delete(d.byID, id)
				if d.byTag[tag] == id {
					delete(d.byTag, tag)
					delete(d.adopted, tag)
				}
			}
			d.mu.Unlock()
		}
	}
}

func (d *dbusNotifier) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	d.mu.Unlock()
	err := d.conn.Close()
	<-d.loopDone
	d.events.close()
	d.fallback.Close()
	return err
}
