package skl

import (
	"fmt"
	"math/rand"
	"slices"
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4/y"
)

// checkList checks every level of s: keys in strictly increasing order, each level holding
// exactly the nodes of level 0 tall enough for it, and each key of want readable with its
// value.
func checkList(t *testing.T, s *Skiplist, want map[string]byte) {
	t.Helper()
	var base []*node
	for n := s.getNext(s.head, 0); n != nil; n = s.getNext(n, 0) {
		base = append(base, n)
	}
	if len(base) != len(want) {
		t.Fatalf("level 0 holds %d nodes, want %d", len(base), len(want))
	}
	for i := 1; i < len(base); i++ {
		if y.CompareKeys(base[i-1].key(s.arena), base[i].key(s.arena)) >= 0 {
			t.Fatalf("level 0 out of order at %d", i)
		}
	}
	for lvl := 1; lvl < int(s.getHeight()); lvl++ {
		var got []*node
		for n := s.getNext(s.head, lvl); n != nil; n = s.getNext(n, lvl) {
			got = append(got, n)
		}
		tall := slices.DeleteFunc(slices.Clone(base), func(n *node) bool { return int(n.height) <= lvl })
		if !slices.Equal(got, tall) {
			t.Fatalf("level %d holds %d nodes, want the %d of level 0 that tall", lvl, len(got), len(tall))
		}
	}
	for k, v := range want {
		if got := s.Get([]byte(k)); len(got.Value) != 1 || got.Value[0] != v {
			t.Fatalf("key %q reads %v, want %d", k, got.Value, v)
		}
	}
}

// Keys put in order are put from the last one (the finger), also into a list holding other
// keys between them, and keys put out of order, again, or from other goroutines at once
// (which cannot use the finger) still land where they belong on every level.
func TestPutFromFinger(t *testing.T) {
	key := func(prefix string, n int) []byte {
		return y.KeyWithTs(fmt.Appendf(nil, "%s\x00profile\x00%08d", prefix, n), 7)
	}
	rng := rand.New(rand.NewSource(1))
	for _, c := range []struct {
		name  string
		order func() [][]byte
	}{
		{"in order", func() [][]byte {
			var out [][]byte
			for i := 0; i < 3000; i++ {
				out = append(out, key("r", i))
			}
			return out
		}},
		{"sorted runs between earlier keys", func() [][]byte {
			var out [][]byte
			for run := 0; run < 12; run++ { // as 12 files' commits: each sorted, all interleaved
				for i := 0; i < 400; i++ {
					out = append(out, key("x", i*12+run))
				}
			}
			return out
		}},
		{"runs of several prefixes", func() [][]byte {
			var out [][]byte
			for run := 0; run < 6; run++ {
				for _, p := range []string{"c", "r", "t", "u", "y"} {
					for i := 0; i < 200; i++ {
						out = append(out, key(p, run*1000+i))
					}
				}
			}
			return out
		}},
		{"descending", func() [][]byte {
			var out [][]byte
			for i := 2000; i > 0; i-- {
				out = append(out, key("r", i))
			}
			return out
		}},
		{"random with repeats", func() [][]byte {
			var out [][]byte
			for i := 0; i < 4000; i++ {
				out = append(out, key("i", rng.Intn(1500)))
			}
			return out
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewSkiplist(32 << 20)
			defer s.DecrRef()
			want := map[string]byte{}
			for i, k := range c.order() {
				v := byte(i)
				_, again := want[string(k)]
				s.Put(k, y.ValueStruct{Value: []byte{v}})
				want[string(k)] = v
				if !again && (s.last == nil || y.CompareKeys(s.last.key(s.arena), k) != 0) {
					t.Fatalf("put %d: the finger is not at the key just put", i)
				}
			}
			checkList(t, s, want)
		})
	}
	t.Run("concurrent", func(t *testing.T) {
		s := NewSkiplist(32 << 20)
		defer s.DecrRef()
		var wg sync.WaitGroup
		var mu sync.Mutex
		want := map[string]byte{}
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 1500; i++ {
					k := key("r", i*4+g)
					if g%2 == 1 {
						k = key("r", (1500-i)*4+g)
					}
					s.Put(k, y.ValueStruct{Value: []byte{byte(g)}})
					mu.Lock()
					want[string(k)] = byte(g)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		checkList(t, s, want)
	})
}
