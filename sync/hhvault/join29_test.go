package hhvault

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
)

// F275: joining over WebDAV with the right code but a folder the server does not have said "no
// invitation with this code on the server: check the words" — a person retyped a right code
// until it expired. Now the folder is said first, as 'household create' says it (rclone serve
// webdav, as the household's other WebDAV tests).
func TestJoinOverWebDAVIntoAFolderNotThere(t *testing.T) {
	w := engines.StartRclone(t)
	ctx := context.Background()
	a := openVault(t)
	good := Config{WebDAV: w.URL + "family/", WebDAVUser: w.User, WebDAVPassword: w.Password}
	if err := os.Mkdir(filepath.Join(w.Dir, "family"), 0o700); err != nil {
		t.Fatal(err)
	}
	h, err := Create(ctx, a, good, nil, "Home", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := h.Invite(ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	wrong := good
	wrong.WebDAV = w.URL + "nothere/"
	_, err = Join(ctx, openVault(t), wrong, nil, code, "Tablet", time.Second, time.Now)
	host := strings.TrimSuffix(strings.TrimPrefix(w.URL, "http://"), "/")
	if want := "the folder /nothere/ on the WebDAV server " + host + " does not exist: check the address the household uses"; err == nil || err.Error() != want {
		t.Errorf("join into a folder not there: %v\nwant %s", err, want)
	}
}
