//go:build !windows

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/inputfile"
)

// A target that is not a regular file is refused and left as it is: renaming over a device
// (`export --out /dev/null` as root), a FIFO or a socket replaced it with a plaintext file.
func TestNonRegularTargetRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o700)
	link := filepath.Join(dir, "link-to-fifo")
	os.Symlink(fifo, link)
	for _, c := range []struct{ path, want string }{
		{fifo, "it is a named pipe (FIFO), not a file"},
		{folder, "it is a folder, not a file"},
		{link, "it is a named pipe (FIFO), not a file"},
	} {
		for name, write := range map[string]func(string, []byte) error{"WriteFile": WriteFile, "CreateFile": CreateFile} {
			err := write(c.path, []byte("plaintext"))
			if !errors.Is(err, inputfile.ErrNotRegular) || !strings.Contains(err.Error(), c.path+": "+c.want) {
				t.Errorf("%s(%s): %v, want %q", name, c.path, err, c.want)
			}
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st.Mode(), err)
	}
	if got := names(t, dir); strings.Join(got, ",") != "fifo,folder,link-to-fifo" {
		t.Errorf("left in the folder: %v", got)
	}
}

// A registry that is not a regular file is ignored, not read or appended to: a FIFO blocked
// every command that opens the vault (holding its lock), /dev/zero was read without end.
func TestRegistryNotRegularIgnored(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "tempdirs")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero-tempdirs")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	defer SetRegistry("")
	for _, reg := range []string{fifo, zero} {
		SetRegistry(reg)
		if n := CleanRegistered(); n != 0 {
			t.Errorf("%s: removed %d", reg, n)
		}
		if err := WriteFile(filepath.Join(t.TempDir(), "out.txt"), []byte("x")); err != nil {
			t.Errorf("%s: writing beside: %v", reg, err)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
}

// A FIFO or a link with a name of ours is not ours: RemoveStale neither opens it (a FIFO
// blocks) nor removes it.
func TestRemoveStaleSkipsFIFOsAndLinks(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{".x.json" + marker + "1", ".backup-123"} {
		p := filepath.Join(dir, name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-2 * StaleAfter)
		os.Chtimes(p, old, old)
	}
	os.Symlink("/etc/hostname", filepath.Join(dir, ".vault.key.tmp-7"))
	if n, err := RemoveStale(dir); n != 0 || err != nil {
		t.Errorf("RemoveStale: %d, %v", n, err)
	}
	if got := len(names(t, dir)); got != 3 {
		t.Errorf("%d entries left, want 3", got)
	}
}
