package hhvault

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A wrong WebDAV app password is said in one plain line naming the server's host alone: it
// named the step and the file too ("making this device's folder: … mkdir d/<device id>"),
// which tells the person nothing about what to fix.
func TestWrongWebDAVPasswordInPlainWords(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	cfg := Config{WebDAV: srv.URL + "/dav/", WebDAVUser: "anna", WebDAVPassword: "wrong app password"}
	_, err := Create(context.Background(), openVault(t), cfg, nil, "Family", "Desk", time.Now())
	host := strings.TrimPrefix(srv.URL, "http://")
	if want := "the WebDAV server " + host + " refused the user name or app password (401 Unauthorized): check them, or make a new app password"; err == nil || err.Error() != want {
		t.Errorf("Create with a wrong password: %v\nwant %s", err, want)
	}
}
