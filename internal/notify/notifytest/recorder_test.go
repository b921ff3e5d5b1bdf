package notifytest

import (
	"context"
	"errors"
	"testing"
	"time"

	"carekeeper/internal/notify"
)

func TestRecorder(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r := NewRecorder()
	done := make(chan []notify.Message)
	go func() {
		ms, err := r.WaitSent(ctx, 2)
		if err != nil {
			t.Error(err)
		}
		done <- ms
	}()
	a := notify.Message{Tag: "a", Title: "t1", Actions: notify.ReminderActions}
	b := notify.Message{Tag: "a", Title: "t2"}
	if err := r.Send(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := r.Send(ctx, b); err != nil {
		t.Fatal(err)
	}
	if ms := <-done; len(ms) != 2 || ms[0].Title != "t1" || ms[1].Title != "t2" {
		t.Errorf("WaitSent: %+v", ms)
	}
	if s := r.Shown(); len(s) != 1 || s["a"].Title != "t2" {
		t.Errorf("Shown: %+v", s)
	}
	if !r.Act("a", notify.ActionTaken) {
		t.Fatal("Act refused")
	}
	if e := <-r.Events(); e != (notify.Event{Tag: "a", Action: "taken"}) {
		t.Errorf("event %+v", e)
	}
	if err := r.Withdraw(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := r.WaitWithdrawn(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if len(r.Shown()) != 0 || len(r.Withdrawn()) != 1 {
		t.Errorf("after Withdraw: shown %v withdrawn %v", r.Shown(), r.Withdrawn())
	}
	boom := errors.New("no server")
	r.FailSends(boom)
	if err := r.Send(ctx, a); !errors.Is(err, boom) {
		t.Errorf("FailSends: %v", err)
	}
	r.FailSends(nil)
	r.Close()
	if _, ok := <-r.Events(); ok {
		t.Error("Events open after Close")
	}
	if err := r.Send(ctx, a); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
	if r.Act("a", "taken") {
		t.Error("Act after Close")
	}
	if len(r.Sent()) != 2 {
		t.Errorf("Sent: %d", len(r.Sent()))
	}
}

func TestRecorderWaitEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewRecorder().WaitSent(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitSent on a cancelled context: %v", err)
	}
}
