package notify_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/notify"
)

// The queue keeps every event, in order, however long nobody reads; close ends delivery.
func TestEventQueue(t *testing.T) {
	push, out, closeQ := notify.NewEventQueue()
	for i := range 1000 {
		push(notify.Event{Tag: string(rune('a' + i%26)), Action: "taken"})
	}
	for i := range 1000 {
		if e := <-out; e.Tag != string(rune('a'+i%26)) {
			t.Fatalf("event %d: %+v", i, e)
		}
	}
	closeQ()
	closeQ()
	push(notify.Event{Tag: "late"})
	if e, ok := <-out; ok {
		t.Errorf("after close: %+v", e)
	}
}

func TestIconFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "carekeeper")
	for _, png := range [][]byte{[]byte("\x89PNG one"), []byte("\x89PNG one"), []byte("\x89PNG two")} {
		p, err := notify.IconFileIn(dir, png)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(p); !bytes.Equal(got, png) {
			t.Errorf("icon holds %q, want %q", got, png)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("left behind: %v", es)
	}
}
