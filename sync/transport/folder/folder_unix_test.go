//go:build unix

package folder_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Links out of the folder are neither followed nor listed; links inside it are.
func TestSymlinksOutOfTheFolder(t *testing.T) {
	ctx := context.Background()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("outside"), 0o600)
	dir := t.TempDir()
	f := newFolder(t, dir)
	for _, l := range []struct{ name, target string }{
		{"out-dir", outside},
		{"out-file", filepath.Join(outside, "secret")},
		{"out-rel", "../" + filepath.Base(outside) + "/secret"},
		{"dangling", filepath.Join(dir, "nothing")},
	} {
		if err := os.Symlink(l.target, filepath.Join(dir, l.name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.Read(ctx, "out-file", 100); err == nil {
		t.Fatal("read through a link out of the folder")
	}
	if _, err := f.Read(ctx, "out-dir/secret", 100); err == nil {
		t.Fatal("read through a directory link out of the folder")
	}
	if err := f.Create(ctx, "out-dir/new", []byte("x")); err == nil {
		t.Fatal("created a file through a directory link out of the folder")
	}
	if err := f.MkdirAll(ctx, "out-dir/sub"); err == nil {
		t.Fatal("made a directory through a link out of the folder")
	}
	if _, err := f.List(ctx, "out-dir"); err == nil {
		t.Fatal("listed a directory through a link out of the folder")
	}
	if es, err := f.List(ctx, ""); err != nil || len(es) != 0 {
		t.Fatalf("List shows links out of the folder: %v %v", es, err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
		t.Fatal("a file was written outside the folder")
	}
	// A link inside the folder works.
	os.Mkdir(filepath.Join(dir, "real"), 0o700)
	os.Symlink("real", filepath.Join(dir, "alias"))
	if err := f.Create(ctx, "alias/x", []byte("in")); err != nil {
		t.Fatal(err)
	}
	if b, err := f.Read(ctx, "real/x", 10); err != nil || string(b) != "in" {
		t.Fatalf("%q %v", b, err)
	}
}

func TestModesAndNoTemporaryLeft(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := newFolder(t, dir)
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	if err := f.MkdirAll(ctx, "a/b"); err != nil {
		t.Fatal(err)
	}
	if err := f.Create(ctx, "a/b/seg", []byte("data")); err != nil {
		t.Fatal(err)
	}
	f.Create(ctx, "a/b/seg", []byte("again")) // ErrExist: its temporary file must go too
	for p, want := range map[string]os.FileMode{"a": 0o700, "a/b": 0o700, "a/b/seg": 0o600} {
		st, err := os.Stat(filepath.Join(dir, p))
		if err != nil || st.Mode().Perm() != want {
			t.Fatalf("%s: mode %v (%v), want %v", p, st.Mode().Perm(), err, want)
		}
	}
	es, _ := os.ReadDir(filepath.Join(dir, "a/b"))
	if len(es) != 1 {
		t.Fatalf("left in the directory: %v", es)
	}
}

// A FIFO (or a directory) in place of a file is refused at once, never read.
func TestReadRefusesNonRegular(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := newFolder(t, dir)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	for _, name := range []string{"fifo", "sub"} {
		if _, err := f.Read(ctx, name, 100); err == nil || !strings.Contains(err.Error(), name) {
			t.Fatalf("Read(%s): %v", name, err)
		}
	}
	if es, _ := f.List(ctx, ""); len(es) != 1 || es[0].Name != "sub" {
		t.Fatalf("List: %v", es)
	}
}
