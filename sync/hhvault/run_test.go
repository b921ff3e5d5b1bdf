package hhvault

import (
	"errors"
	"testing"
	"time"
)

func TestScheduleNext(t *testing.T) {
	o := RunOptions{}
	o.fill()
	s := &schedule{o: &o}
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	fail := errors.New("unreachable")
	for i, step := range []struct {
		at    time.Duration
		moved bool
		err   error
		want  time.Duration
	}{
		{0, false, nil, time.Minute},              // idle
		{time.Minute, true, nil, 5 * time.Second}, // something moved: busy
		{time.Minute + 5*time.Second, false, nil, 5 * time.Second},
		{3*time.Minute + 1, false, nil, time.Minute},    // busy period over
		{4 * time.Minute, false, fail, 5 * time.Second}, // failures back off
		{5 * time.Minute, false, fail, 10 * time.Second},
		{6 * time.Minute, false, fail, 20 * time.Second},
		{7 * time.Minute, false, nil, time.Minute}, // recovered
	} {
		if got := s.next(t0.Add(step.at), step.moved, step.err); got != step.want {
			t.Errorf("step %d: wait %v, want %v", i, got, step.want)
		}
	}
	for range 20 {
		s.next(t0, false, fail)
	}
	if got := s.next(t0, false, fail); got != 15*time.Minute {
		t.Errorf("long outage: wait %v, want the 15-minute cap", got)
	}
}
