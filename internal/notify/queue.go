package notify

import (
	"os"
	"path/filepath"
	"sync"
)

// eventQueue hands events to a channel without ever blocking the sender and without dropping
// any: a "Taken" click must reach the engine even if it is busy for a while.
type eventQueue struct {
	out chan Event

	mu      sync.Mutex
	pending []Event // guarded by mu
	closed  bool    // guarded by mu
	wake    chan struct{}
	done    chan struct{}
}

func newEventQueue() *eventQueue {
	q := &eventQueue{out: make(chan Event), wake: make(chan struct{}, 1), done: make(chan struct{})}
	go q.pump()
	return q
}

// push queues e; after close it is dropped.
func (q *eventQueue) push(e Event) {
	q.mu.Lock()
	if !q.closed {
		q.pending = append(q.pending, e)
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// close stops delivery and closes out (undelivered events are dropped).
func (q *eventQueue) close() {
	q.mu.Lock()
	already := q.closed
	q.closed = true
	q.mu.Unlock()
	if !already {
		close(q.done)
	}
}

func (q *eventQueue) pump() {
	defer close(q.out)
	for {
		q.mu.Lock()
		var next *Event
		if len(q.pending) > 0 {
			e := q.pending[0]
			q.pending = q.pending[1:]
			next = &e
		}
		q.mu.Unlock()
		if next == nil {
			select {
			case <-q.wake:
				continue
			case <-q.done:
				return
			}
		}
		select {
		case q.out <- *next:
		case <-q.done:
			return
		}
	}
}

// absIcon makes a relative path to an existing icon file absolute (servers run elsewhere);
// icon names stay as they are.
func absIcon(icon string) string {
	if icon == "" || filepath.IsAbs(icon) {
		return icon
	}
	if _, err := os.Stat(icon); err != nil {
		return icon
	}
	if abs, err := filepath.Abs(icon); err == nil {
		return abs
	}
	return icon
}
