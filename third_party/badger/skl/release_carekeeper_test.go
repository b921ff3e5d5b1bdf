package skl

import (
	"fmt"
	"runtime"
	"testing"
	"weak"

	"github.com/dgraph-io/badger/v4/y"
)

// A skiplist's last reference gone (DecrRef), its arena can be collected although the
// Skiplist value itself is still held (Badger keeps closed memtables' Skiplists in lists a
// while): the finger's nodes, which point into the arena, go with the head. They kept a
// 64 MiB arena alive (e3d3d17).
func TestArenaFreedAfterDecrRef(t *testing.T) {
	s := NewSkiplist(1 << 20)
	for i := range 1000 { // in order: the finger follows the last key
		s.Put(y.KeyWithTs([]byte(fmt.Sprintf("key%05d", i)), 1), y.ValueStruct{Value: []byte{1}})
	}
	arena := weak.Make(&s.arena.buf[0])
	s.DecrRef()
	for range 3 {
		runtime.GC()
	}
	if arena.Value() != nil {
		t.Error("the arena is still reachable after the skiplist's last DecrRef")
	}
	runtime.KeepAlive(s)
}
