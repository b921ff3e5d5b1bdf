package webdav_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"carekeeper/sync/transport"
	"carekeeper/sync/transport/webdav"
)

// fakeDAV is the least of a WebDAV server Create needs (PUT, MOVE, GET, DELETE; no LOCK),
// with a hook to break a MOVE's answer after the move was done.
type fakeDAV struct {
	mu        sync.Mutex
	files     map[string][]byte
	moves     int
	loseMoves int // the first loseMoves MOVEs are done, but answered 502
	// refuseMoves: the first refuseMoves MOVEs are answered 412 Precondition Failed though
	// their destination does not exist (a lock Apache lost track of, F506)
	refuseMoves int
	lock        int // the answer to LOCK (0: 405 Method Not Allowed)
}

func (f *fakeDAV) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := r.URL.Path
	switch r.Method {
	case http.MethodPut:
		b, _ := io.ReadAll(r.Body)
		f.files[p] = b
		w.WriteHeader(http.StatusCreated)
	case http.MethodGet:
		b, ok := f.files[p]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Write(b)
	case http.MethodDelete:
		if _, ok := f.files[p]; !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		delete(f.files, p)
		w.WriteHeader(http.StatusNoContent)
	case "MOVE":
		u, _ := url.Parse(r.Header.Get("Destination"))
		b, ok := f.files[p]
		switch {
		case !ok:
			w.WriteHeader(http.StatusNotFound)
			return
		case f.files[u.Path] != nil && r.Header.Get("Overwrite") == "F":
			w.WriteHeader(http.StatusPreconditionFailed)
			return
		case f.refuseMoves > 0:
			f.refuseMoves--
			w.WriteHeader(http.StatusPreconditionFailed)
			return
		}
		f.files[u.Path] = b
		delete(f.files, p)
		f.moves++
		if f.moves <= f.loseMoves {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusCreated)
	case "PROPFIND": // the top folder's files (Depth 1)
		w.WriteHeader(http.StatusMultiStatus)
		fmt.Fprint(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">`)
		fmt.Fprint(w, `<d:response><d:href>/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`)
		for n, b := range f.files {
			fmt.Fprintf(w, `<d:response><d:href>%s</d:href><d:propstat><d:prop><d:resourcetype/><d:getcontentlength>%d</d:getcontentlength></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`, n, len(b))
		}
		fmt.Fprint(w, `</d:multistatus>`)
	case "LOCK":
		if f.lock != 0 {
			w.WriteHeader(f.lock)
			return
		}
		w.WriteHeader(http.StatusMethodNotAllowed)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// A server that offers no LOCK (405, 501) or forbids it (403, a proxy's rule) still gets
// files created, by the MOVE alone.
func TestCreateWithoutLock(t *testing.T) {
	for _, code := range []int{http.StatusMethodNotAllowed, http.StatusNotImplemented, http.StatusForbidden} {
		fake := &fakeDAV{files: map[string][]byte{}, lock: code}
		srv := httptest.NewServer(fake)
		c := newClient(t, srv.URL+"/", func(cfg *webdav.Config) { cfg.RetryMax = -1 })
		for i := range 2 {
			if err := c.Create(context.Background(), fmt.Sprint("f", i), []byte("x")); err != nil {
				t.Errorf("LOCK answered %d: Create: %v", code, err)
			}
		}
		srv.Close()
	}
}

// A MOVE that was done but whose answer was lost is retried; the retry finds the temporary
// name gone, and Create still succeeds (the name holds its bytes). A name created by someone
// else stays ErrExist. No temporary file is left either way.
func TestCreateSettlesALostMove(t *testing.T) {
	fake := &fakeDAV{files: map[string][]byte{}, loseMoves: 1}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	ctx := context.Background()
	if err := c.Create(ctx, "seg", []byte("mine")); err != nil {
		t.Fatalf("Create after a lost MOVE answer: %v", err)
	}
	if err := c.Create(ctx, "seg", []byte("other")); !errors.Is(err, transport.ErrExist) {
		t.Fatalf("second Create: %v", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if string(fake.files["/seg"]) != "mine" || len(fake.files) != 1 {
		var names []string
		for n := range fake.files {
			names = append(names, n)
		}
		t.Fatalf("server holds %v (seg = %q)", names, fake.files["/seg"])
	}
}

// F506: a MOVE answered 412 Precondition Failed whose destination then reads 404 is not
// "exists": Create told the household its file was there (a heartbeat, a pairing message),
// and nothing was written. It moves again and creates the file; a server that keeps refusing
// is an error in its own words, not transport.ErrExist.
func TestCreateRefusedMoveOfAMissingNameIsNotExists(t *testing.T) {
	fake := &fakeDAV{files: map[string][]byte{}, refuseMoves: 3}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	if err := c.Create(context.Background(), "seg", []byte("mine")); err != nil {
		t.Fatalf("Create after 3 MOVEs refused for a name that does not exist: %v", err)
	}
	fake.mu.Lock()
	got := string(fake.files["/seg"])
	fake.refuseMoves = 1 << 30
	fake.mu.Unlock()
	if got != "mine" {
		t.Fatalf("seg holds %q", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := c.Create(ctx, "other", []byte("x"))
	if err == nil || errors.Is(err, transport.ErrExist) {
		t.Fatalf("Create with every MOVE refused: %v, want an error that is not ErrExist", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if _, ok := fake.files["/other"]; ok || len(fake.files) != 1 {
		t.Errorf("server holds %d files", len(fake.files))
	}
}

// https works with the caller's transport (here: the test server's certificate).
func TestHTTPS(t *testing.T) {
	fake := &fakeDAV{files: map[string][]byte{}}
	srv := httptest.NewUnstartedServer(fake)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below
	srv.StartTLS()
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "https://") {
		t.Fatal(srv.URL)
	}
	c := newClient(t, srv.URL+"/", nil)
	if err := c.Create(context.Background(), "f", []byte("x")); err == nil {
		t.Fatal("an unknown certificate was accepted")
	}
	c = newClient(t, srv.URL+"/", func(cfg *webdav.Config) { cfg.Transport = srv.Client().Transport })
	if err := c.Create(context.Background(), "f", []byte("x")); err != nil {
		t.Fatal(err)
	}
}

// A server that makes the top level but answers every deeper MKCOL with 409 (parent
// missing) gets an error, not an endless loop of MKCOLs.
func TestMkdirAllConflictForever(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) > 100 {
			w.WriteHeader(http.StatusTeapot) // let the old endless loop end
			return
		}
		if strings.Count(strings.Trim(r.URL.Path, "/"), "/") == 0 {
			w.WriteHeader(http.StatusCreated)
			return
		}
		w.WriteHeader(http.StatusConflict)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	if err := c.MkdirAll(context.Background(), "a/b/c"); err == nil {
		t.Fatal("no error")
	}
	if n := calls.Load(); n > 6 {
		t.Fatalf("%d MKCOLs for three levels", n)
	}
}

// A server whose top folder is missing (every MKCOL 409) is ErrNotExist, said once: "… the top
// folder of the address given is not there", not followed by ": file does not exist".
func TestMkdirAllTopFolderMissing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusConflict)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/ck", nil)
	err := c.MkdirAll(context.Background(), "d")
	if !errors.Is(err, transport.ErrNotExist) || !strings.HasSuffix(err.Error(), "the top folder of the address given is not there") {
		t.Fatalf("top folder missing: %v", err)
	}
}

// Creates at once on a new client learn the server's kind from one probe (a LOCK of a
// temporary name), the others waiting for it (F506): eight probes at once made eight
// lock-null resources in one collection at the same moment, which corrupts Apache
// mod_dav_fs's locks (every creator of a name told "exists" with no file, or the name locked
// by nobody for a minute). The first probe is held until a second one arrives, or a moment
// after all eight files were sent.
func TestConcurrentCreatesProbeOnce(t *testing.T) {
	fake := &fakeDAV{files: map[string][]byte{}}
	var locks, puts atomic.Int32
	second := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPut:
			puts.Add(1)
		case "LOCK":
			if locks.Add(1) > 1 {
				once.Do(func() { close(second) })
				break
			}
			for puts.Load() < 8 {
				select {
				case <-second:
				case <-time.After(5 * time.Millisecond):
					continue
				}
				break
			}
			select {
			case <-second:
			case <-time.After(200 * time.Millisecond):
			}
		}
		fake.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL+"/", nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Create(context.Background(), fmt.Sprint("f", i), []byte("x")); err != nil {
				t.Errorf("Create f%d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if n := locks.Load(); n != 1 {
		t.Errorf("%d LOCK probes for 8 Creates at once on one client, want 1", n)
	}
}
