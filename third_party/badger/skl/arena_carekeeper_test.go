package skl

import (
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4/y"
)

// Putting a key into the skiplist allocates nothing: the arena holds the node, key and value
// (CareKeeper: the arena's assertions made the numbers of their message escape to the heap on
// every put, about six allocations an entry).
func TestPutAllocatesNothing(t *testing.T) {
	s := NewSkiplist(8 << 20)
	defer s.DecrRef()
	keys := make([][]byte, 2000)
	for i := range keys {
		keys[i] = y.KeyWithTs(fmt.Appendf(nil, "r\x00profile\x002020-01-%02d\x00local\x00Observation\x00id-%06d", i%28+1, i), 5)
	}
	v := y.ValueStruct{Value: make([]byte, 300), Meta: 1}
	i := 0
	if n := testing.AllocsPerRun(1000, func() {
		s.Put(keys[i], v)
		i++
	}); n != 0 {
		t.Errorf("%v allocations a put, want none", n)
	}
	if got := s.Get(keys[500]); len(got.Value) != 300 {
		t.Errorf("a key put reads back with a %d-byte value", len(got.Value))
	}
}
