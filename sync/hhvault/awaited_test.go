package hhvault

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The background exchange waits for a shared folder that is not there when it starts (its
// drive not connected): OpenAwaiting opens the household, each exchange fails saying the
// folder is not there (never taking it for an empty one, never making it), and once the
// folder is back the same household exchanges again. Open refuses it, as before, and the
// daemon never exchanged until it was started again.
func TestAwaitedFolder(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Folder: dir}
	va, vb := openVault(t), openVault(t)
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, va, ha, time.Now()); err != nil {
		t.Fatal(err)
	}
	hb := joinWith(t, ha, vb, cfg)
	exchangeAll(t, ha, hb)
	if err := os.Rename(dir, dir+"-away"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(ctx, vb, nil); !IsUnreachable(err) {
		t.Fatalf("Open with the folder not there: %v", err)
	}
	h, _, err := OpenAwaiting(ctx, vb, nil)
	if err != nil {
		t.Fatalf("OpenAwaiting with the folder not there: %v", err)
	}
	if _, err := vb.AddProfile("Dad", ""); err != nil { // something to send
		t.Fatal(err)
	}
	for range 2 { // with something to send, then with nothing
		_, err := Exchange(ctx, vb, h, time.Now())
		if want := "the shared folder " + dir + " is not there"; err == nil || !strings.HasPrefix(FailureWords(err, cfg), want) {
			t.Fatalf("an exchange with the folder not there: %v (%q), want %q…", err, FailureWords(err, cfg), want)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the folder was made in its absence: %v", err)
		}
	}
	if l := LoadLast(vb); l.Failure == "" || l.Error == "" {
		t.Errorf("the failure was not recorded for the status: %+v", l)
	}
	if err := os.Rename(dir+"-away", dir); err != nil {
		t.Fatal(err)
	}
	rep, err := Exchange(ctx, vb, h, time.Now())
	if err != nil || rep.Sent == 0 {
		t.Fatalf("the exchange once the folder is back: %+v %v", rep, err)
	}
	if rep, err := Exchange(ctx, va, ha, time.Now()); err != nil || rep.Applied == 0 {
		t.Errorf("the other device after the folder came back: %+v %v", rep, err)
	}
}
