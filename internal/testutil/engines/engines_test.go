package engines_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
)

// Three instances; one is cut off, misses a file while the other two exchange it, and gets
// it once its links are back.
func TestSyncthingLinksDownAndUp(t *testing.T) {
	st := engines.StartSyncthing(t, 3, engines.SyncthingOptions{NoWatcher: true, RescanS: 3600})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := st.SetConnected(ctx, 2, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(st.Folders[0], "f"), []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.Scan(ctx, 0); err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(st.Folders[1], "f")); err == nil && string(b) == "hello" {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the file never reached instance 1")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Join(st.Folders[2], "f")); !os.IsNotExist(err) {
		t.Fatalf("instance 2 got the file while its links were down: %v", err)
	}
	if err := st.SetConnected(ctx, 2, true); err != nil {
		t.Fatal(err)
	}
	if err := st.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(st.Folders[2], "f")); err != nil || string(b) != "hello" {
		t.Fatalf("instance 2 after its links came back: %q %v", b, err)
	}
}

// Both WebDAV servers refuse a wrong password and serve the right one.
func TestWebDAVServersAuth(t *testing.T) {
	for _, start := range []func(testing.TB) *engines.WebDAV{engines.StartRclone, engines.StartApache} {
		w := start(t)
		for _, tc := range []struct {
			pass string
			want int
		}{{"wrong", 401}, {w.Password, 207}} {
			req, _ := http.NewRequest("PROPFIND", w.URL, nil)
			req.Header.Set("Depth", "0")
			req.SetBasicAuth(w.User, tc.pass)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("%s with password %q: %d, want %d", w.URL, tc.pass, resp.StatusCode, tc.want)
			}
		}
		if st, err := os.Stat(w.Dir); err != nil || !st.IsDir() {
			t.Errorf("Dir %s: %v", w.Dir, err)
		}
	}
}

// A WebDAV server taken down refuses connections, and comes back on the same address with
// the same files.
func TestWebDAVDownAndUp(t *testing.T) {
	for _, start := range []func(testing.TB) *engines.WebDAV{engines.StartRclone, engines.StartApache} {
		w := start(t)
		put := func() (int, error) {
			req, _ := http.NewRequest(http.MethodPut, w.URL+"f", strings.NewReader("kept"))
			req.SetBasicAuth(w.User, w.Password)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return 0, err
			}
			resp.Body.Close()
			return resp.StatusCode, nil
		}
		if code, err := put(); err != nil || code != http.StatusCreated {
			t.Fatalf("%s: PUT %d %v", w.URL, code, err)
		}
		w.SetUp(t, false)
		if _, err := put(); err == nil {
			t.Fatalf("%s still serves after SetUp(false)", w.URL)
		}
		w.SetUp(t, true)
		req, _ := http.NewRequest(http.MethodGet, w.URL+"f", nil)
		req.SetBasicAuth(w.User, w.Password)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "kept" {
			t.Fatalf("%s after SetUp(true): %d %q", w.URL, resp.StatusCode, b)
		}
	}
}

// A test binary killed outright (SIGKILL: no cleanup runs) takes its WebDAV servers with it:
// Apache started as root changes its user, which clears the kernel's parent-death signal, so
// it is watched by a shell instead (before, it kept serving).
func TestServersEndWithAKilledTest(t *testing.T) {
	if os.Getenv("CAREKEEPER_TEST_ENGINES_HELPER") != "" {
		a, r := engines.StartApache(t), engines.StartRclone(t)
		fmt.Println(a.URL, r.URL, filepath.Dir(a.Dir), filepath.Dir(filepath.Dir(r.Dir)))
		time.Sleep(2 * time.Minute)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServersEndWithAKilledTest$")
	cmd.Env = append(os.Environ(), "CAREKEEPER_TEST_ENGINES_HELPER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	f := strings.Fields(line)
	if len(f) != 4 {
		t.Fatalf("helper said %q", line)
	}
	defer os.RemoveAll(f[2])
	defer os.RemoveAll(f[3])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, u := range f[:2] {
		for {
			resp, err := http.Get(u)
			if err != nil {
				break // refused: gone
			}
			resp.Body.Close()
			if ctx.Err() != nil {
				t.Fatalf("%s still serves after its test binary was killed", u)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
