package notifytest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	busName  = "org.freedesktop.Notifications"
	busPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	busIface = "org.freedesktop.Notifications"
)

// Reasons of the NotificationClosed signal (Desktop Notifications Specification 1.2).
const (
	ClosedExpired   uint32 = 1
	ClosedDismissed uint32 = 2
	ClosedByCall    uint32 = 3
)

// Notification is one Notify call received by a Server.
type Notification struct {
	ID         uint32 // the id the server returned
	Sender     string // the caller's unique bus name
	AppName    string
	ReplacesID uint32
	AppIcon    string
	Summary    string
	Body       string
	Actions    []string // key, label, key, label, ...
	Hints      map[string]dbus.Variant
	Timeout    int32
	At         time.Time // when the call arrived
}

// ActionKeys returns the keys of n's actions.
func (n Notification) ActionKeys() []string {
	var keys []string
	for i := 0; i+1 < len(n.Actions); i += 2 {
		keys = append(keys, n.Actions[i])
	}
	return keys
}

// Server owns org.freedesktop.Notifications on a bus connection and records the calls it
// receives, like a notification daemon that shows nothing. Replacing keeps the id, as real
// servers do. It does not close notifications by itself: Invoke only emits ActionInvoked, and
// Dismiss emits NotificationClosed.
type Server struct {
	conn *dbus.Conn
	caps []string

	mu      sync.Mutex
	nextID  uint32
	calls   []Notification
	open    map[uint32]bool
	closed  []uint32 // ids given to CloseNotification, in order
	changed chan struct{}
}

// NewServer exports the notification server on conn and takes the name
// org.freedesktop.Notifications. caps are the capabilities it reports; none given means
// "actions" and "body".
func NewServer(conn *dbus.Conn, caps ...string) (*Server, error) {
	if len(caps) == 0 {
		caps = []string{"actions", "body"}
	}
	s := &Server{conn: conn, caps: caps, nextID: 1, open: map[uint32]bool{}, changed: make(chan struct{})}
	if err := conn.Export(handler{s}, busPath, busIface); err != nil {
		return nil, err
	}
	reply, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err != nil {
		return nil, err
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return nil, fmt.Errorf("notifytest: %s is already owned", busName)
	}
	return s, nil
}

// Close gives up the name and stops answering calls.
func (s *Server) Close() error {
	_, err := s.conn.ReleaseName(busName)
	s.conn.Export(nil, busPath, busIface)
	return err
}

// Notifications returns every Notify call received, in order.
func (s *Server) Notifications() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// ClosedIDs returns the ids given to CloseNotification, in order.
func (s *Server) ClosedIDs() []uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.closed)
}

// WaitNotify blocks until at least n Notify calls arrived and returns all of them.
func (s *Server) WaitNotify(ctx context.Context, n int) ([]Notification, error) {
	return serverWait(ctx, s, func() ([]Notification, bool) { return slices.Clone(s.calls), len(s.calls) >= n })
}

// WaitClosed blocks until a client called CloseNotification for id.
func (s *Server) WaitClosed(ctx context.Context, id uint32) error {
	_, err := serverWait(ctx, s, func() (bool, bool) { return true, slices.Contains(s.closed, id) })
	return err
}

func serverWait[T any](ctx context.Context, s *Server, cond func() (T, bool)) (T, error) {
	return waitChanged(ctx, &s.mu, &s.changed, cond)
}

// Invoke emits ActionInvoked(id, key), as when the person clicks a button ("default": the
// notification itself).
func (s *Server) Invoke(id uint32, key string) error {
	return s.conn.Emit(busPath, busIface+".ActionInvoked", id, key)
}

// Dismiss emits NotificationClosed(id, reason) and forgets the notification.
func (s *Server) Dismiss(id, reason uint32) error {
	s.mu.Lock()
	delete(s.open, id)
	s.mu.Unlock()
	return s.conn.Emit(busPath, busIface+".NotificationClosed", id, reason)
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// handler holds the exported D-Bus methods (kept off Server's own API).
type handler struct{ s *Server }

func (h handler) GetCapabilities() ([]string, *dbus.Error) {
	return slices.Clone(h.s.caps), nil
}

func (h handler) GetServerInformation() (name, vendor, version, specVersion string, err *dbus.Error) {
	return "notifytest", "CareKeeper", "1.0", "1.2", nil
}

func (h handler) Notify(sender dbus.Sender, appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s := h.s
	at := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	id := replacesID
	if id == 0 || !s.open[id] {
		id = s.nextID
		s.nextID++
	}
	s.open[id] = true
	s.calls = append(s.calls, Notification{
		ID: id, Sender: string(sender), AppName: appName, ReplacesID: replacesID, AppIcon: appIcon,
		Summary: summary, Body: body, Actions: actions, Hints: hints, Timeout: timeout, At: at,
	})
	s.changedLocked()
	return id, nil
}

func (h handler) CloseNotification(id uint32) *dbus.Error {
	s := h.s
	s.mu.Lock()
	wasOpen := s.open[id]
	delete(s.open, id)
	s.closed = append(s.closed, id)
	s.changedLocked()
	s.mu.Unlock()
	if wasOpen {
		s.conn.Emit(busPath, busIface+".NotificationClosed", id, ClosedByCall)
	}
	return nil
}
