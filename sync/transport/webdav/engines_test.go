package webdav_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"carekeeper/internal/testutil/engines"
	"carekeeper/sync/transport/transporttest"
	"carekeeper/sync/transport/webdav"
)

func client(t testing.TB, srv *engines.WebDAV, sub string) *webdav.Client {
	t.Helper()
	c, err := webdav.New(webdav.Config{URL: srv.URL + sub, User: srv.User, Password: srv.Password})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// conformance runs the suite in a fresh collection of srv for each subtest, through two
// clients.
func conformance(t *testing.T, srv *engines.WebDAV) {
	root := client(t, srv, "")
	var n atomic.Int32
	transporttest.Run(t, func(t *testing.T) transporttest.Store {
		sub := fmt.Sprintf("t%d", n.Add(1))
		if err := root.MkdirAll(context.Background(), sub); err != nil {
			t.Fatal(err)
		}
		return transporttest.Store{A: client(t, srv, sub+"/"), B: client(t, srv, sub+"/")}
	})
}

func TestConformanceRclone(t *testing.T) { conformance(t, engines.StartRclone(t)) }
func TestConformanceApache(t *testing.T) { conformance(t, engines.StartApache(t)) }
