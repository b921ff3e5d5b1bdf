package hhvault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/sync/transport/webdav"
)

// The status line says why the last exchange failed in one plain sentence, with when it tries
// again (it showed the raw chain: "the latest try failed: household: listing the devices'
// folders: cannot reach the WebDAV server …: dial tcp …: connect: connection refused"); the
// chain stays in Last.Error for --json.
func TestStatusLineSaysFailureInWords(t *testing.T) {
	ctx := context.Background()

	// A WebDAV server that is not there: the real client's error.
	addr := testutil.RefusedAddr(t)
	dav := Config{WebDAV: "http://" + addr + "/dav/"}
	c, err := webdav.New(webdav.Config{URL: dav.WebDAV, User: "u", Password: "p", RetryMax: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, refused := c.List(ctx, "d")
	if refused == nil {
		t.Fatal("a listing on a closed port succeeded")
	}
	refused = fmt.Errorf("household: listing the devices' folders: %w", refused)

	if pf := PlainFailure(refused, dav); pf.Error() != "the WebDAV server "+addr+" could not be reached (connection refused)" || !errors.Is(pf, syscall.ECONNREFUSED) {
		t.Errorf("PlainFailure: %q (still connection refused: %v)", pf, errors.Is(pf, syscall.ECONNREFUSED))
	}

	dir := t.TempDir()
	folder := Config{Folder: dir}
	for _, tt := range []struct {
		name string
		err  error
		cfg  Config
		want string
	}{
		{"WebDAV refused", refused, dav, "the WebDAV server " + addr + " could not be reached (connection refused)"},
		{"folder not writable", fmt.Errorf("household: sending: the shared folder %s: create d/x: %w", dir, syscall.EACCES), folder,
			"CareKeeper may not write in the shared folder " + dir + " (check its permissions)"},
		{"folder full", fmt.Errorf("household: sending: the shared folder %s: create d/x: %w", dir, syscall.ENOSPC), folder,
			"the disk of the shared folder " + dir + " is full"},
	} {
		if got := FailureWords(tt.err, tt.cfg); got != tt.want {
			t.Errorf("%s: %q, want %q (from %q)", tt.name, got, tt.want, tt.err)
		}
	}

	// A real household whose folder goes away: the exchange records the words, and the
	// background exchange when it tries again.
	shared := filepath.Join(t.TempDir(), "Family")
	if err := os.Mkdir(shared, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Folder: shared}
	v := openVault(t)
	h, err := Create(ctx, v, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := Exchange(ctx, v, h, now); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(shared, shared+"-moved"); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, v, h, now.Add(time.Minute)); err == nil {
		t.Fatal("an exchange without its folder succeeded")
	}
	recordRetry(ctx, v, now.Add(5*time.Minute))
	last := LoadLast(v)
	// The status says the folder is not there in the line 'household status' says (it said the
	// failure in the status line and, in the CLI only, again as its own line).
	gone := "The shared folder " + shared + " is not there (is its drive connected, or was it moved?): nothing is exchanged until it is back"
	if st := MakeStatus(h, cfg, last, now.Add(time.Minute)); st.Line != "Last in step 1 minute ago" || st.Unreachable != gone || st.Error != last.Error || !strings.Contains(st.Error, shared) {
		t.Errorf("status line %q, unreachable %q\nwant %q (error %q)", st.Line, st.Unreachable, gone, st.Error)
	}
	// Never in step: the same words.
	if st := MakeStatus(h, cfg, Last{At: now, Error: last.Error, Failure: last.Failure}, now); st.Line != "Not in step yet" || st.Unreachable != gone {
		t.Errorf("status line before any exchange worked: %q %q", st.Line, st.Unreachable)
	}
	// Back: the failure of the last exchange is said as before, until the next one.
	if err := os.Rename(shared+"-moved", shared); err != nil {
		t.Fatal(err)
	}
	want := "Last in step 1 minute ago. The last exchange failed: the shared folder " + shared +
		" is not there (is its drive connected, or was it moved?). It will try again in 4 minutes"
	if st := MakeStatus(h, cfg, last, now.Add(time.Minute)); st.Line != want || st.Unreachable != "" {
		t.Errorf("status line %q (%q)\nwant %q", st.Line, st.Unreachable, want)
	}
}
