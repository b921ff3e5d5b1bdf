//go:build unix

package inputfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("hello"), 0o600)
	big := filepath.Join(dir, "big")
	os.WriteFile(big, make([]byte, 2048), 0o600)
	link := filepath.Join(dir, "link")
	os.Symlink(small, link)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path string
		want       string // "" = reads "hello"
		is         error
	}{
		{"regular", small, "", nil},
		{"link to a regular file", link, "", nil},
		{"too large", big, "larger than 1 KiB", nil},
		{"missing", filepath.Join(dir, "nope"), "no such file", fs.ErrNotExist},
		{"folder", dir, "folder", ErrNotRegular},
		{"fifo without a writer (would block)", fifo, "named pipe", ErrNotRegular},
		{"endless device", "/dev/zero", "device", ErrNotRegular},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read(c.path, 1024)
			if c.want == "" {
				if err != nil || string(b) != "hello" {
					t.Fatalf("got %q, %v", b, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if strings.Contains(err.Error(), dir) {
				t.Errorf("the error repeats the path: %v", err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("%v is not %v", err, c.is)
			}
			if err := Check(c.path); (err != nil) != (c.is != nil) {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

func TestReadAllGrowingFile(t *testing.T) {
	// A reader that yields more than its stated size is cut at the limit.
	r := strings.NewReader(strings.Repeat("x", 5000))
	if _, err := ReadAll(r, 10, 4096); err == nil || err.Error() != "larger than 4 KiB" {
		t.Fatalf("got %v", err)
	}
	b, err := ReadAll(strings.NewReader("abc"), 0, 3)
	if err != nil || string(b) != "abc" {
		t.Fatalf("got %q, %v", b, err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{512 << 20: "512 MiB", 64 << 10: "64 KiB", 1000: "1000 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
