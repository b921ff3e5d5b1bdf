package notify_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gen2brain/beeep"

	"carekeeper/internal/notify"
	"carekeeper/internal/notify/notifytest"
)

// testCtx bounds a test's waits (a deadline, not a timing assertion).
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// setup starts a private bus, optionally a recording server on it (caps; nil: no server), and a
// Notifier connected to the bus through $DBUS_SESSION_BUS_ADDRESS.
func setup(t *testing.T, caps []string) (notify.Notifier, *notifytest.Server, string) {
	t.Helper()
	addr := notifytest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	var srv *notifytest.Server
	if caps != nil {
		var err error
		if srv, err = notifytest.NewServer(notifytest.Connect(t, addr), caps...); err != nil {
			t.Fatal(err)
		}
	}
	n, err := notify.New(testCtx(t), "CareKeeper", "/opt/carekeeper/icon.png")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n, srv, addr
}

func reminder(tag string) notify.Message {
	return notify.Message{Tag: tag, Title: "Mum — 08:00 medicines", Body: "Metformin 500 mg", Actions: notify.ReminderActions}
}

func nextEvent(t *testing.T, ctx context.Context, n notify.Notifier) notify.Event {
	t.Helper()
	select {
	case e, ok := <-n.Events():
		if !ok {
			t.Fatal("Events closed")
		}
		return e
	case <-ctx.Done():
		t.Fatal("no event")
	}
	return notify.Event{}
}

func TestDBusSendReplaceActWithdraw(t *testing.T) {
	ctx := testCtx(t)
	n, srv, _ := setup(t, []string{"actions", "body"})

	if err := n.Send(ctx, reminder("dose-1")); err != nil {
		t.Fatal(err)
	}
	calls, err := srv.WaitNotify(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[0]
	if c.AppName != "CareKeeper" || c.ReplacesID != 0 || c.AppIcon != "/opt/carekeeper/icon.png" ||
		c.Summary != "Mum — 08:00 medicines" || c.Body != "Metformin 500 mg" || c.Timeout != 0 {
		t.Errorf("Notify: %+v", c)
	}
	if want := []string{"default", "Open", "taken", "Taken", "snooze", "Snooze"}; !slices.Equal(c.Actions, want) {
		t.Errorf("actions %q, want %q", c.Actions, want)
	}
	if v, ok := c.Hints["desktop-entry"]; !ok || v.Value() != "org.carekeeper.app" {
		t.Errorf("desktop-entry hint %v", v)
	}
	if v, ok := c.Hints["urgency"]; !ok || v.Value() != byte(1) {
		t.Errorf("urgency hint %v", v)
	}
	if v, ok := c.Hints["resident"]; !ok || v.Value() != true {
		t.Errorf("resident hint %v", v)
	}

	// The same Tag replaces; another Tag is a new notification.
	again := reminder("dose-1")
	again.Title = "Mum — 08:00 medicines (snoozed)"
	if err := n.Send(ctx, again); err != nil {
		t.Fatal(err)
	}
	if err := n.Send(ctx, reminder("dose-2")); err != nil {
		t.Fatal(err)
	}
	calls, _ = srv.WaitNotify(ctx, 3)
	if calls[1].ReplacesID != c.ID || calls[1].ID != c.ID || calls[1].Summary != again.Title {
		t.Errorf("resend with the same tag: %+v (first id %d)", calls[1], c.ID)
	}
	if calls[2].ReplacesID != 0 || calls[2].ID == c.ID {
		t.Errorf("another tag: %+v", calls[2])
	}

	// Actions on other applications' notifications are ignored; ours become events.
	if err := srv.Invoke(999, "taken"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		id  uint32
		key string
		tag string
	}{{c.ID, "taken", "dose-1"}, {calls[2].ID, "snooze", "dose-2"}, {calls[2].ID, "default", "dose-2"}} {
		if err := srv.Invoke(a.id, a.key); err != nil {
			t.Fatal(err)
		}
		if e := nextEvent(t, ctx, n); e != (notify.Event{Tag: a.tag, Action: a.key}) {
			t.Errorf("event %+v, want %s %s", e, a.tag, a.key)
		}
	}

	// Withdraw closes ours; an unknown tag is no error and calls nothing.
	if err := n.Withdraw(ctx, "dose-1"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitClosed(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := n.Withdraw(ctx, "never-sent"); err != nil {
		t.Fatal(err)
	}
	if err := n.Withdraw(ctx, "dose-1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.ClosedIDs(); !slices.Equal(got, []uint32{c.ID}) {
		t.Errorf("CloseNotification calls %v", got)
	}

	// Closed by the server (the person dismissed it): the next Send is a new notification.
	if err := srv.Dismiss(calls[2].ID, notifytest.ClosedDismissed); err != nil {
		t.Fatal(err)
	}
	// The dismissal is handled in order with later signals: wait for an action on a fresh one.
	if err := n.Send(ctx, reminder("dose-3")); err != nil {
		t.Fatal(err)
	}
	calls, _ = srv.WaitNotify(ctx, 4)
	srv.Invoke(calls[3].ID, "taken")
	nextEvent(t, ctx, n)
	if err := n.Send(ctx, reminder("dose-2")); err != nil {
		t.Fatal(err)
	}
	calls, _ = srv.WaitNotify(ctx, 5)
	if calls[4].ReplacesID != 0 {
		t.Errorf("after a dismissal the tag still replaced id %d", calls[4].ReplacesID)
	}

	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-n.Events(); ok {
		t.Error("Events still open after Close")
	}
	if err := n.Send(ctx, reminder("x")); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
}

// A server without the "actions" capability gets no actions; everything else is the same.
func TestDBusWithoutActions(t *testing.T) {
	ctx := testCtx(t)
	n, srv, _ := setup(t, []string{"body"})
	if err := n.Send(ctx, reminder("a")); err != nil {
		t.Fatal(err)
	}
	calls, _ := srv.WaitNotify(ctx, 1)
	if len(calls[0].Actions) != 0 || calls[0].Summary != "Mum — 08:00 medicines" {
		t.Errorf("%+v", calls[0])
	}
	if _, ok := calls[0].Hints["resident"]; ok {
		t.Error("resident without actions")
	}
}

// No notification server on the bus: Send falls back to beeep; a server started later is used.
func TestFallbackAndLateServer(t *testing.T) {
	ctx := testCtx(t)
	var mu sync.Mutex
	var plain []string
	restore := notify.SetBeeepNotify(func(title, message string, icon any) error {
		mu.Lock()
		defer mu.Unlock()
		plain = append(plain, fmt.Sprintf("%s|%s|%v", title, message, icon))
		return nil
	})
	defer restore()
	n, _, addr := setup(t, nil)
	if err := n.Send(ctx, reminder("a")); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if want := []string{"Mum — 08:00 medicines|Metformin 500 mg|/opt/carekeeper/icon.png"}; !slices.Equal(plain, want) {
		t.Errorf("beeep got %q", plain)
	}
	mu.Unlock()

	srv, err := notifytest.NewServer(notifytest.Connect(t, addr))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(ctx, reminder("b")); err != nil {
		t.Fatal(err)
	}
	calls, _ := srv.WaitNotify(ctx, 1)
	if len(calls[0].Actions) != 6 {
		t.Errorf("late server: %+v", calls[0])
	}
	// When the server goes away, beeep again, and its failure is reported.
	srv.Close()
	notify.SetBeeepNotify(func(string, string, any) error { return errors.New("notify-send: exit status 1") })
	if err := n.Send(ctx, reminder("c")); err == nil {
		t.Error("Send succeeded with no server and a failing fallback")
	}
}

func TestNoBus(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("no D-Bus on this platform")
	}
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skip("this machine has a user bus at /run/user/UID/bus, which godbus finds by itself")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	n, err := notify.New(context.Background(), "CareKeeper", "")
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if err := n.Send(context.Background(), reminder("a")); !errors.Is(err, notify.ErrNoBus) {
		t.Errorf("Send without a bus: %v", err)
	}
}

// Events are never dropped and never block the bus connection, even when nobody reads them for
// a while; concurrent Sends are safe.
func TestManyEventsAndConcurrentSends(t *testing.T) {
	ctx := testCtx(t)
	n, srv, _ := setup(t, []string{"actions", "body"})
	const k = 100
	var wg sync.WaitGroup
	for i := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := n.Send(ctx, reminder(fmt.Sprint("t", i))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	calls, err := srv.WaitNotify(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[uint32]bool{}
	for _, c := range calls {
		ids[c.ID] = true
		if err := srv.Invoke(c.ID, "taken"); err != nil {
			t.Fatal(err)
		}
	}
	if len(ids) != k {
		t.Fatalf("%d distinct ids for %d tags", len(ids), k)
	}
	tags := map[string]bool{}
	for range k {
		tags[nextEvent(t, ctx, n).Tag] = true
	}
	if len(tags) != k {
		t.Errorf("%d distinct tags in %d events", len(tags), k)
	}
}

// The plain (beeep) notifier: the app name is set, withdraw is a no-op, events never come.
func TestPlain(t *testing.T) {
	ctx := testCtx(t)
	var got []string
	restore := notify.SetBeeepNotify(func(title, message string, icon any) error {
		got = append(got, beeep.AppName+"|"+title+"|"+message+"|"+fmt.Sprint(icon))
		return nil
	})
	defer restore()
	n := notify.NewPlain("CareKeeper", "icon.png")
	if err := n.Send(ctx, reminder("a")); err != nil {
		t.Fatal(err)
	}
	if err := n.Withdraw(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"CareKeeper|Mum — 08:00 medicines|Metformin 500 mg|icon.png"}; !slices.Equal(got, want) {
		t.Errorf("beeep got %q", got)
	}
	n.Close()
	if _, ok := <-n.Events(); ok {
		t.Error("an event from the plain notifier")
	}
	if err := n.Send(ctx, reminder("a")); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
}

// A notification shown by one process is closed by the next (Handles: its handle kept and
// adopted), and replaced by a Send with its tag; a handle from a notification server that has
// since restarted closes nothing (the new server's id 1 is someone else's notification).
func TestDBusAdoptAfterRestart(t *testing.T) {
	ctx := testCtx(t)
	n1, srv, addr := setup(t, []string{"body"})
	if err := n1.Send(ctx, reminder("a:p:1")); err != nil {
		t.Fatal(err)
	}
	if err := n1.Send(ctx, reminder("a:p:2")); err != nil {
		t.Fatal(err)
	}
	calls, err := srv.WaitNotify(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	h1 := n1.(notify.Handles).Handle(ctx, "a:p:1")
	h2 := n1.(notify.Handles).Handle(ctx, "a:p:2")
	if h1 == "" || h2 == "" || n1.(notify.Handles).Handle(ctx, "unknown") != "" {
		t.Fatalf("handles %q %q", h1, h2)
	}
	n1.Close()

	n2, err := notify.New(ctx, "CareKeeper", "")
	if err != nil {
		t.Fatal(err)
	}
	defer n2.Close()
	n2.(notify.Handles).Adopt("a:p:1", h1)
	n2.(notify.Handles).Adopt("a:p:2", h2)
	if err := n2.Withdraw(ctx, "a:p:1"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitClosed(ctx, calls[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := n2.Send(ctx, reminder("a:p:2")); err != nil {
		t.Fatal(err)
	}
	again, _ := srv.WaitNotify(ctx, 3)
	if again[2].ReplacesID != calls[1].ID {
		t.Errorf("a Send with an adopted tag: %+v, want it to replace id %d", again[2], calls[1].ID)
	}
	h2 = n2.(notify.Handles).Handle(ctx, "a:p:2")

	// The notification server restarts: its ids count from 1 again.
	srv.Close()
	srv2, err := notifytest.NewServer(notifytest.Connect(t, addr), "body")
	if err != nil {
		t.Fatal(err)
	}
	other := notify.Message{Tag: "other", Title: "another app"}
	if err := n2.Send(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := srv2.WaitNotify(ctx, 1); err != nil {
		t.Fatal(err)
	}
	n3, err := notify.New(ctx, "CareKeeper", "")
	if err != nil {
		t.Fatal(err)
	}
	defer n3.Close()
	n3.(notify.Handles).Adopt("a:p:2", h2)
	if err := n3.Withdraw(ctx, "a:p:2"); err != nil {
		t.Fatal(err)
	}
	if c := srv2.ClosedIDs(); len(c) != 0 {
		t.Errorf("a handle of the earlier server closed %v on the new one", c)
	}
}
