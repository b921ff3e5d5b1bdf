// Package transporttest is the one conformance suite every transport.Transport passes:
// create-once (ErrExist, concurrent creators of one name: exactly one wins), ErrNotExist,
// non-recursive sorted listings, nested directories, bounded reads, refused names, and no
// partial file ever visible under its final name.
//
// Run works on Stores: two views A and B of one fresh, empty store. For a plain transport
// (a folder, a WebDAV server) A and B are two clients of the same store and Sync is nil. For
// a folder pair carried by a sync engine (two Syncthing instances), A and B are the two
// folders and Sync waits until the engine has carried every change both ways; there two
// devices creating one name at once cannot be refused (each folder is local), so the suite
// checks instead that both sides end with the same one of the two files.
package transporttest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"sync"
	"testing"
	"time"

	"carekeeper/sync/transport"
)

// Store is one fresh, empty store seen through two transports.
type Store struct {
	A, B transport.Transport
	// Sync returns once every change made through A or B is visible through both; nil when
	// A and B are one store.
	Sync func(ctx context.Context) error
	// Carried is true when A and B are separate folders kept in step by a sync engine.
	Carried bool
}

// KillDuringCreates checks that a process killed (SIGKILL) at random moments while it
// creates files never leaves a partial file under a final name: it starts helper(round), a
// process that calls CreateLoop on a transport of the same store as tr, kills it, rounds
// times, and then checks every file tr lists under a name CreateLoop uses ("k-<n>") against
// Payload (temporary names are left alone); a transport that is a transport.Sweeper must
// then remove exactly the temporary files.
func KillDuringCreates(t *testing.T, ctx context.Context, rounds int, helper func(round int) *exec.Cmd, tr transport.Transport) {
	t.Helper()
	for round := range rounds {
		cmd := helper(round)
		out := &bytes.Buffer{}
		cmd.Stderr = out
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Once its first file is in place, kill it at a random moment of the next creates
		// (each takes a few milliseconds).
		line, _ := bufio.NewReader(pipe).ReadString('\n')
		if line != "created\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper round %d: %q %s", round, line, out)
		}
		time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
	}
	es, err := tr.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	complete := 0 // the first file of each round at least
	for _, e := range es {
		var n int
		if _, err := fmt.Sscanf(e.Name, "k-%d", &n); err != nil || fmt.Sprintf("k-%d", n) != e.Name {
			continue // a temporary file of a killed create: allowed
		}
		want := Payload(e.Name, killSize(n))
		got, err := tr.Read(ctx, e.Name, 1<<22)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s after kills: %d bytes (%v), want the %d written", e.Name, len(got), err, len(want))
		}
		complete++
	}
	if complete < rounds {
		t.Fatalf("%d complete files after %d rounds, each of which created one: %v", complete, rounds, es)
	}
	t.Logf("%d complete files after %d kills; %d entries in all", complete, rounds, len(es))
	sw, ok := tr.(transport.Sweeper)
	if !ok {
		return
	}
	// The killed creates' temporary files: kept by a Sweep for old ones, gone after one for
	// all ages; the complete files stay.
	if n, err := sw.Sweep(ctx, "", time.Hour); err != nil || n != 0 {
		t.Fatalf("Sweep of files older than an hour: %d removed, %v", n, err)
	}
	n, err := sw.Sweep(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	after, err := tr.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// A killed client's last request may still be landing on a server: a temporary file
	// appearing after the first listing (it may be removed too, or be there after), or a MOVE
	// of a listed temporary file to its final name (the temporary file then goes without the
	// Sweep, and a complete file appears under a name the first listing did not have). Each
	// such final file accounts for one temporary file the Sweep did not find.
	had := map[string]bool{}
	for _, e := range after {
		had[e.Name] = true
	}
	listed := map[string]bool{}
	for _, e := range es {
		listed[e.Name] = true
	}
	landed := 0
	for _, e := range after {
		var k int
		if _, err := fmt.Sscanf(e.Name, "k-%d", &k); err != nil || fmt.Sprintf("k-%d", k) != e.Name || listed[e.Name] {
			continue
		}
		want := Payload(e.Name, killSize(k))
		if got, err := tr.Read(ctx, e.Name, 1<<22); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s, landed after the kills: %d bytes (%v), want the %d written", e.Name, len(got), err, len(want))
		}
		landed++
	}
	kept := 0
	for _, e := range es {
		var k int
		_, err := fmt.Sscanf(e.Name, "k-%d", &k)
		final := err == nil && fmt.Sprintf("k-%d", k) == e.Name
		switch {
		case final && !had[e.Name]:
			t.Fatalf("Sweep removed the complete file %s", e.Name)
		case final:
			kept++
		case had[e.Name]:
			t.Fatalf("Sweep left the temporary file %s", e.Name)
		}
	}
	if n+landed < len(es)-kept {
		t.Fatalf("Sweep says it removed %d files of the %d temporary ones (%d moved to their final names meanwhile)", n, len(es)-kept, landed)
	}
}

func killSize(n int) int { return 64<<10 + (n%7)*(100<<10) }

// CreateLoop is the helper's side of KillDuringCreates: it creates k-<round*100000+i> for
// i = 0, 1, ... until killed (or 2000 files), saying "created" on stdout after the first.
func CreateLoop(ctx context.Context, round int, tr transport.Transport) error {
	for i := range 2000 {
		n := round*100000 + i
		name := fmt.Sprintf("k-%d", n)
		if err := tr.Create(ctx, name, Payload(name, killSize(n))); err != nil {
			return fmt.Errorf("create loop: %w", err)
		}
		if i == 0 {
			fmt.Println("created")
		}
	}
	return nil
}

// Run runs the suite; open returns a fresh, empty Store for each subtest.
func Run(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, ctx context.Context, s Store)
	}{
		{"CreateRead", testCreateRead},
		{"CreateOnce", testCreateOnce},
		{"CreateOverDirectory", testCreateOverDir},
		{"NotExist", testNotExist},
		{"Remove", testRemove},
		{"Listing", testListing},
		{"Nested", testNested},
		{"BoundedRead", testBoundedRead},
		{"BadNames", testBadNames},
		{"ConcurrentCreators", testConcurrent},
		{"NoPartialFiles", testNoPartial},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			tc.fn(t, ctx, open(t))
		})
	}
}

func settle(t *testing.T, ctx context.Context, s Store) {
	t.Helper()
	if s.Sync == nil {
		return
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

func mustCreate(t *testing.T, ctx context.Context, tr transport.Transport, name string, data []byte) {
	t.Helper()
	if err := tr.Create(ctx, name, data); err != nil {
		t.Fatalf("Create(%q): %v", name, err)
	}
}

func mustRead(t *testing.T, ctx context.Context, tr transport.Transport, name string, want []byte) {
	t.Helper()
	got, err := tr.Read(ctx, name, int64(len(want))+1)
	if err != nil {
		t.Fatalf("Read(%q): %v", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Read(%q) = %d bytes, want the %d written", name, len(got), len(want))
	}
}

func mustList(t *testing.T, ctx context.Context, tr transport.Transport, dir string, want ...transport.Entry) {
	t.Helper()
	got, err := tr.List(ctx, dir)
	if err != nil {
		t.Fatalf("List(%q): %v", dir, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("List(%q) =\n %v\nwant\n %v", dir, got, want)
	}
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got %v, want an error matching %q", what, err, target)
	}
}

// Payload is n bytes that depend on seed, so that files of the same size differ and a file's
// content can be checked from its name.
func Payload(seed string, n int) []byte { return payload(seed, n) }

func payload(seed string, n int) []byte {
	b := make([]byte, n)
	h := uint32(2166136261)
	for i := 0; i < len(seed); i++ {
		h = (h ^ uint32(seed[i])) * 16777619
	}
	for i := range b {
		h ^= h << 13
		h ^= h >> 17
		h ^= h << 5
		b[i] = byte(h)
	}
	return b
}

func file(name string, size int) transport.Entry {
	return transport.Entry{Name: name, Size: int64(size)}
}
func dir(name string) transport.Entry { return transport.Entry{Name: name, Dir: true} }

func testCreateRead(t *testing.T, ctx context.Context, s Store) {
	data := payload("seg", 3000)
	mustCreate(t, ctx, s.A, "0001.seg", data)
	mustCreate(t, ctx, s.A, "empty", nil)
	settle(t, ctx, s)
	mustRead(t, ctx, s.B, "0001.seg", data)
	mustRead(t, ctx, s.B, "empty", nil)
	mustList(t, ctx, s.B, "", file("0001.seg", 3000), file("empty", 0))
}

func testCreateOnce(t *testing.T, ctx context.Context, s Store) {
	first := payload("first", 100)
	mustCreate(t, ctx, s.A, "once", first)
	wantErr(t, "second Create on the same transport", s.A.Create(ctx, "once", payload("second", 50)), transport.ErrExist)
	settle(t, ctx, s)
	wantErr(t, "Create through the other view", s.B.Create(ctx, "once", payload("third", 70)), transport.ErrExist)
	settle(t, ctx, s)
	mustRead(t, ctx, s.A, "once", first)
	mustRead(t, ctx, s.B, "once", first)
	mustList(t, ctx, s.B, "", file("once", 100))
}

func testCreateOverDir(t *testing.T, ctx context.Context, s Store) {
	if err := s.A.MkdirAll(ctx, "x/y"); err != nil {
		t.Fatal(err)
	}
	settle(t, ctx, s)
	wantErr(t, "Create over a directory", s.B.Create(ctx, "x", []byte("data")), transport.ErrExist)
	settle(t, ctx, s)
	mustList(t, ctx, s.A, "", dir("x"))
	mustList(t, ctx, s.A, "x", dir("y"))
}

func testNotExist(t *testing.T, ctx context.Context, s Store) {
	_, err := s.A.Read(ctx, "missing", 100)
	wantErr(t, "Read of a missing file", err, transport.ErrNotExist)
	wantErr(t, "Remove of a missing file", s.A.Remove(ctx, "missing"), transport.ErrNotExist)
	_, err = s.A.List(ctx, "missing-dir")
	wantErr(t, "List of a missing directory", err, transport.ErrNotExist)
	wantErr(t, "Create in a missing directory", s.A.Create(ctx, "missing-dir/f", []byte("x")), transport.ErrNotExist)
	_, err = s.A.Read(ctx, "missing-dir/f", 100)
	wantErr(t, "Read in a missing directory", err, transport.ErrNotExist)
	mustList(t, ctx, s.A, "")
}

func testRemove(t *testing.T, ctx context.Context, s Store) {
	mustCreate(t, ctx, s.A, "gone", []byte("x"))
	mustCreate(t, ctx, s.A, "kept", []byte("y"))
	settle(t, ctx, s)
	if err := s.B.Remove(ctx, "gone"); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	settle(t, ctx, s)
	_, err := s.A.Read(ctx, "gone", 10)
	wantErr(t, "Read after Remove", err, transport.ErrNotExist)
	mustList(t, ctx, s.A, "", file("kept", 1))
	// A removed name can be created again.
	mustCreate(t, ctx, s.A, "gone", []byte("again"))
	settle(t, ctx, s)
	mustRead(t, ctx, s.B, "gone", []byte("again"))
}

func testListing(t *testing.T, ctx context.Context, s Store) {
	for _, d := range []string{"d/x", "c"} {
		if err := s.A.MkdirAll(ctx, d); err != nil {
			t.Fatalf("MkdirAll(%q): %v", d, err)
		}
	}
	mustCreate(t, ctx, s.A, "top", payload("top", 7))
	mustCreate(t, ctx, s.A, "d/f1", payload("f1", 11))
	mustCreate(t, ctx, s.A, "d/x/f2", payload("f2", 13))
	mustCreate(t, ctx, s.A, "d/a-b_c.d", payload("f3", 1))
	settle(t, ctx, s)
	mustList(t, ctx, s.B, "", dir("c"), dir("d"), file("top", 7))
	mustList(t, ctx, s.B, "d", file("a-b_c.d", 1), file("f1", 11), dir("x"))
	mustList(t, ctx, s.B, "d/x", file("f2", 13))
	mustList(t, ctx, s.B, "c")
}

func testNested(t *testing.T, ctx context.Context, s Store) {
	for i := 0; i < 2; i++ { // MkdirAll is idempotent
		if err := s.A.MkdirAll(ctx, "d/0123456789abcdef/seg"); err != nil {
			t.Fatalf("MkdirAll: %v", err)
		}
	}
	if err := s.A.MkdirAll(ctx, ""); err != nil {
		t.Fatalf("MkdirAll(root): %v", err)
	}
	data := payload("nested", 500)
	mustCreate(t, ctx, s.A, "d/0123456789abcdef/seg/0000000000000001-00000001.seg", data)
	settle(t, ctx, s)
	if err := s.B.MkdirAll(ctx, "d/0123456789abcdef"); err != nil { // exists already
		t.Fatalf("MkdirAll of an existing directory: %v", err)
	}
	mustRead(t, ctx, s.B, "d/0123456789abcdef/seg/0000000000000001-00000001.seg", data)
	mustList(t, ctx, s.B, "d/0123456789abcdef", dir("seg"))
}

func testBoundedRead(t *testing.T, ctx context.Context, s Store) {
	data := payload("bounded", 1000)
	mustCreate(t, ctx, s.A, "f", data)
	settle(t, ctx, s)
	for _, limit := range []int64{0, 1, 999} {
		_, err := s.B.Read(ctx, "f", limit)
		wantErr(t, fmt.Sprintf("Read with limit %d of 1000 bytes", limit), err, transport.ErrTooLarge)
	}
	for _, limit := range []int64{1000, 1 << 20} {
		got, err := s.B.Read(ctx, "f", limit)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("Read with limit %d: %d bytes, %v", limit, len(got), err)
		}
	}
}

func testBadNames(t *testing.T, ctx context.Context, s Store) {
	for _, name := range []string{"", "/abs", "../up", "a/../../up", "a//b", "a/./b", "a/", "tab\tname", "caf\u00e9", `back\slash`, "..", "."} {
		if name != "" {
			_, err := s.A.Read(ctx, name, 10)
			wantErr(t, fmt.Sprintf("Read(%q)", name), err, transport.ErrBadName)
			wantErr(t, fmt.Sprintf("MkdirAll(%q)", name), s.A.MkdirAll(ctx, name), transport.ErrBadName)
			_, err = s.A.List(ctx, name)
			wantErr(t, fmt.Sprintf("List(%q)", name), err, transport.ErrBadName)
		}
		wantErr(t, fmt.Sprintf("Create(%q)", name), s.A.Create(ctx, name, []byte("x")), transport.ErrBadName)
		wantErr(t, fmt.Sprintf("Remove(%q)", name), s.A.Remove(ctx, name), transport.ErrBadName)
	}
	mustList(t, ctx, s.A, "")
}

func testConcurrent(t *testing.T, ctx context.Context, s Store) {
	if s.Carried {
		testConcurrentCarried(t, ctx, s)
		return
	}
	const creators = 8
	for round := 0; round < 3; round++ {
		name := fmt.Sprintf("race-%d", round)
		errs := make([]error, creators)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range creators {
			tr := s.A
			if i%2 == 1 {
				tr = s.B
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = tr.Create(ctx, name, payload(fmt.Sprint(name, i), 2000+i))
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("%s: creators %d and %d both succeeded", name, winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, transport.ErrExist):
				t.Fatalf("%s: creator %d: %v, want success or ErrExist", name, i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("%s: no creator succeeded: %v", name, errs)
		}
		mustRead(t, ctx, s.A, name, payload(fmt.Sprint(name, winner), 2000+winner))
	}
}

// testConcurrentCarried: two devices create one name at once in their own folders; the
// engine must leave both folders with the same one of the two files under that name.
func testConcurrentCarried(t *testing.T, ctx context.Context, s Store) {
	a, b := payload("from-a", 300), payload("from-b", 400)
	mustCreate(t, ctx, s.A, "both", a)
	mustCreate(t, ctx, s.B, "both", b)
	settle(t, ctx, s)
	settle(t, ctx, s)
	ga, errA := s.A.Read(ctx, "both", 1000)
	gb, errB := s.B.Read(ctx, "both", 1000)
	if errA != nil || errB != nil {
		t.Fatalf("Read after the engine settled: %v, %v", errA, errB)
	}
	if !bytes.Equal(ga, gb) || (!bytes.Equal(ga, a) && !bytes.Equal(ga, b)) {
		t.Fatalf("the two folders hold different files under one name (%d and %d bytes)", len(ga), len(gb))
	}
}

// testNoPartial: while files of up to 8.5 MiB are created through A, every file listed
// through B under a final name reads complete.
func testNoPartial(t *testing.T, ctx context.Context, s Store) {
	const n = 6
	size := func(i int) int { return 1<<20 + i*(3<<19) }
	// The writer creates every file, then (carried stores) waits for the engine, while this
	// goroutine keeps listing and reading B: during the writes and, for an engine, during
	// its transfers.
	done := make(chan error, 1)
	go func() {
		for i := range n {
			name := fmt.Sprintf("big-%d", i)
			if err := s.A.Create(ctx, name, payload(name, size(i))); err != nil {
				done <- err
				return
			}
		}
		if s.Sync != nil {
			done <- s.Sync(ctx)
			return
		}
		done <- nil
	}()
	verified := map[string]bool{}
	check := func() int {
		es, err := s.B.List(ctx, "")
		if err != nil {
			t.Fatalf("List during writes: %v", err)
		}
		seen := 0
		for _, e := range es {
			var i int
			if _, err := fmt.Sscanf(e.Name, "big-%d", &i); err != nil || fmt.Sprintf("big-%d", i) != e.Name {
				continue // a temporary name: fine
			}
			seen++
			want := payload(e.Name, size(i))
			if e.Size != int64(len(want)) {
				t.Fatalf("%s listed with %d bytes while being written, want %d", e.Name, e.Size, len(want))
			}
			if verified[e.Name] {
				continue
			}
			got, err := s.B.Read(ctx, e.Name, 16<<20)
			if errors.Is(err, transport.ErrNotExist) {
				continue
			}
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s read %d bytes (%v) while being written, want the %d complete", e.Name, len(got), err, len(want))
			}
			verified[e.Name] = true
		}
		return seen
	}
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("writer: %v", err)
			}
			if seen := check(); seen != n {
				t.Fatalf("%d of %d files listed after the writer finished", seen, n)
			}
			return
		default:
			check()
			time.Sleep(time.Millisecond) // leave the engine some of the CPU
		}
	}
}
